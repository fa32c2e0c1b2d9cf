"""Query functions. Each takes a session; none opens, commits or closes one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from storage.models import (
    Activity,
    ContentVersion,
    Entity,
    GcmObjective,
    Heartbeat,
    HomeView,
    NetworkSetting,
    NetworkText,
    Person,
    Plan,
    PlanPassage,
    Priority,
    ProcessedEvent,
    Role,
    ThematicArea,
)


def content_version(session: Session) -> int:
    row = session.get(ContentVersion, 1)
    return row.version if row else 0


def bump_content_version(session: Session, now: dt.datetime) -> int:
    row = session.get(ContentVersion, 1)
    if row is None:
        row = ContentVersion(id=1, version=0)
        session.add(row)
    row.version += 1
    row.loaded_at = now
    session.flush()
    return row.version


def current_plans(session: Session) -> Sequence[Plan]:
    """Plans with their live priorities, activities, periods and roles, loaded in a few queries."""
    return session.scalars(
        select(Plan)
        .order_by(Plan.date)
        .options(
            selectinload(Plan.priorities).selectinload(Priority.activities).selectinload(Activity.periods),
            selectinload(Plan.priorities).selectinload(Priority.roles).selectinload(Role.entity),
        )
    ).all()


def all_entities(session: Session) -> Sequence[Entity]:
    return session.scalars(select(Entity).order_by(Entity.key)).all()


def all_gcm_objectives(session: Session) -> Sequence[GcmObjective]:
    return session.scalars(select(GcmObjective).order_by(GcmObjective.number)).all()


def all_thematic_areas(session: Session) -> Sequence[ThematicArea]:
    return session.scalars(select(ThematicArea).order_by(ThematicArea.number)).all()


def plan_passages(session: Session) -> Sequence[PlanPassage]:
    return session.scalars(select(PlanPassage).order_by(PlanPassage.plan_key, PlanPassage.position)).all()


def network_texts(session: Session) -> Sequence[NetworkText]:
    return session.scalars(select(NetworkText).order_by(NetworkText.section, NetworkText.position)).all()


def network_settings(session: Session) -> dict[str, dict[str, Any]]:
    return {row.name: row.value for row in session.scalars(select(NetworkSetting))}


def network_setting(session: Session, name: str) -> dict[str, Any]:
    """One setting ({} when absent): a tick reads its own, not the passages of both documents.

    The row is held for the session's life: the identity map keeps only weak references, so without it
    every read of the same setting in one tick went back to the database (five queries a tick for three
    settings)."""
    row = session.get(NetworkSetting, name)
    if row is None:
        return {}
    session.info.setdefault("held_settings", {})[name] = row
    return row.value


def claim_event(session: Session, event_id: str, now: dt.datetime) -> bool:
    """Record an event id; False when it was already recorded (a retry or a duplicate delivery)."""
    if session.get(ProcessedEvent, event_id) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(ProcessedEvent(event_id=event_id, received_at=now))
    except IntegrityError:  # another process claimed it between the check and the insert
        return False
    return True


def forget_events_before(session: Session, cutoff: dt.datetime) -> int:
    result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


def home_view_hash(session: Session, user_id: str) -> str | None:
    row = session.get(HomeView, user_id)
    return row.content_hash if row else None


def record_home_view(session: Session, user_id: str, content_hash: str, now: dt.datetime) -> None:
    row = session.get(HomeView, user_id)
    if row is None:
        session.add(HomeView(user_id=user_id, content_hash=content_hash, published_at=now))
    else:
        row.content_hash, row.published_at = content_hash, now


def home_view_users(session: Session) -> list[str]:
    return list(session.scalars(select(HomeView.user_id).order_by(HomeView.user_id)))


def agency_of(session: Session, slack_user_id: str) -> str | None:
    person = session.get(Person, slack_user_id)
    return person.entity_key if person else None


def release_thematic_areas(session: Session, kept: set[int]) -> None:
    """Archived priorities let go of thematic areas that are leaving the config."""
    for priority in session.scalars(
        select(Priority).where(Priority.archived.is_(True), Priority.thematic_area_number.is_not(None))
    ):
        if priority.thematic_area_number not in kept:
            priority.thematic_area_number = None


def beat(session: Session, name: str, at: dt.datetime) -> None:
    """Record that `name` (the clock) did its round at `at`."""
    session.merge(Heartbeat(name=name, at=at.astimezone(dt.UTC)))


def last_beat(session: Session, name: str) -> dt.datetime | None:
    row = session.get(Heartbeat, name)
    if row is None:
        return None
    return row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)  # SQLite keeps no offset
