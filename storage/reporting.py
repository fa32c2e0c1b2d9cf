"""Query functions for working-group reporting: groups, status updates, absences, this period's prompts.

Each takes a session; none commits. The delivery outbox itself is storage/outbox.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from storage.models import Absence, Activity, Delivery, GroupMember, Priority, StatusUpdate, WorkingGroup


def active_groups(session: Session) -> Sequence[WorkingGroup]:
    return session.scalars(
        select(WorkingGroup)
        .where(WorkingGroup.archived.is_(False))
        .order_by(WorkingGroup.key)
        .options(selectinload(WorkingGroup.members))
    ).all()


def group(session: Session, key: str) -> WorkingGroup | None:
    return session.get(WorkingGroup, key)


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
    return existing


def latest_updates(session: Session, limit: int = 500) -> Sequence[StatusUpdate]:
    return session.scalars(
        select(StatusUpdate)
        .order_by(StatusUpdate.updated_at.desc())
        .limit(limit)
        .options(selectinload(StatusUpdate.activity).selectinload(Activity.priority))
    ).all()


def absent_until(session: Session, slack_user_id: str) -> dt.date | None:
    row = session.get(Absence, slack_user_id)
    return row.until if row else None


def set_absence(session: Session, slack_user_id: str, until: dt.date, now: dt.datetime) -> None:
    row = session.get(Absence, slack_user_id)
    if row is None:
        session.add(Absence(slack_user_id=slack_user_id, until=until, set_at=now))
    else:
        row.until, row.set_at = until, now


def prompt_statuses(session: Session, group_key: str, period_key: str) -> dict[str, str]:
    """This period's prompts by recipient: sent, pending, expired, ..."""
    rows = session.execute(
        select(Delivery.recipient, Delivery.status).where(
            Delivery.kind == "prompt", Delivery.group_key == group_key, Delivery.period_key == period_key
        )
    )
    return {recipient: status for recipient, status in rows}
