"""The Network's meeting calendar.

`meetings_between` and `next_meetings` read it from the database (rows: generated, ad hoc, moved,
cancelled) plus what the series' rules yield where no row exists yet, so any range works, past or
future.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.meetings.series import Occurrence, occurrences
from bot.meetings.settings import MeetingSettings
from bot.time.clock import utc
from storage import meetings as store
from storage.models import Meeting as MeetingRow
from storage.models import WorkingGroup


@dataclass(frozen=True)
class CalendarEntry:
    """A meeting as the calendar shows it: a row of the database, or what a rule yields where no row
    exists yet (`meeting_id` None)."""

    uid: str
    series: str | None
    kind: str  # quarterly | committee | group | ad_hoc
    title_es: str
    title_en: str
    starts_at: dt.datetime  # aware, UTC
    duration_minutes: int
    channel: str
    status: str  # scheduled | cancelled
    rule_starts_at: dt.datetime | None = None  # where the rule (or its creator) had put it, when moved
    moved_reason: str | None = None  # "holiday:<name>" | "moved"
    place: str = ""
    meeting_id: int | None = None

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_es

    @property
    def holiday(self) -> str | None:
        """The holiday that moved it, by name, if one did."""
        reason = self.moved_reason or ""
        return reason.split(":", 1)[1] if reason.startswith("holiday:") else None


def entry_of_row(row: MeetingRow) -> CalendarEntry:
    return CalendarEntry(
        uid=row.uid, series=row.series, kind=row.kind, title_es=row.title_es, title_en=row.title_en,
        starts_at=utc(row.starts_at), duration_minutes=row.duration_minutes, channel=row.channel,
        status=row.status, rule_starts_at=utc(row.rule_starts_at) if row.rule_starts_at else None,
        moved_reason=row.moved_reason, place=row.place or "", meeting_id=row.id,
    )  # fmt: skip


def entry_of_occurrence(o: Occurrence) -> CalendarEntry:
    return CalendarEntry(
        uid=o.uid, series=o.series, kind=o.kind, title_es=o.title_es, title_en=o.title_en,
        starts_at=utc(o.starts_at), duration_minutes=o.duration_minutes, channel=o.channel,
        status="scheduled", rule_starts_at=utc(o.rule_starts_at) if o.rule_starts_at else None,
        moved_reason=o.moved_reason,
    )  # fmt: skip


def meetings_between(
    session: Session, start: dt.datetime, end: dt.datetime, settings: MeetingSettings | None = None
) -> list[CalendarEntry]:
    """Meetings starting in [start, end), earliest first, cancelled ones included: the rows, plus the
    rules' occurrences for which no row exists (wherever that row now is, if it was moved away)."""
    settings = settings or MeetingSettings.of(session)
    entries = [entry_of_row(row) for row in store.between(session, start, end, cancelled=True)]
    generated = occurrences(settings, start, end)
    uids = [o.uid for o in generated]
    existing: set[str] = set()
    for chunk in range(0, len(uids), 500):
        part = uids[chunk : chunk + 500]
        existing |= set(session.scalars(select(MeetingRow.uid).where(MeetingRow.uid.in_(part))))
    entries += [entry_of_occurrence(o) for o in generated if o.uid not in existing]
    return sorted(entries, key=lambda e: (e.starts_at, e.uid))


def next_meetings(
    session: Session, now: dt.datetime, count: int = 3, series: frozenset[str] | None = None,
    kinds: frozenset[str] | None = None,
) -> list[CalendarEntry]:  # fmt: skip
    """The scheduled meetings starting at or after `now`, earliest first (of some series or kinds)."""
    settings = MeetingSettings.of(session)
    found: list[CalendarEntry] = []
    start = now
    # Look a horizon ahead, then further (a yearly series, or a horizon shorter than the gap).
    for span in (settings.horizon, dt.timedelta(days=800)):
        end = now + span
        found += [
            e for e in meetings_between(session, start, end, settings)
            if e.status == "scheduled" and (series is None or e.series in series)
            and (kinds is None or e.kind in kinds)
        ]  # fmt: skip
        if len(found) >= count:
            break
        start = end
    return found[:count]


def series_of_priorities(session: Session, priority_keys: list[str]) -> dict[str, str]:
    """The series (key -> working group key) of the working groups that follow any of these priorities:
    "When does the regular pathways group meet next?"."""
    settings = MeetingSettings.of(session)
    groups = {
        g.key
        for g in session.scalars(select(WorkingGroup).where(WorkingGroup.archived.is_(False)))
        if any(follow[0] in priority_keys for follow in (g.follows or []))
    }
    return {key: str(s["group"]) for key, s in settings.series.items() if s.get("group") in groups}


def describe_rule(series: dict[str, Any]) -> dict[str, Any]:
    """A series' rule as parameters for the catalog's `calendar.rule_*` texts."""
    rule = series.get("rule") or {}
    return {
        "week": rule.get("week", "last"),
        "weekday": int(rule.get("weekday", 3)),
        "months": list(rule.get("months") or []),
        "time": str(series.get("time") or "10:00"),
        "zone": str(series.get("timezone") or "America/Mexico_City"),
    }


class SessionCalendar:
    """The calendar as the question engine and the App Home read it: each call opens its own session."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def next(
        self, now: dt.datetime, count: int = 1, series: frozenset[str] | None = None,
        kinds: frozenset[str] | None = None,
    ) -> list[CalendarEntry]:  # fmt: skip
        with self.session_factory() as session:
            return next_meetings(session, now, count, series, kinds)

    def series_for(self, priority_keys: list[str]) -> dict[str, str]:
        with self.session_factory() as session:
            return series_of_priorities(session, priority_keys)

    def settings(self) -> MeetingSettings:
        with self.session_factory() as session:
            return MeetingSettings.of(session)
