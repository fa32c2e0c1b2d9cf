"""The neutral answer as plain text, for `enlace ask`, the console and Slack's notification fallback."""

from __future__ import annotations

from bot.render.answer import Answer, resolve_mentions
from bot.render.i18n import Catalog


def render_text(answer: Answer, catalog: Catalog) -> str:
    lang = answer.lang
    lines = [answer.title, "=" * min(len(answer.title), 72)]
    for section in answer.sections:
        lines.append("")
        if section.heading:
            lines.append(section.heading)
        if section.text:
            lines.append(section.text)
        for label, value in section.fields:
            lines.append(f"{label}: {value}")
        for item in section.items:
            lines.append(f"  • {item.text}")
            lines.extend(f"      {detail}" for detail in item.details)
        if section.note:
            lines.append(section.note)
    if answer.examples:
        lines += ["", catalog.t("render.examples", lang)]
        lines.extend(f"  • {example}" for example in answer.examples)
    if answer.source:
        lines += ["", catalog.t("render.source", lang, source=answer.source)]
    return resolve_mentions("\n".join(lines).strip() + "\n", "@{user}")
