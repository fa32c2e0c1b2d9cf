"""Several questions in one message ("¿Quién encabeza la prioridad temática 5? ¿Y cuántas actividades
tiene?"): each answered, up to three, in one answer with a part per question."""

from __future__ import annotations

import re

from bot.render.answer import Answer, Section
from bot.render.i18n import Catalog

MOST = 3
# A question ends at "?" (Spanish opens with "¿"); what follows starts the next one.
_END = re.compile(r"(?<=\?)\s+(?=\S)")


def split_questions(text: str) -> list[str]:
    """The message's questions, when it asks two or three; otherwise the message as one."""
    parts = [p.strip() for p in _END.split(text.strip()) if p.strip()]
    asked = [p for p in parts if p.endswith("?")]
    return asked if 2 <= len(asked) <= MOST and len(asked) == len(parts) else [text]


def combined(c: Catalog, lang: str, answers: list[Answer]) -> Answer:
    sections: list[Section] = []
    for number, answer in enumerate(answers, start=1):
        sections.append(Section(heading=f"{number}. {answer.title}"))
        sections.extend(answer.sections)
    sources = list(dict.fromkeys(a.source for a in answers if a.source))
    title = c.t("several.title", lang, count=len(answers))
    return Answer(lang, title, tuple(sections), " · ".join(sources) or None, kind="several")
