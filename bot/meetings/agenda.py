"""A meeting's agenda: the items people added, then what Enlace knows that the meeting should look at.

The automatic part is computed when the agenda is shown or posted, short and most urgent first:

1. activities reported blocked or at risk (each reporter's latest word, as `/red estado` reads it), with
   their obstacles where the reader may see them;
2. activities overdue: past their deadline in the plan and not reported completed (bot.reporting.completion);
3. activities due before the following meeting (of the same series, else in the same channel; else within
   three months), not reported completed;
4. working groups that have not reported in their last closed period.

Who sees what (DESIGN.md): shown to a person (`viewer`), reports count only from the groups they may read
(bot.reporting.access), with their obstacles; posted in a channel (`viewer=None`), every group counts and
each group's `summary_shows` decides whether its obstacles appear or only its statuses, unless the meeting's
series keeps its agenda to statuses (`agenda_shows: statuses` in config/meetings.yaml).

Every list is capped (MAX_LISTED) with a count of the rest and where to see it (`/red estado`, a question).
Nothing reads the whole history: the latest words come from latest_reports (one row per reporter and
activity), a group's last period is one indexed look-up, the plan is the question engine's snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot.knowledge.deadlines import due_between, overdue_on
from bot.knowledge.snapshot import ActivityInfo, Knowledge, PriorityInfo, current_knowledge
from bot.meetings.settings import MeetingSettings
from bot.render.answer import Item, Section, capped, mention
from bot.render.i18n import Catalog
from bot.reporting.access import OPERATOR, Viewer, readable_groups
from bot.reporting.completion import completed_activity_ids
from bot.reporting.labels import Names, priority_label
from bot.reporting.reports import by_activity
from bot.reporting.silence import silent_groups, silent_line
from bot.text import shorten
from bot.time.clock import network_zone, utc
from bot.time.dates import DateRange
from storage import meetings as store
from storage import reporting as reporting_store
from storage.models import Meeting, WorkingGroup

MAX_LISTED = 5  # per list; the rest is counted, with a pointer to `/red estado`
TEXT = 110  # an activity's text in a line
OBSTACLE_TEXT = 200
URGENT = ("bloqueado", "en_riesgo")
MAX_OBSTACLES = 2  # per activity
WITHOUT_FOLLOWING = dt.timedelta(days=92)  # "before the following meeting" when none is scheduled


def people_items(c: Catalog, session: Session, meeting: Meeting, lang: str) -> Section:
    """The items people added, numbered as `/red agenda quitar <n>` counts them, each with its author."""
    items = store.agenda_items(session, meeting)
    if not items:
        return Section(heading=c.t("agenda.title", lang), text=c.t("agenda.no_items", lang))
    return Section(
        heading=c.t("agenda.title", lang),
        items=tuple(Item(f"{n}. {i.text} ({mention(i.author)})") for n, i in enumerate(items, 1)),
    )


def agenda_sections(
    c: Catalog, session: Session, meeting: Meeting, lang: str, now: dt.datetime, *,
    viewer: Viewer | None = None, knowledge: Knowledge | None = None,
) -> list[Section]:  # fmt: skip
    """Everything on the meeting's agenda, as shown by `/red agenda` (to `viewer`) and posted with each
    reminder (`viewer` None: a channel, where each group's summary_shows decides)."""
    return [people_items(c, session, meeting, lang), *automatic_sections(c, session, meeting, lang, now,
                                                                         viewer=viewer, knowledge=knowledge)]  # fmt: skip


def automatic_sections(
    c: Catalog, session: Session, meeting: Meeting, lang: str, now: dt.datetime, *,
    viewer: Viewer | None = None, knowledge: Knowledge | None = None,
) -> list[Section]:  # fmt: skip
    """What Enlace knows, most urgent first; lists that have nothing are left out."""
    zone = network_zone(session)
    today = now.astimezone(zone).date()
    readable = readable_groups(session, viewer) if viewer is not None else None
    groups = [g for g in reporting_store.active_groups(session) if readable is None or g.key in readable]
    k = knowledge or current_knowledge(session)
    sections: list[Section] = []
    # A channel post shows a group's obstacles only where its summary_shows allows it and the meeting's
    # series (config/meetings.yaml agenda_shows) does not keep the agenda to statuses.
    series = MeetingSettings.of(session).series.get(meeting.series or "") or {}
    capped = series.get("agenda_shows", "details") == "statuses"
    urgent = _urgent(c, session, groups, lang, detailed=viewer is not None, capped=capped)
    if urgent is not None:
        sections.append(urgent)
    following = store.following(session, meeting)
    until = following.starts_at if following else utc(meeting.starts_at) + WITHOUT_FOLLOWING
    until_day = utc(until).astimezone(zone).date()
    completed = completed_activity_ids(session, viewer or OPERATOR) if groups else frozenset()
    overdue = overdue_on(k, today, completed)
    if overdue:
        more = c.t("agenda.more_overdue", lang, count=max(0, len(overdue) - MAX_LISTED))
        past = DateRange(dt.date.min, today - dt.timedelta(days=1))
        sections.append(
            _plan_list(
                c, c.t("agenda.overdue", lang), overdue, lang, "agenda.due_was", more, past, latest=True
            )
        )
    window = DateRange(today, until_day - dt.timedelta(days=1))
    soon = [(p, a) for p, a in due_between(k, window) if a.id not in completed]
    if soon:
        date = c.date(until_day, lang)
        heading = c.t("agenda.due_before" if following else "agenda.due_until", lang, date=date)
        more = c.t("agenda.more_due", lang, count=max(0, len(soon) - MAX_LISTED), date=date)
        sections.append(_plan_list(c, heading, soon, lang, "agenda.due_on", more, window))
    silent = [
        Item(silent_line(c, session, g, period, lang))
        for g, period in silent_groups(session, groups, zone, now)
    ]
    if silent:
        sections.append(_capped(c, c.t("agenda.not_reported", lang), silent, lang))
    if not sections:
        sections.append(
            Section(heading=c.t("agenda.automatic", lang), text=c.t("agenda.nothing_known", lang))
        )
    if viewer is not None and readable is not None:
        sections.append(Section(text=c.t("agenda.only_yours", lang)))
    return sections


def _urgent(c: Catalog, session: Session, groups: Sequence[WorkingGroup], lang: str,
            detailed: bool, capped: bool) -> Section | None:  # fmt: skip
    if not groups:
        return None
    updates = reporting_store.latest_by_reporter(session, frozenset(g.key for g in groups))
    entries = [e for e in by_activity(updates) if e.worst in URGENT]
    if not entries:
        return None
    names = Names(c, session, lang, [r for e in entries for r in e.reports])
    shows = {g.key: detailed or (g.summary_shows == "details" and not capped) for g in groups}
    items = []
    for entry in entries:
        activity = entry.activity
        number = c.t("activity.label", lang, number=activity.number).lower()
        label = f"{priority_label(c, activity.priority, lang)}, {number}"
        text = shorten(activity.text_en if lang == "en" else activity.text_es, TEXT)
        head = f"{names.status(entry.worst).upper()} · {label} · {names.group(entry.group_key)}: {text}"
        details: tuple[str, ...] = ()
        if shows.get(entry.group_key):
            details = tuple(
                c.t("reporting.obstacles", lang, text=shorten(r.obstacles, OBSTACLE_TEXT))
                for r in entry.reports
                if r.status in URGENT and r.obstacles.strip()
            )[:MAX_OBSTACLES]
        items.append(Item(head, details))
    return _capped(c, c.t("agenda.urgent", lang), items, lang)


def _plan_list(c: Catalog, heading: str, pairs: Sequence[tuple[PriorityInfo, ActivityInfo]], lang: str,
               date_key: str, more: str, span: DateRange, latest: bool = False) -> Section:  # fmt: skip
    """Each activity with its window's deadline in `span` (the latest one passed, when `latest`)."""
    items = []
    for p, a in pairs:
        label = f"{priority_label(c, p, lang)}, {c.t('activity.label', lang, number=a.number).lower()}"
        day = a.deadline_for(span, latest)
        when = c.t(date_key, lang, date=c.date(day, lang)) if day else ""
        items.append(Item(f"{label} · {when}: {shorten(a.text(lang), TEXT)}"))
    return _capped(c, heading, items, lang, more)


def _capped(c: Catalog, heading: str, items: Sequence[Item], lang: str, more: str | None = None) -> Section:
    """At most MAX_LISTED items; the rest counted, with where to see them (`/red estado` for reports)."""
    return capped(heading, items, MAX_LISTED, lambda rest: more or c.t("agenda.more", lang, count=rest))
