"""The calendar's rows: each series' occurrences from now up to the horizon, written as `Meeting` rows so
each can be given an agenda, moved, cancelled and have minutes.

Run by `enlace load` (with the load's instant) and at the start of every clock tick. It is idempotent and
cheap when nothing changed (one read of the settings, one query of the future generated rows), and safe
under two clocks at once: a row is inserted in a savepoint and a duplicate uid is tolerated.

What a change of the rule (or title, channel, duration) touches: future generated meetings nobody has
touched (`touched_by` is None: not moved or cancelled by a person). Their agenda items do not count as a
touch: they stay with the occurrence and follow it to its new date. Meetings that have started
(starts_at <= now) are never changed. An untouched future occurrence the rule no longer yields is
cancelled (status "cancelled"), not deleted, so a reminder already sent gets its cancellation notice; if
the rule yields it again later it is scheduled again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.meetings.series import Occurrence, occurrences
from bot.meetings.settings import MeetingSettings
from bot.time.clock import utc
from storage import meetings as store
from storage.models import Meeting


def _utc(instant: dt.datetime | None) -> dt.datetime | None:
    return instant.astimezone(dt.UTC) if instant is not None else None


def _values(o: Occurrence) -> dict[str, Any]:
    return {
        "series": o.series,
        "kind": o.kind,
        "title_es": o.title_es,
        "title_en": o.title_en,
        "starts_at": _utc(o.starts_at),
        "duration_minutes": o.duration_minutes,
        "rule_starts_at": _utc(o.rule_starts_at),
        "moved_reason": o.moved_reason,
        "channel": o.channel,
    }


def materialise_counts(session: Session, now: dt.datetime) -> Counter[str]:
    """Like materialise, counting "created", "moved", "updated", "cancelled" and "restored" meetings."""
    counts: Counter[str] = Counter()
    settings = MeetingSettings.of(session)
    now = now.astimezone(dt.UTC)
    rows = {
        row.uid: row
        for row in session.scalars(
            select(Meeting).where(
                Meeting.series.is_not(None),
                Meeting.created_by.is_(None),
                Meeting.touched_by.is_(None),
                Meeting.starts_at > now,
            )
        )
    }
    # Rows beyond the horizon (it may have shrunk) are still checked against the rule, not cancelled.
    horizon = now + settings.horizon
    end = max([horizon, *(utc(r.starts_at) + dt.timedelta(days=1) for r in rows.values())])
    wanted = {o.uid: o for o in occurrences(settings, now + dt.timedelta(microseconds=1), end)}
    for uid, occurrence in wanted.items():
        row = rows.pop(uid, None)
        if row is None:
            if occurrence.starts_at > horizon:
                continue
            if _insert(session, occurrence, now):
                counts["created"] += 1
            continue
        counts.update(_update(row, occurrence, now))
    for row in rows.values():  # future, untouched, generated, and the rule no longer yields it
        if row.status != "cancelled":
            row.status = "cancelled"
            row.sequence += 1
            row.updated_at = now
            counts["cancelled"] += 1
    session.flush()
    return counts


def materialise(session: Session, now: dt.datetime) -> int:
    """Write the series' occurrences from now up to now + horizon; the number of rows written or changed."""
    return sum(materialise_counts(session, now).values())


def _insert(session: Session, occurrence: Occurrence, now: dt.datetime) -> bool:
    if store.meeting(session, occurrence.uid) is not None:
        return False  # touched by a person: not ours to change
    try:
        with session.begin_nested():
            store.add_meeting(
                session,
                Meeting(uid=occurrence.uid, **_values(occurrence), status="scheduled", sequence=0,
                        created_by=None, touched_by=None, place="", created_at=now, updated_at=now),
            )  # fmt: skip
    except IntegrityError:
        return False  # another clock wrote it first
    return True


def _update(row: Meeting, occurrence: Occurrence, now: dt.datetime) -> Counter[str]:
    counts: Counter[str] = Counter()
    values = _values(occurrence)
    moved = utc(row.starts_at) != values["starts_at"]
    changed = False
    for name, value in values.items():
        current = getattr(row, name)
        if name in ("starts_at", "rule_starts_at") and current is not None:
            current = utc(current)
        if current != value:
            setattr(row, name, value)
            changed = True
    if row.status == "cancelled":
        row.status = "scheduled"
        row.sequence += 1
        counts["restored"] += 1
        changed = True
    elif moved:
        row.sequence += 1
        counts["moved"] += 1
    elif changed:
        counts["updated"] += 1
    if changed:
        row.updated_at = now
    return counts
