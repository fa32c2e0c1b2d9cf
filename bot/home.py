"""A person's App Home: the next quarterly meeting, what is due this quarter and what is overdue
(for their agency when the secretariat has said which), and how to ask."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from bot.answer import Answer, Item, Section
from bot.answers.agenda import ALL, Pair, Scope, due_between, overdue_on
from bot.answers.format import priority_name, shorten
from bot.answers.when import when
from bot.dates import quarter_of, quarter_range
from bot.i18n import Catalog
from bot.knowledge import Knowledge
from bot.meetings import DEFAULT_RULE, next_quarterly_meeting

MAX_HOME_ITEMS = 8


def home_answer(c: Catalog, k: Knowledge, today: dt.date, lang: str, agency: str | None) -> Answer:
    entity = k.entities.get(agency) if agency else None
    scope = Scope(None, entity) if entity else ALL
    rule = k.settings.get("quarterly_meetings") or DEFAULT_RULE
    meeting = next_quarterly_meeting(rule, today).starts_at
    sections = [
        Section(
            heading=c.t("home.meeting_heading", lang),
            text=f"{c.weekday(meeting.date(), lang)} {c.date(meeting.date(), lang)}, {meeting:%H:%M} ({rule['timezone']})",
        )
    ]
    quarter = quarter_range(today.year, quarter_of(today))
    label = when(c, quarter, "quarter", lang)
    heading_suffix = f" · {entity.short(lang)}" if entity else ""
    due = due_between(k, quarter, scope)
    sections += _list(c, c.t("home.due_heading", lang, when=label) + heading_suffix, due, lang, "home.more")
    late = overdue_on(k, today, scope)
    sections += _list(c, c.t("home.overdue_heading", lang) + heading_suffix, late, lang, "home.more_overdue")
    sections.append(Section(heading=c.t("home.ask_heading", lang), text=c.t("home.ask_text", lang)))
    return Answer(
        lang, c.t("home.title", lang), tuple(sections), examples=tuple(c.items("help.examples", lang))[:4]
    )


def _list(c: Catalog, heading: str, pairs: list[Pair], lang: str, more_key: str) -> list[Section]:
    if not pairs:
        return [Section(heading=heading, text=c.t("home.nothing", lang))]
    items = tuple(
        Item(f"{priority_name(c, p, lang)}, {c.t('activity.label', lang, number=a.number).lower()}: "
             f"{shorten(a.text(lang), 120)}",
             (c.t("activity.due_on", lang, date=c.date(a.due, lang)),) if a.due else ())
        for p, a in pairs[:MAX_HOME_ITEMS]
    )  # fmt: skip
    more = len(pairs) - MAX_HOME_ITEMS
    return [Section(heading=heading, items=items, note=c.t(more_key, lang, count=more) if more > 0 else None)]


def content_hash(blocks: object) -> str:
    return hashlib.sha256(json.dumps(blocks, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
