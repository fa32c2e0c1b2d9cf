"""The neutral answer as Block Kit (plain dicts), within Slack's limits.

Every text in an Answer is plain; here it is escaped for mrkdwn, so a status or question that says
`<!channel>` or `<@U123>` pings nobody. Answers longer than a message allows are cut with a count of what
was left out and a hint on how to see it, never sent for Slack to reject.
"""

from __future__ import annotations

from typing import Any

from bot.answer import Answer, Item, Section, resolve_mentions
from bot.i18n import Catalog

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_FALLBACK_TEXT = 3000
EXAMPLE_ACTION = "ask_example"
Block = dict[str, Any]


def escape(text: str) -> str:
    """Escape the three characters Slack gives meaning to in mrkdwn and plain message text; only the bot's
    own mention markers (bot.answer.mention) become real mentions."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return resolve_mentions(escaped, "<@{user}>")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text}


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(_cut(text, MAX_SECTION_TEXT))}


def _item_lines(item: Item) -> list[str]:
    lines = [f"• {escape(item.text)}"]
    lines.extend(f"      _{escape(detail)}_" for detail in item.details)
    return lines


def _section_blocks(section: Section) -> list[Block]:
    blocks: list[Block] = []
    head = f"*{escape(section.heading)}*" if section.heading else ""
    text = escape(section.text) if section.text else ""
    lead = "\n".join(part for part in (head, text) if part)
    if section.fields:
        fields = [
            _mrkdwn(_cut(f"*{escape(label)}*\n{escape(value)}", MAX_FIELD_TEXT))
            for label, value in section.fields
        ]
        for start in range(0, len(fields), MAX_FIELDS):
            block: Block = {"type": "section", "fields": fields[start : start + MAX_FIELDS]}
            if lead and start == 0:
                block["text"] = _mrkdwn(_cut(lead, MAX_SECTION_TEXT))
                lead = ""
            blocks.append(block)
    chunk = lead
    for item in section.items:
        lines = "\n".join(_item_lines(item))
        if chunk and len(chunk) + 1 + len(lines) > MAX_SECTION_TEXT:
            blocks.append(_section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{lines}" if chunk else lines
    if section.note:
        note = f"_{escape(section.note)}_"
        if chunk and len(chunk) + 1 + len(note) > MAX_SECTION_TEXT:
            blocks.append(_section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{note}" if chunk else note
    if chunk:
        blocks.append(_section(chunk))
    return blocks


def render_blocks(answer: Answer, catalog: Catalog) -> list[Block]:
    lang = answer.lang
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": _cut(answer.title, MAX_HEADER_TEXT), "emoji": True},
        }
    ]
    body: list[Block] = []
    for section in answer.sections:
        body.extend(_section_blocks(section))
    tail: list[Block] = []
    if answer.examples:
        tail.append(_section(f"*{escape(catalog.t('render.examples', lang))}*"))
        tail.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": f"{EXAMPLE_ACTION}_{index}",
                        "text": {"type": "plain_text", "text": _cut(example, MAX_BUTTON_TEXT), "emoji": True},
                        "value": _cut(example, MAX_BUTTON_VALUE),
                    }
                    for index, example in enumerate(answer.examples[:25])
                ],
            }
        )
    if answer.source:
        tail.append(
            {
                "type": "context",
                "elements": [_mrkdwn(escape(catalog.t("render.source", lang, source=answer.source)))],
            }
        )
    room = MAX_BLOCKS - len(blocks) - len(tail)
    if len(body) > room:
        kept = body[: room - 1]
        left = _count_items(body[room - 1 :])
        body = [
            *kept,
            {"type": "context", "elements": [_mrkdwn(escape(catalog.t("render.more", lang, count=left)))]},
        ]
    return blocks + body + tail


def _count_items(blocks: list[Block]) -> int:
    """How many bullets (or, failing that, blocks) a cut left out."""
    texts = [str(b.get("text", {}).get("text", "")) for b in blocks]
    bullets = sum(t.startswith("• ") + t.count("\n• ") for t in texts)
    return bullets or len(blocks)


def fallback_text(answer: Answer, catalog: Catalog) -> str:
    """The notification text that goes with the blocks: the plain-text answer, escaped and capped."""
    from bot.render_text import render_text

    return _cut(escape(render_text(answer, catalog)), MAX_FALLBACK_TEXT)
