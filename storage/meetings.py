"""Query functions for the meeting calendar, agendas and minutes. Each takes a session; none commits.

Instants are stored in UTC (SQLite keeps no offset); callers pass aware datetimes in any zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from storage.models import AgendaItem, Delivery, Meeting, Minutes


def _utc(instant: dt.datetime) -> dt.datetime:
    return instant.astimezone(dt.UTC)


def meeting(session: Session, uid: str) -> Meeting | None:
    return session.scalars(select(Meeting).where(Meeting.uid == uid)).first()


def meeting_by_id(session: Session, meeting_id: int) -> Meeting | None:
    return session.get(Meeting, meeting_id)


# The clock reads these two on every tick: built once (building a statement costs more than running it).
_START, _END = (
    bindparam("start", type_=Meeting.starts_at.type),
    bindparam("end", type_=Meeting.starts_at.type),
)
_BETWEEN = select(Meeting).where(Meeting.starts_at >= _START, Meeting.starts_at < _END)
_ANY_BETWEEN = _BETWEEN.order_by(Meeting.starts_at, Meeting.id)
_SCHEDULED_BETWEEN = _BETWEEN.where(Meeting.status == "scheduled").order_by(Meeting.starts_at, Meeting.id)
_CANCELLED_BETWEEN = (
    _BETWEEN.where(Meeting.status == "cancelled", Meeting.updated_at >= bindparam("since", type_=Meeting.updated_at.type))
    .order_by(Meeting.starts_at, Meeting.id)
)  # fmt: skip


def between(
    session: Session, start: dt.datetime, end: dt.datetime, cancelled: bool = True
) -> Sequence[Meeting]:
    """Meetings starting in [start, end), earliest first; without the cancelled ones unless asked."""
    query = _ANY_BETWEEN if cancelled else _SCHEDULED_BETWEEN
    return session.scalars(query, {"start": _utc(start), "end": _utc(end)}).all()


def upcoming(
    session: Session, now: dt.datetime, limit: int = 5, channel: str | None = None, series: str | None = None
) -> Sequence[Meeting]:
    """Scheduled meetings that have not started, earliest first; of one channel or series when given."""
    query = select(Meeting).where(Meeting.status == "scheduled", Meeting.starts_at >= _utc(now))
    if channel is not None:
        query = query.where(Meeting.channel == channel)
    if series is not None:
        query = query.where(Meeting.series == series)
    return session.scalars(query.order_by(Meeting.starts_at, Meeting.id).limit(limit)).all()


def recent(session: Session, now: dt.datetime, limit: int = 10) -> Sequence[Meeting]:
    """Meetings that have started (scheduled ones), the latest first: those minutes may be written for."""
    query = select(Meeting).where(Meeting.status == "scheduled", Meeting.starts_at < _utc(now))
    return session.scalars(query.order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(limit)).all()


def add_meeting(session: Session, row: Meeting) -> Meeting:
    """Write a meeting, its instants in UTC (SQLite keeps no offset: a local time would read back shifted)."""
    for name in ("starts_at", "rule_starts_at", "created_at", "updated_at"):
        value = getattr(row, name)
        if value is not None:
            setattr(row, name, _utc(value))
    session.add(row)
    session.flush()
    return row


def move(
    session: Session, row: Meeting, starts_at: dt.datetime, by: str | None, now: dt.datetime,
    reason: str = "moved",
) -> None:  # fmt: skip
    """A new start; the first move keeps where the rule (or its creator) had put it, for all to see."""
    if row.rule_starts_at is None:
        row.rule_starts_at = row.starts_at
    row.starts_at = _utc(starts_at)
    row.sequence += 1
    row.moved_reason = reason
    row.touched_by = by or row.touched_by
    row.updated_at = _utc(now)
    session.flush()


def cancel(session: Session, row: Meeting, by: str | None, now: dt.datetime) -> None:
    row.status = "cancelled"
    row.sequence += 1
    row.touched_by = by or row.touched_by
    row.updated_at = _utc(now)
    session.flush()


def agenda_items(session: Session, row: Meeting) -> Sequence[AgendaItem]:
    """The items people added and nobody removed, in the order they were added."""
    query = select(AgendaItem).where(AgendaItem.meeting_id == row.id, AgendaItem.removed_at.is_(None))
    return session.scalars(query.order_by(AgendaItem.id)).all()


def add_agenda_item(session: Session, row: Meeting, text: str, author: str, now: dt.datetime) -> AgendaItem:
    item = AgendaItem(meeting_id=row.id, text=text, author=author, created_at=_utc(now))
    session.add(item)
    session.flush()
    return item


def remove_agenda_item(session: Session, item: AgendaItem, by: str, now: dt.datetime) -> None:
    item.removed_at = _utc(now)
    item.removed_by = by
    session.flush()


def add_minutes(
    session: Session, row: Meeting, link: str, text: str, decisions: list[str], author: str, now: dt.datetime
) -> Minutes:
    minutes = Minutes(
        meeting_id=row.id, link=link, text=text, decisions=decisions, author=author, created_at=_utc(now)
    )
    session.add(minutes)
    session.flush()
    return minutes


def minutes_of(session: Session, before: dt.datetime | None = None, limit: int = 10) -> Sequence[Minutes]:
    """Minutes, those of the latest meetings first (of meetings started before `before` when given)."""
    query = select(Minutes).join(Meeting)
    if before is not None:
        query = query.where(Meeting.starts_at < _utc(before))
    return session.scalars(query.order_by(Meeting.starts_at.desc(), Minutes.id.desc()).limit(limit)).all()


# -- reminders and the calendar feed (bot/meetings/reminders.py, bot/meetings/ics.py) ------------------
# A delivery about a meeting names it in `period_key` (at most 40 characters): its uid, or "#<id>" when the
# uid is longer than that.
REF_LENGTH = 40


def ref_of(row: Meeting) -> str:
    return row.uid if len(row.uid) <= REF_LENGTH else f"#{row.id}"


def meeting_by_ref(session: Session, ref: str) -> Meeting | None:
    """The meeting a delivery's `period_key` names (see ref_of)."""
    if ref.startswith("#") and ref[1:].isdigit():
        return session.get(Meeting, int(ref[1:]))
    return meeting(session, ref)


def meeting_of_delivery(session: Session, kind: str, period_key: str) -> Meeting | None:
    """The meeting a delivery is about: minutes name their Minutes row by id, the others the meeting itself
    (see ref_of)."""
    if kind == "minutes" and period_key.isdigit():
        minutes = session.get(Minutes, int(period_key))
        return minutes.meeting if minutes is not None else None
    return meeting_by_ref(session, period_key)


def cancelled_between(
    session: Session, start: dt.datetime, end: dt.datetime, since: dt.datetime
) -> Sequence[Meeting]:
    """Cancelled meetings starting in [start, end) that were cancelled (last touched) since `since`."""
    values = {"start": _utc(start), "end": _utc(end), "since": _utc(since)}
    return session.scalars(_CANCELLED_BETWEEN, values).all()


def since(session: Session, start: dt.datetime) -> Sequence[Meeting]:
    """Every meeting starting at or after `start`, cancelled ones too, earliest first (the .ics feed)."""
    query = select(Meeting).where(Meeting.starts_at >= _utc(start))
    return session.scalars(query.order_by(Meeting.starts_at, Meeting.id)).all()


def existing_keys(session: Session, keys: Sequence[str]) -> set[str]:
    """Which of these delivery keys the outbox already holds (one query, on its primary key)."""
    if not keys:
        return set()
    return set(session.scalars(select(Delivery.key).where(Delivery.key.in_(list(keys)))))


def any_sent(session: Session, keys: Sequence[str]) -> bool:
    """Whether any of these deliveries was sent (one query, on the primary key)."""
    if not keys:
        return False
    query = select(Delivery.key).where(Delivery.key.in_(list(keys)), Delivery.status == "sent")
    return session.scalars(query.limit(1)).first() is not None


# -- the agenda's automatic part and the minutes (bot/meetings/agenda.py, minutes.py) -------------------


def minutes_by_id(session: Session, minutes_id: int) -> Minutes | None:
    return session.get(Minutes, minutes_id)


def following(session: Session, row: Meeting) -> Meeting | None:
    """The next scheduled meeting after `row` in its series (or, ad hoc, in its channel)."""
    query = select(Meeting).where(
        Meeting.status == "scheduled", Meeting.starts_at > _utc(row.starts_at), Meeting.id != row.id
    )
    query = (
        query.where(Meeting.series == row.series)
        if row.series is not None
        else query.where(Meeting.channel == row.channel)
    )
    return session.scalars(query.order_by(Meeting.starts_at, Meeting.id).limit(1)).first()


def upcoming_of_kind(session: Session, now: dt.datetime, kind: str) -> Meeting | None:
    query = select(Meeting).where(
        Meeting.status == "scheduled", Meeting.starts_at >= _utc(now), Meeting.kind == kind
    )
    return session.scalars(query.order_by(Meeting.starts_at, Meeting.id).limit(1)).first()
