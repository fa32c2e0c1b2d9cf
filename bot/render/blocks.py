"""The neutral answer as Block Kit (plain dicts), within Slack's limits.

Every text in an Answer is plain; here it is escaped for mrkdwn, so a status or question that says
`<!channel>` or `<@U123>` pings nobody. Slack's real limits are kept, not only the documented ones: at most
50 blocks, and well under the ~11,300 characters of block text at which `chat.postMessage` answers the
undocumented `msg_blocks_too_long` (bolt-js issues 2509, 2867). What does not fit is cut by whole bullets,
in order, with a count of what was left out and where to see it; a cut never splits a mention, a date token
or an escape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.render.answer import Answer, Item, Section, plain_moments, resolve_mentions
from bot.render.i18n import Catalog

MAX_BLOCKS = 50
MAX_MESSAGE_TEXT = 8_000  # all the text of a message's blocks, with room to spare under Slack's ~11,300
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MIN_FIELD_TEXT = 120
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_FALLBACK_TEXT = 3000
EXAMPLE_ACTION = "ask_example"
Block = dict[str, Any]
# What a cut must not split: <@U123>, <!date^…|…>, <#C123>, and &amp; &lt; &gt;.
_TOKEN = re.compile(r"<[^<>]*>|&(?:amp|lt|gt);")


def escape(text: str) -> str:
    """Escape the three characters Slack gives meaning to in mrkdwn and plain message text; only the bot's
    own mention markers (bot.render.answer.mention) become real mentions."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return resolve_mentions(escaped, "<@{user}>")


def cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, ending in "…" when shortened, never inside a token."""
    if len(text) <= limit:
        return text
    end = limit - 1
    for token in _TOKEN.finditer(text, max(0, end - 600), min(len(text), end + 600)):
        if token.start() < end < token.end():
            end = token.start()
            break
    return text[:end].rstrip() + "…"


def _mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text}


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(cut(text, MAX_SECTION_TEXT))}


def _item_lines(item: Item) -> str:
    lines = [f"• {escape(item.text)}"]
    lines.extend(f"      _{escape(detail)}_" for detail in item.details)
    return cut("\n".join(lines), MAX_SECTION_TEXT)


@dataclass
class _Budget:
    """What is left of a message's blocks and text; once something does not fit, nothing after it does."""

    blocks: int
    text: int
    full: bool = False

    def take(self, text: str, blocks: int = 0) -> bool:
        if self.full or len(text) > self.text or blocks > self.blocks:
            self.full = True
            return False
        self.text -= len(text)
        self.blocks -= blocks
        return True


def _section_blocks(section: Section, budget: _Budget) -> tuple[list[Block], int]:
    """The section's blocks within the budget, and how many of its bullets did not fit."""
    blocks: list[Block] = []
    head = f"*{escape(section.heading)}*" if section.heading else ""
    text = escape(section.text) if section.text else ""
    lead = "\n".join(part for part in (head, text) if part)
    if section.fields:
        # Long fields share half of what is left of the message rather than crowd everything else out.
        room = min(MAX_FIELD_TEXT, (budget.text // 2 - len(lead)) // len(section.fields) - 1)
        for start in range(0, len(section.fields), MAX_FIELDS):
            pairs = section.fields[start : start + MAX_FIELDS]
            if room < MIN_FIELD_TEXT:
                budget.full = True
                return blocks, max(len(section.items), 1)
            fields = [_mrkdwn(cut(f"*{escape(label)}*\n{escape(value)}", room)) for label, value in pairs]
            block: Block = {"type": "section", "fields": fields}
            if lead:
                block["text"] = _mrkdwn(cut(lead, MAX_SECTION_TEXT))
            if not budget.take(" ".join(str(f["text"]) for f in fields) + lead, 1):
                return blocks, max(len(section.items), 1)
            lead = ""
            blocks.append(block)
    chunk = ""
    if lead:
        if not budget.take(lead, 1):
            return blocks, max(len(section.items), 1)
        chunk = cut(lead, MAX_SECTION_TEXT)
    for index, item in enumerate(section.items):
        lines = _item_lines(item)
        starts_block = not chunk or len(chunk) + 1 + len(lines) > MAX_SECTION_TEXT
        if not budget.take(lines, 1 if starts_block else 0):
            if chunk:
                blocks.append(_section(chunk))
            return blocks, len(section.items) - index
        if starts_block and chunk:
            blocks.append(_section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{lines}" if chunk else lines
    if section.note:
        note = f"_{escape(section.note)}_"
        starts_block = not chunk or len(chunk) + 1 + len(note) > MAX_SECTION_TEXT
        if budget.take(note, 1 if starts_block else 0):
            if starts_block and chunk:
                blocks.append(_section(chunk))
                chunk = ""
            chunk = f"{chunk}\n{note}" if chunk else note
    if chunk:
        blocks.append(_section(chunk))
    return blocks, 0


def render_blocks(answer: Answer, catalog: Catalog, max_blocks: int = MAX_BLOCKS,
                  max_text: int = MAX_MESSAGE_TEXT, footer: str | None = None) -> list[Block]:  # fmt: skip
    """`footer`: a plain note the surface adds under the answer ("only you see this"), counted in the limits."""
    title = cut(plain_moments(answer.title), MAX_HEADER_TEXT)
    header: Block = {"type": "header", "text": {"type": "plain_text", "text": title, "emoji": True}}
    tail = _tail(answer, catalog)
    if footer:
        tail.append({"type": "context", "elements": [_mrkdwn(cut(escape(footer), MAX_SECTION_TEXT))]})
    more_text = escape(_more(catalog, answer, 999))
    budget = _Budget(
        blocks=max_blocks - 1 - len(tail) - 1,
        text=max_text - len(title) - sum(len(t) for t in _texts(tail)) - len(more_text),
    )
    body: list[Block] = []
    left = 0
    for section in answer.sections:
        if budget.full:
            left += len(section.items) or 1
            continue
        blocks, missed = _section_blocks(section, budget)
        body.extend(blocks)
        left += missed
    if left:
        body.append({"type": "context", "elements": [_mrkdwn(escape(_more(catalog, answer, left)))]})
    return [header, *body, *tail]


def _more(catalog: Catalog, answer: Answer, count: int) -> str:
    """ "… and 12 more." and where to see them: the answer's own hint, or to ask something narrower."""
    hint = answer.more_hint or catalog.t("render.narrower", answer.lang)
    return f"{catalog.t('render.more', answer.lang, count=count)} {hint}"


def _tail(answer: Answer, catalog: Catalog) -> list[Block]:
    lang = answer.lang
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
                        "text": {"type": "plain_text", "text": cut(example, MAX_BUTTON_TEXT), "emoji": True},
                        "value": cut(example, MAX_BUTTON_VALUE),
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
    return tail


def _texts(blocks: list[Block]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        for value in (block.get("text"), *block.get("elements", []), *block.get("fields", [])):
            if isinstance(value, dict) and isinstance(value.get("text"), str):
                found.append(value["text"])
            elif isinstance(value, dict) and isinstance(value.get("text"), dict):
                found.append(str(value["text"].get("text", "")))
    return found


def fallback_text(answer: Answer, catalog: Catalog) -> str:
    """The notification text that goes with the blocks: the plain-text answer, escaped and capped."""
    from bot.render.plain import render_text

    return cut(escape(render_text(answer, catalog)), MAX_FALLBACK_TEXT)
