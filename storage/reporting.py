"""Query functions for working-group reporting: its settings, groups, status updates, absences, this period's
deliveries.

Each takes a session; none commits. The delivery outbox itself is storage/outbox.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, selectinload

from storage import queries
from storage.models import (
    Absence,
    Activity,
    Delivery,
    Entity,
    GroupMember,
    LatestReport,
    Person,
    Priority,
    StatusUpdate,
    WorkingGroup,
)


def reporting_settings(session: Session) -> dict[str, Any]:
    """What `enlace load` stored from config/working-groups.yaml (bot/reporting/loader.py): timezone, admins,
    committee, catch_up_seconds; {} before the first load."""
    return queries.network_setting(session, "reporting")


def secretariat(session: Session) -> tuple[list[str], list[str]]:
    """(admins, Executive Committee) as config names them."""
    settings = reporting_settings(session)
    return list(settings.get("admins", [])), list(settings.get("committee", []))


def active_groups(session: Session) -> Sequence[WorkingGroup]:
    return session.scalars(
        select(WorkingGroup)
        .where(WorkingGroup.archived.is_(False))
        .order_by(WorkingGroup.key)
        .options(selectinload(WorkingGroup.members))
    ).all()


def group(session: Session, key: str) -> WorkingGroup | None:
    return session.get(WorkingGroup, key)


def all_groups(session: Session) -> Sequence[WorkingGroup]:
    """Every group, archived ones too (old reports name them)."""
    return session.scalars(select(WorkingGroup).order_by(WorkingGroup.key)).all()


def groups_of(session: Session, slack_user_id: str) -> list[str]:
    return list(
        session.scalars(
            select(GroupMember.group_key)
            .join(WorkingGroup)
            .where(GroupMember.slack_user_id == slack_user_id, WorkingGroup.archived.is_(False))
            .order_by(GroupMember.group_key)
        )
    )


def followed_activities(session: Session, follows: list[list[object]]) -> list[Activity]:
    """The live activities a group follows, in plan order."""
    activities: list[Activity] = []
    for priority_key, number in follows:
        query = (
            select(Activity)
            .join(Priority)
            .where(Priority.key == priority_key, Priority.archived.is_(False), Activity.archived.is_(False))
            .order_by(Activity.number)
            .options(selectinload(Activity.priority))
        )
        if number is not None:
            query = query.where(Activity.number == number)
        activities.extend(a for a in session.scalars(query) if a not in activities)
    return activities


def reporters(session: Session, group_key: str, period_key: str) -> set[str]:
    return set(
        session.scalars(
            select(StatusUpdate.author).where(
                StatusUpdate.group_key == group_key, StatusUpdate.period_key == period_key
            )
        )
    )


def updates_for(session: Session, group_key: str, period_key: str) -> Sequence[StatusUpdate]:
    return session.scalars(
        select(StatusUpdate)
        .where(StatusUpdate.group_key == group_key, StatusUpdate.period_key == period_key)
        .order_by(StatusUpdate.activity_id, StatusUpdate.updated_at)
        .options(selectinload(StatusUpdate.activity).selectinload(Activity.priority))
    ).all()


def save_update(session: Session, values: dict[str, object], now: dt.datetime) -> StatusUpdate:
    """Insert, or edit the same person's update on the same activity in the same period."""
    now = now.astimezone(dt.UTC)  # SQLite keeps no offset: store instants in UTC
    existing = session.scalar(
        select(StatusUpdate).where(
            StatusUpdate.group_key == values["group_key"],
            StatusUpdate.period_key == values["period_key"],
            StatusUpdate.activity_id == values["activity_id"],
            StatusUpdate.author == values["author"],
        )
    )
    if existing is None:
        existing = StatusUpdate(**values, created_at=now, updated_at=now)
        session.add(existing)
    else:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.updated_at = now
    session.flush()
    key = (existing.group_key, existing.activity_id, existing.author)
    latest = session.get(LatestReport, key)
    if latest is None:
        session.add(LatestReport(group_key=key[0], activity_id=key[1], author=key[2], update_id=existing.id,
                                 updated_at=now))  # fmt: skip
    elif latest.update_id != existing.id or latest.updated_at != now:
        latest.update_id, latest.updated_at = existing.id, now
    session.flush()
    return existing


def latest_by_reporter(session: Session, groups: frozenset[str] | None = None) -> Sequence[StatusUpdate]:
    """Each reporter's latest update on each activity of each group (of `groups`, or of every group), newest
    first: several agencies reporting on one activity each keep their word. One row per reporter and
    activity (latest_reports), however long the history."""
    query = select(StatusUpdate).join(LatestReport, LatestReport.update_id == StatusUpdate.id)
    if groups is not None:
        query = query.where(LatestReport.group_key.in_(sorted(groups)))
    return session.scalars(
        query.order_by(StatusUpdate.updated_at.desc(), StatusUpdate.id.desc()).options(
            selectinload(StatusUpdate.activity).selectinload(Activity.priority)
        )
    ).all()


def updates_for_export(
    session: Session, groups: frozenset[str] | None = None, period: str | None = None, batch: int = 1000
) -> Iterator[StatusUpdate]:
    """Every stored update (of `groups`, of the periods starting with `period`), streamed in batches of
    `batch` rows, so an export of a million reports holds one batch in memory, not the history."""
    query = select(StatusUpdate).order_by(
        StatusUpdate.group_key, StatusUpdate.period_key, StatusUpdate.activity_id, StatusUpdate.author
    )
    if groups is not None:
        query = query.where(StatusUpdate.group_key.in_(sorted(groups)))
    if period:
        # The range lets the period_key index find the period (LIKE cannot use it: SQLite's is case-blind,
        # PostgreSQL's needs a C collation); the prefix test keeps the answer exact under any collation.
        after = period[:-1] + chr(ord(period[-1]) + 1)
        query = query.where(
            StatusUpdate.period_key >= period,
            StatusUpdate.period_key < after,
            StatusUpdate.period_key.startswith(period, autoescape=True),
        )
    query = query.options(selectinload(StatusUpdate.activity).selectinload(Activity.priority))
    # The session's identity map holds rows weakly: a batch that was written is let go.
    for rows in session.execute(query.execution_options(yield_per=batch)).scalars().partitions():
        yield from rows


def previous_updates(
    session: Session, group_key: str, author: str, before_period: str
) -> Sequence[StatusUpdate]:
    """A person's reports for a group in the latest period before `before_period` in which they reported."""
    last = session.scalar(
        select(func.max(StatusUpdate.period_key)).where(
            StatusUpdate.group_key == group_key,
            StatusUpdate.author == author,
            StatusUpdate.period_key < before_period,
        )
    )
    if last is None:
        return []
    return session.scalars(
        select(StatusUpdate)
        .where(
            StatusUpdate.group_key == group_key,
            StatusUpdate.author == author,
            StatusUpdate.period_key == last,
        )
        .order_by(StatusUpdate.activity_id)
        .options(selectinload(StatusUpdate.activity).selectinload(Activity.priority))
    ).all()


def update_by(
    session: Session, group_key: str, period_key: str, activity_id: int, author: str
) -> StatusUpdate | None:
    return session.scalar(
        select(StatusUpdate).where(
            StatusUpdate.group_key == group_key,
            StatusUpdate.period_key == period_key,
            StatusUpdate.activity_id == activity_id,
            StatusUpdate.author == author,
        )
    )


def all_entities_by_key(session: Session) -> dict[str, Entity]:
    return {e.key: e for e in session.scalars(select(Entity))}


def entities_by_key(session: Session, keys: set[str]) -> dict[str, Entity]:
    if not keys:
        return {}
    return {e.key: e for e in session.scalars(select(Entity).where(Entity.key.in_(sorted(keys))))}


def people_names(session: Session) -> dict[str, str]:
    """Names the secretariat gave people in config/people.yaml."""
    return {p.slack_user_id: p.name for p in session.scalars(select(Person)) if p.name}


def away_on(session: Session, slack_user_id: str, day: dt.date) -> bool:
    return is_away(session.get(Absence, slack_user_id), day)


def is_away(absence: Absence | None, day: dt.date) -> bool:
    return absence is not None and (absence.starts or dt.date.min) <= day <= absence.until


def absences_by_user(session: Session) -> dict[str, Absence]:
    """Everyone marked away, past or future (a handful of rows): read once per clock tick."""
    return {row.slack_user_id: row for row in session.scalars(select(Absence))}


def set_absence(
    session: Session, slack_user_id: str, starts: dt.date | None, until: dt.date, now: dt.datetime
) -> None:
    row = session.get(Absence, slack_user_id)
    if row is None:
        session.add(Absence(slack_user_id=slack_user_id, starts=starts, until=until, set_at=now))
    else:
        row.starts, row.until, row.set_at = starts, until, now


def clear_absence(session: Session, slack_user_id: str) -> bool:
    row = session.get(Absence, slack_user_id)
    if row is None:
        return False
    session.delete(row)
    return True


# Built once: every tick reads each current period's (building the statement cost more than running it).
_PERIOD_DELIVERIES = select(Delivery.kind, Delivery.recipient, Delivery.status, Delivery.reason).where(
    Delivery.group_key == bindparam("group_key"), Delivery.period_key == bindparam("period_key")
)


def delivery_statuses(
    session: Session, group_key: str, period_key: str
) -> dict[tuple[str, str], tuple[str, str | None]]:
    """This period's deliveries: (kind, recipient) -> (status, reason): ("sent", None), ("expired", "too_late"),
    ("skipped", "already_reported"), ..."""
    rows = session.execute(_PERIOD_DELIVERIES, {"group_key": group_key, "period_key": period_key})
    return {(kind, recipient): (status, reason) for kind, recipient, status, reason in rows}


def latest_status_per_activity(session: Session, groups: frozenset[str] | None = None) -> dict[int, str]:
    """Each reported activity's most recent status (in `groups`, or in every group), whoever reported it
    (later edits win): the latest of each reporter's latest."""
    query = (
        select(StatusUpdate.activity_id, StatusUpdate.status)
        .join(LatestReport, LatestReport.update_id == StatusUpdate.id)
        .order_by(StatusUpdate.updated_at, StatusUpdate.id)
    )
    if groups is not None:
        query = query.where(LatestReport.group_key.in_(sorted(groups)))
    return {activity_id: status for activity_id, status in session.execute(query)}


# -- weekly digests (bot/digest) ---------------------------------------------------------------------------


def updates_between(
    session: Session,
    since: dt.datetime,
    until: dt.datetime,
    groups: frozenset[str] | None = None,
    activities: frozenset[int] | None = None,
) -> Sequence[StatusUpdate]:
    """The updates saved (or edited) in [since, until), of `groups` and `activities` when given, newest first:
    a range on updated_at, so it reads one week's rows, not the history. Groups and activities are
    filtered here rather than in SQL: given them, SQLite walks a group's whole history by the group index
    instead of the week by the updated_at one."""
    query = select(StatusUpdate).where(
        StatusUpdate.updated_at >= since.astimezone(dt.UTC),
        StatusUpdate.updated_at < until.astimezone(dt.UTC),
    )
    rows = session.scalars(
        query.order_by(StatusUpdate.updated_at.desc(), StatusUpdate.id.desc()).options(
            selectinload(StatusUpdate.activity).selectinload(Activity.priority)
        )
    ).all()
    return [
        u for u in rows
        if (groups is None or u.group_key in groups) and (activities is None or u.activity_id in activities)
    ]  # fmt: skip


def completed_between(
    session: Session, since: dt.datetime, until: dt.datetime, groups: frozenset[str] | None = None
) -> set[int]:
    """Activities whose latest report (latest_reports) says completed and was made in [since, until)."""
    query = (
        select(StatusUpdate.activity_id)
        .join(LatestReport, LatestReport.update_id == StatusUpdate.id)
        .where(
            StatusUpdate.status == "completado",
            LatestReport.updated_at >= since.astimezone(dt.UTC),
            LatestReport.updated_at < until.astimezone(dt.UTC),
        )
    )
    if groups is not None:
        query = query.where(LatestReport.group_key.in_(sorted(groups)))
    return set(session.scalars(query))
