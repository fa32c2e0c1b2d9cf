"""A person's App Home: the next meeting (from the calendar in the database) and its agenda, what is due this quarter and what is overdue
(for their agency when the secretariat has said which), and how to ask. Once the plan's period is over,
the due part says so once and the overdue part lists what was not reported completed by its end."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.knowledge.deadlines import ALL, Pair, Scope, due_between, overdue_on, plan_is_over
from bot.knowledge.snapshot import Knowledge
from bot.meetings.calendar import CalendarEntry
from bot.questions.answers.format import priority_name
from bot.questions.answers.meetings import moved_note
from bot.questions.answers.router import commands_section
from bot.questions.answers.when import plan_end_sentence, when
from bot.render.answer import Answer, Item, Section
from bot.render.i18n import Catalog
from bot.text import shorten
from bot.time.dates import DateRange, quarter_of, quarter_range

MAX_HOME_ITEMS = 8
NETWORK_ZONE = "America/Mexico_City"


@dataclass(frozen=True)
class HomeMeeting:
    """The next meeting in the calendar (None: nothing scheduled) and its agenda's sections."""

    entry: CalendarEntry | None
    agenda: tuple[Section, ...] = ()


def home_answer(
    c: Catalog, k: Knowledge, today: dt.date, lang: str, agency: str | None, completed: frozenset[int],
    meeting: HomeMeeting,
) -> Answer:  # fmt: skip
    """`completed`: ids of the activities the working groups reported completed (left out of overdue).
    `meeting`: the next meeting, read from the calendar (Services.home_meeting)."""
    entity = k.entities.get(agency) if agency else None
    scope = Scope(None, entity) if entity else ALL
    sections = _meeting_sections(c, meeting, lang)
    sections += _due_and_overdue(c, k, today, lang, scope, completed)
    sections.append(Section(heading=c.t("home.ask_heading", lang), text=c.t("home.ask_text", lang)))
    sections.append(commands_section(c, lang))
    return Answer(
        lang, c.t("home.title", lang), tuple(sections), examples=tuple(c.items("help.examples", lang))[:4]
    )


def _meeting_sections(c: Catalog, meeting: HomeMeeting, lang: str) -> list[Section]:
    entry = meeting.entry
    if entry is None:
        return [Section(heading=c.t("calendar.home_heading", lang), text=c.t("calendar.home_none", lang))]
    heading = c.t("home.meeting_heading" if entry.kind == "quarterly" else "calendar.home_heading", lang)
    lines = [c.moment(entry.starts_at, lang, ZoneInfo(NETWORK_ZONE))]
    if entry.title(lang):
        lines.append(entry.title(lang))
    note = moved_note(c, entry, lang)
    if note:
        lines.append(note)
    agenda = [s for s in meeting.agenda if s.items or s.text]
    return [Section(heading=heading, text="\n".join(lines)), *agenda]


def _due_and_overdue(
    c: Catalog, k: Knowledge, today: dt.date, lang: str, scope: Scope, completed: frozenset[int]
) -> list[Section]:
    quarter = quarter_range(today.year, quarter_of(today))
    label = when(c, quarter, "quarter", lang)
    suffix = f" · {scope.entity.short(lang)}" if scope.entity else ""
    due_heading = c.t("home.due_heading", lang, when=label) + suffix
    late = overdue_on(k, today, completed, scope)
    past = DateRange(dt.date.min, today - dt.timedelta(days=1))
    if not plan_is_over(k, today):
        due = due_between(k, quarter, scope)
        return [
            *_list(c, due_heading, due, lang, "home.more", c.t("home.nothing_due", lang), span=quarter),
            *_list(
                c,
                c.t("home.overdue_heading", lang) + suffix,
                late,
                lang,
                "home.more_overdue",
                span=past,
                latest=True,
            ),
        ]
    # Said once, in the due part; the overdue part then speaks of the plan's end without repeating it.
    period = k.plan_period
    assert period is not None  # plan_is_over: the plan has a period, and it has ended
    last = quarter_range(period.end.year, quarter_of(period.end))
    example = c.t("due.example_past", lang, when=when(c, last, "quarter", lang))
    ended = c.t("home.due_after_plan", lang, ended=plan_end_sentence(c, period, today, lang), example=example)
    late_heading = c.t("overdue.title_after_plan", lang) + suffix
    count = c.t("overdue.count_after_plan", lang, count=len(late)) if late else None
    return [
        Section(heading=due_heading, text=ended),
        *_list(c, late_heading, late, lang, "home.more_overdue", text=count, span=past, latest=True),
    ]


def _list(
    c: Catalog, heading: str, pairs: list[Pair], lang: str, more_key: str, nothing: str | None = None,
    text: str | None = None, span: DateRange | None = None, latest: bool = False,
) -> list[Section]:  # fmt: skip
    """`span`: the period the list is about; each item shows its window's deadline in it, the latest one
    when `latest` (an activity with two windows is due, and overdue, at each)."""
    if not pairs:
        return [Section(heading=heading, text=nothing or c.t("home.nothing", lang))]
    dates = [a.deadline_for(span, latest) for _, a in pairs[:MAX_HOME_ITEMS]]
    items = tuple(
        Item(f"{priority_name(c, p, lang)}, {c.t('activity.label', lang, number=a.number).lower()}: "
             f"{shorten(a.text(lang), 120)}",
             (c.t("activity.due_on", lang, date=c.date(day, lang)),) if day else ())
        for (p, a), day in zip(pairs[:MAX_HOME_ITEMS], dates, strict=True)
    )  # fmt: skip
    more = len(pairs) - MAX_HOME_ITEMS
    note = c.t(more_key, lang, count=more) if more > 0 else None
    return [Section(heading=heading, text=text, items=items, note=note)]


def content_hash(blocks: object) -> str:
    return hashlib.sha256(json.dumps(blocks, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
