"""What a weekly digest says: `build_digest(catalog, session, digest_config, at, lang)` -> a neutral Answer.

Most urgent first, each item naming its priority, activity and lead:

1. overdue: past its deadline in the plan and not reported completed, with the latest status reported;
2. due within the config's `due_within_days` (four weeks by default), not reported completed;
3. status changes since the previous digest (`since`: when the channel's last one went out, else `at` - 7
   days), blocked and at risk first, with obstacles;
4. working groups that have not reported in their last closed period;
5. the next meeting (in the digest's channel, else the Network's quarterly one) with its agenda so far;
6. a one-line pulse: reports received this week, activities completed this quarter.

A quiet week (no change, nothing due soon or newly overdue, every group reported) is a short "sin novedades"
answer. Deadlines are said in the plan's own words where the plan is fuzzy ("segundo trimestre de 2021").

Scope (config/digests.yaml): the whole Network; some working groups (only the activities they follow and
their reports); or one agency (only the activities where it leads or takes part, and the reports on them).

Who sees what (DESIGN.md): posted in a channel (`viewer` None) it is a publication: every group's statuses
count, and each group's `summary_shows` decides whether its obstacles appear. Shown to a person (`viewer`),
only the reports of the groups they may read count, with their obstacles.

Every list is capped (MAX_LISTED) with a count of the rest and where to see it; nothing reads the whole
history: latest words come from latest_reports, the week's changes from one range on updated_at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bot.knowledge.deadlines import due_between, overdue_on
from bot.knowledge.snapshot import ActivityInfo, Knowledge, PriorityInfo, current_knowledge
from bot.meetings.agenda import people_items
from bot.meetings.agenda_command import next_meeting, when
from bot.render.answer import Answer, Item, Section, capped
from bot.render.i18n import Catalog
from bot.render.timelines import timeline_words
from bot.reporting.access import Viewer, readable_groups
from bot.reporting.labels import SEVERITY, Names, activity_label, priority_label
from bot.reporting.silence import silent_groups, silent_line
from bot.text import shorten
from bot.time.clock import network_zone
from bot.time.dates import DateRange, quarter_of, quarter_range
from storage import reporting as store
from storage.models import StatusUpdate, WorkingGroup

MAX_LISTED = 6  # per list; the rest is counted, with where to see it
MAX_AGENDA = 5
TEXT = 100  # an activity's text in a line
OBSTACLE_TEXT = 160
MAX_OBSTACLES = 2  # per change
WEEK = dt.timedelta(days=7)
COMPLETED = "completado"

Pair = tuple[PriorityInfo, ActivityInfo]


@dataclass(frozen=True)
class Scope:
    """What a digest is about, resolved against the plan and the groups."""

    groups: tuple[WorkingGroup, ...]  # whose silence counts (readable ones only, for a person)
    report_groups: frozenset[str]  # whose reports count
    activities: frozenset[int] | None  # None: every activity
    name: str | None  # "Retorno", "OIM": said in the title; None for the whole Network

    def includes(self, activity_id: int) -> bool:
        return self.activities is None or activity_id in self.activities


def build_digest(c: Catalog, session: Session, digest: dict[str, Any], at: dt.datetime, lang: str, *,
                 viewer: Viewer | None = None, knowledge: Knowledge | None = None,
                 since: dt.datetime | None = None) -> Answer:  # fmt: skip
    """The digest of one channel's config (bot/digest/config.py) at `at`, in `lang` (es or en)."""
    zone = network_zone(session)
    today = at.astimezone(zone).date()
    k = knowledge or current_knowledge(session)
    pairs = {a.id: (p, a) for p, a in k.activities()}
    scope = resolve_scope(c, session, k, digest.get("scope") or {"kind": "network"}, lang, viewer)
    latest = store.latest_by_reporter(session, scope.report_groups) if scope.report_groups else []
    last_status: dict[int, str] = {}
    for update in latest:  # newest first: the first word on an activity is its latest
        last_status.setdefault(update.activity_id, update.status)
    completed = frozenset(a for a, status in last_status.items() if status == COMPLETED)

    overdue = [(p, a) for p, a in overdue_on(k, today, completed) if scope.includes(a.id)]
    within = int(digest.get("due_within_days") or 28)
    until = today + dt.timedelta(days=within - 1)
    soon = [(p, a) for p, a in due_between(k, DateRange(today, until))
            if a.id not in completed and scope.includes(a.id)]  # fmt: skip
    week = store.updates_between(session, since or at - WEEK, at, scope.report_groups, scope.activities)
    changes = _newest_per_reporter(week)
    silent = silent_groups(session, scope.groups, zone, at)
    quarter = quarter_range(today.year, quarter_of(today))
    quarter_start = dt.datetime.combine(quarter.start, dt.time(), zone)
    done = store.completed_between(session, quarter_start, at, scope.report_groups or frozenset())
    done_count = len([a for a in done if scope.includes(a)])
    pulse = c.t("digest.pulse", lang, reports=c.t("digest.reports", lang, count=len(week)),
                completed=c.t("digest.completed", lang, count=done_count))  # fmt: skip
    meeting = _meeting(c, session, digest.get("channel"), at, lang)

    title = c.t("digest.title" if scope.name is None else "digest.title_scoped", lang,
                date=c.date(today, lang), scope=scope.name or "")  # fmt: skip
    source = c.t("digest.source", lang)
    hint = c.t("digest.hint", lang)
    last_week = DateRange(today - WEEK, today - dt.timedelta(days=1))
    # A window that closed in the last week, not the activity's final date (each window is a deadline).
    newly_overdue = [pair for pair in overdue if pair[1].deadlines_in(last_week)]
    if not (changes or soon or silent or newly_overdue):
        quiet = [Section(text=c.t("digest.quiet", lang))]
        if overdue:
            quiet.append(Section(text=c.t("digest.still_overdue", lang, count=len(overdue))))
        if meeting is not None:
            quiet.append(meeting)
        quiet.append(Section(text=pulse))
        return Answer(lang, c.t("digest.title_quiet", lang, title=title), tuple(quiet), source, kind="digest",
                      more_hint=hint)  # fmt: skip

    shows = {g.key: viewer is not None or g.summary_shows == "details" for g in store.active_groups(session)}
    sections: list[Section] = []
    if overdue:
        items = [_plan_item(c, p, a, lang, last_status.get(a.id)) for p, a in overdue]
        sections.append(_capped(c, c.t("digest.overdue", lang), items, lang, "digest.more_overdue"))
    if soon:
        items = [_plan_item(c, p, a, lang, last_status.get(a.id)) for p, a in soon]
        weeks = within % 7 == 0
        span = c.t("digest.weeks" if weeks else "digest.days", lang, count=within // 7 if weeks else within)
        heading = c.t("digest.due_soon", lang, span=span, date=c.date(until, lang))
        sections.append(
            _capped(
                c, heading, items, lang, "digest.more_due", date=c.date(until + dt.timedelta(days=1), lang)
            )
        )
    if changes:
        names = Names(c, session, lang, changes)
        items = [_change_item(c, names, u, pairs.get(u.activity_id), lang, shows.get(u.group_key, False),
                              mentions=viewer is not None) for u in changes]  # fmt: skip
        sections.append(_capped(c, c.t("digest.changes", lang), items, lang, "digest.more_status"))
    if silent:
        items = [Item(silent_line(c, session, g, period, lang)) for g, period in silent]
        sections.append(_capped(c, c.t("digest.not_reported", lang), items, lang, "digest.more_status"))
    if meeting is not None:
        sections.append(meeting)
    sections.append(Section(text=pulse))
    if viewer is not None and readable_groups(session, viewer) is not None:
        sections.append(Section(text=c.t("digest.only_yours", lang)))
    return Answer(lang, title, tuple(sections), source, kind="digest", more_hint=hint)


def resolve_scope(c: Catalog, session: Session, k: Knowledge, scope: dict[str, Any], lang: str,
                  viewer: Viewer | None = None) -> Scope:  # fmt: skip
    readable = readable_groups(session, viewer) if viewer is not None else None
    groups = [g for g in store.active_groups(session) if readable is None or g.key in readable]
    kind = scope.get("kind", "network")
    if kind == "groups":
        keys = set(scope.get("groups") or ())
        named = [g for g in store.active_groups(session) if g.key in keys]
        # The plan is public: the groups' activities show whoever reads; their reports only to who may.
        activities = frozenset(a.id for g in named for a in store.followed_activities(session, g.follows))
        chosen = [g for g in groups if g.key in keys]
        name = ", ".join(g.name_in(lang) for g in named) or ", ".join(sorted(keys))
        return Scope(tuple(chosen), frozenset(g.key for g in chosen), activities, name)
    if kind == "agency":
        agency = str(scope.get("agency"))
        activities = frozenset(a.id for p, a in k.activities() if _has_role(p, a, agency))
        following = tuple(
            g
            for g in groups
            if any(a.id in activities for a in store.followed_activities(session, g.follows))
        )
        entity = k.entities.get(agency)
        name = entity.short(lang) if entity is not None else agency
        return Scope(following, frozenset(g.key for g in groups), activities, name)
    return Scope(tuple(groups), frozenset(g.key for g in groups), None, None)


def _has_role(p: PriorityInfo, a: ActivityInfo, agency: str) -> bool:
    """The agency leads or takes part (observers do not count)."""
    roles = (*p.leads, *p.participants, *a.leads, *(a.participants or ()))
    return any(r.entity.key == agency for r in roles)


def _newest_per_reporter(updates: Sequence[StatusUpdate]) -> list[StatusUpdate]:
    """One change per reporter, group and activity (their newest this week), blocked and at risk first."""
    seen: set[tuple[str, int, str]] = set()
    kept = []
    for update in updates:  # newest first
        key = (update.group_key, update.activity_id, update.author)
        if key not in seen:
            seen.add(key)
            kept.append(update)
    return sorted(kept, key=lambda u: SEVERITY.get(u.status, 9))  # stable: newest first within a status


def deadline_words(c: Catalog, a: ActivityInfo, lang: str) -> str:
    """The plan's own phrase ("segundo trimestre de 2021"; in English, the same phrase said in English)."""
    if a.timeline and lang == "es":
        return "; ".join(a.timeline)
    if a.timelines:
        return "; ".join(timeline_words(c, t, lang) for t in a.timelines)
    return c.date(a.due, lang) if a.due else c.t("digest.no_deadline", lang)


def leads_text(c: Catalog, p: PriorityInfo, a: ActivityInfo, lang: str) -> str:
    roles = a.leads or p.leads
    names = list(dict.fromkeys(r.entity.short(lang) for r in roles))
    return ", ".join(names) if names else c.t("digest.no_lead", lang)


def _label(c: Catalog, p: PriorityInfo, a: ActivityInfo, lang: str) -> str:
    return f"{priority_label(c, p, lang)}, {c.t('activity.label', lang, number=a.number).lower()}"


def _plan_item(c: Catalog, p: PriorityInfo, a: ActivityInfo, lang: str, status: str | None) -> Item:
    head = c.t("digest.plan_item", lang, label=_label(c, p, a, lang), lead=leads_text(c, p, a, lang),
               text=shorten(a.text(lang), TEXT))  # fmt: skip
    details = [c.t("digest.deadline", lang, when=deadline_words(c, a, lang))]
    if status is not None:
        details.append(c.t("digest.last_status", lang, status=c.t(f"reporting.status.{status}", lang)))
    return Item(head, (" · ".join(details),))


def _change_item(c: Catalog, names: Names, u: StatusUpdate, pair: Pair | None, lang: str, shows: bool, *,
                 mentions: bool) -> Item:  # fmt: skip
    """A channel post names the reporter's agency, not the person: a weekly post should not ping people."""
    if pair is not None:
        p, a = pair
        label, lead, text = _label(c, p, a, lang), leads_text(c, p, a, lang), shorten(a.text(lang), TEXT)
    else:  # an activity the plan no longer has
        label, lead = activity_label(c, u.activity, lang), c.t("digest.no_lead", lang)
        text = shorten(u.activity.text_en if lang == "en" else u.activity.text_es, TEXT)
    head = c.t("digest.change_item", lang, status=names.status(u.status).upper(), label=label, lead=lead,
               group=names.group(u.group_key), text=text)  # fmt: skip
    who = names.reporter(u) if mentions else names.agency(u.agency)
    details = [c.t("digest.reported_by", lang, who=who)] if who else []
    if shows and u.obstacles.strip():
        details.append(c.t("reporting.obstacles", lang, text=shorten(u.obstacles, OBSTACLE_TEXT)))
    return Item(head, tuple(details[: 1 + MAX_OBSTACLES]))


def _meeting(c: Catalog, session: Session, channel: str | None, at: dt.datetime, lang: str) -> Section | None:
    """The next meeting and the items people put on its agenda so far (the digest lists the rest itself)."""
    meeting = next_meeting(session, at, channel)
    if meeting is None:
        return None
    agenda = people_items(c, session, meeting, lang)
    items = agenda.items[:MAX_AGENDA]
    rest = len(agenda.items) - len(items)
    note = c.t("digest.more_agenda", lang, count=rest) if rest > 0 else (None if items else agenda.text)
    return Section(
        heading=c.t(
            "digest.next_meeting", lang, title=meeting.title(lang), when=when(c, session, meeting, lang)
        ),
        items=items,
        note=note,
    )


def _capped(
    c: Catalog, heading: str, items: Iterable[Item], lang: str, more_key: str, **params: Any
) -> Section:
    return capped(heading, list(items), MAX_LISTED, lambda rest: c.t(more_key, lang, count=rest, **params))
