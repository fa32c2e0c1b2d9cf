"""Typed ORM models: the Network's knowledge as the database keeps it.

Natural keys (entity keys, priority keys, activity numbers) come from config/, so a reload can match
rows to YAML entries and change only what changed. Activities are archived, never deleted, because
later features attach status updates to them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON, list[int]: JSON}


class Entity(Base):
    """An agency, fund, programme or other organisation named in the sources."""

    __tablename__ = "entities"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    acronym_es: Mapped[str | None] = mapped_column(String(80))
    acronym_en: Mapped[str | None] = mapped_column(String(80))
    name_es: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[str]] = mapped_column(default=list)
    # The article the short name takes in a sentence ("la OMS"); "" for none.
    article_es: Mapped[str] = mapped_column(String(8), default="")
    article_en: Mapped[str] = mapped_column(String(8), default="")


class ThematicArea(Base):
    __tablename__ = "thematic_areas"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title_es: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)


class GcmObjective(Base):
    """One of the 23 objectives of the Global Compact for Migration."""

    __tablename__ = "gcm_objectives"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title_es: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    keywords_es: Mapped[list[str]] = mapped_column(default=list)
    keywords_en: Mapped[list[str]] = mapped_column(default=list)


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    title_es: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    date: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))
    cross_cutting_es: Mapped[str] = mapped_column(Text, default="")
    cross_cutting_en: Mapped[str] = mapped_column(Text, default="")

    priorities: Mapped[list[Priority]] = relationship(back_populates="plan", order_by="Priority.position")


class Priority(Base):
    """A core priority, an existing thematic working group or a new thematic priority."""

    __tablename__ = "priorities"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    key: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[str | None] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)
    title_es: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    short_name_es: Mapped[str] = mapped_column(Text)
    short_name_en: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[str]] = mapped_column(default=list)
    # "list" (see objectives), "todos" (every objective), "transversal" (cross-cutting) or "none".
    gcm_scope: Mapped[str] = mapped_column(String(20), default="none")
    gcm_numbers: Mapped[list[int]] = mapped_column(default=list)
    thematic_area_number: Mapped[int | None] = mapped_column(ForeignKey("thematic_areas.number"))
    participants_label_es: Mapped[str | None] = mapped_column(Text)
    participants_label_en: Mapped[str | None] = mapped_column(Text)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    plan: Mapped[Plan] = relationship(back_populates="priorities")
    activities: Mapped[list[Activity]] = relationship(back_populates="priority", order_by="Activity.number")
    roles: Mapped[list[Role]] = relationship(back_populates="priority", order_by="Role.position")


class Activity(Base):
    __tablename__ = "activities"
    __table_args__ = (UniqueConstraint("priority_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("priorities.id"))
    number: Mapped[int] = mapped_column(Integer)
    text_es: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    # The "Cronograma" phrases as written; the parsed periods below are derived from them on load.
    timeline: Mapped[list[str]] = mapped_column(default=list)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    continues_after: Mapped[bool] = mapped_column(Boolean, default=False)
    # True when the seed gives a "Participantes:" line for this activity, even an empty one.
    participants_stated: Mapped[bool] = mapped_column(Boolean, default=False)
    participants_note_es: Mapped[str | None] = mapped_column(Text)
    participants_note_en: Mapped[str | None] = mapped_column(Text)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    priority: Mapped[Priority] = relationship(back_populates="activities")
    periods: Mapped[list[ActivityPeriod]] = relationship(
        back_populates="activity", order_by="ActivityPeriod.position", cascade="all, delete-orphan"
    )


class ActivityPeriod(Base):
    __tablename__ = "activity_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"))
    position: Mapped[int] = mapped_column(Integer)
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)

    activity: Mapped[Activity] = relationship(back_populates="periods")


class Role(Base):
    """An entity's role (lead, participant, observer, representative) in a priority, or in one of its
    activities."""

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("priority_id", "activity_number", "entity_key", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("priorities.id"))
    # 0 means the role is stated once for the whole priority.
    activity_number: Mapped[int] = mapped_column(Integer, default=0)
    entity_key: Mapped[str] = mapped_column(ForeignKey("entities.key"))
    role: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    note_es: Mapped[str | None] = mapped_column(Text)
    note_en: Mapped[str | None] = mapped_column(Text)
    # A representative's role: the entity it represents there (an entity key).
    represents: Mapped[str | None] = mapped_column(String(80))

    priority: Mapped[Priority] = relationship(back_populates="roles")
    entity: Mapped[Entity] = relationship()


class PlanPassage(Base):
    """A work plan's text outside its priorities: its introduction and overview, a working group it names
    only in passing."""

    __tablename__ = "plan_passages"

    plan_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    name_es: Mapped[str | None] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    text_es: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[str]] = mapped_column(default=list)
    related: Mapped[str | None] = mapped_column(String(80))  # a priority key
    topics: Mapped[list[str]] = mapped_column(default=list)  # answers that quote it ("plan", "areas")


class NetworkText(Base):
    """A passage of the terms of reference: a principle, an objective, the secretariat rule, ..."""

    __tablename__ = "network_texts"

    section: Mapped[str] = mapped_column(String(60), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name_es: Mapped[str | None] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    text_es: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)


class Heartbeat(Base):
    """When a process last did its round (the clock's tick): `/healthz` reports a clock that stopped."""

    __tablename__ = "heartbeats"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class NetworkSetting(Base):
    """Structured facts and operational settings of the Network (JSON values keyed by name)."""

    __tablename__ = "network_settings"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column()


class ContentVersion(Base):
    """Bumped by every load that changes something, so long-running processes know to refresh."""

    __tablename__ = "content_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    loaded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ProcessedEvent(Base):
    """A Slack event_id already taken in, so a retry or a second delivery is dropped, even after a restart."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class HomeView(Base):
    """What was last published to a person's App Home, so it is republished only when it changes."""

    __tablename__ = "home_views"

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Person(Base):
    """A Slack user the secretariat has tied to an agency (config/people.yaml)."""

    __tablename__ = "people"

    slack_user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_key: Mapped[str] = mapped_column(ForeignKey("entities.key"))
    name: Mapped[str | None] = mapped_column(Text)


class WorkingGroup(Base):
    """A working group that reports on a schedule (config/working-groups.yaml). Archived, never deleted."""

    __tablename__ = "working_groups"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    name_es: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(32))
    prompt_to: Mapped[str] = mapped_column(String(20))
    lead_agencies: Mapped[list[str]] = mapped_column(default=list)
    # [[priority key, activity number or null], ...]
    follows: Mapped[list[Any]] = mapped_column(JSON, default=list)
    schedule: Mapped[dict[str, Any]] = mapped_column()
    open_for_minutes: Mapped[int] = mapped_column(Integer)
    nudge_minutes: Mapped[int] = mapped_column(Integer)
    # What the summary posted in the group's channel may show: "statuses" or "details" (obstacles too).
    summary_shows: Mapped[str] = mapped_column(String(20), default="statuses", server_default="statuses")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    members: Mapped[list[GroupMember]] = relationship(
        back_populates="group", order_by="GroupMember.position", cascade="all, delete-orphan"
    )

    def name_in(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_es


class GroupMember(Base):
    __tablename__ = "group_members"

    group_key: Mapped[str] = mapped_column(ForeignKey("working_groups.key"), primary_key=True)
    slack_user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    agency: Mapped[str] = mapped_column(ForeignKey("entities.key"))
    role: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)

    group: Mapped[WorkingGroup] = relationship(back_populates="members")


class StatusUpdate(Base):
    """One person's report on one activity for one reporting period. Editable until the period closes."""

    __tablename__ = "status_updates"
    __table_args__ = (UniqueConstraint("group_key", "period_key", "activity_id", "author"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_key: Mapped[str] = mapped_column(ForeignKey("working_groups.key"))
    period_key: Mapped[str] = mapped_column(String(40), index=True)  # a period's export, across groups
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"))
    author: Mapped[str] = mapped_column(String(32))
    agency: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[str] = mapped_column(Text)
    obstacles: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)  # the week's changes

    activity: Mapped[Activity] = relationship()


class LatestReport(Base):
    """Which of a reporter's updates on an activity of a group is the latest, kept by save_update, so the
    status views read one row per reporter and activity however long the history grows."""

    __tablename__ = "latest_reports"

    group_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    activity_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author: Mapped[str] = mapped_column(String(32), primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("status_updates.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class Absence(Base):
    """`/red ausente hasta <fecha>` or `del 1 al 15 de julio`: no prompts or nudges to this person from
    `starts` (None: right away) until `until` (inclusive)."""

    __tablename__ = "absences"

    slack_user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    starts: Mapped[dt.date | None] = mapped_column(Date)
    until: Mapped[dt.date] = mapped_column(Date)
    set_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Delivery(Base):
    """One scheduled message (prompt, nudge, summary, failure notice), keyed per occurrence so it is never
    sent twice.

    Written before sending (pending), claimed by one clock with a lease (sending), then sent; or retrying
    (a passing Slack error, with backoff); or failed (Slack said no in a way retrying cannot fix, or the
    retries ran out: the secretariat admins get a notice); or expired / skipped, with the reason."""

    __tablename__ = "deliveries"
    # A channel's latest digest (bot/digest/delivery.py) without walking the outbox; what a tick may send
    # without reading the rows that are done (storage/outbox.py sendable).
    __table_args__ = (
        Index("ix_deliveries_kind_recipient_due", "kind", "recipient", "due_at"),
        Index("ix_deliveries_status_due", "status", "due_at"),
        Index("ix_deliveries_group_period", "group_key", "period_key"),  # a period's prompts, as planned
    )

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    group_key: Mapped[str] = mapped_column(String(60))
    recipient: Mapped[str] = mapped_column(String(32))
    period_key: Mapped[str] = mapped_column(String(40))
    due_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # While sending: when the lease runs out. While retrying: when the next attempt is due.
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Why it failed, expired or was skipped: a Slack error code ("not_in_channel") or the outbox's own
    # ("period_closed"); config/messages.yaml words each one.
    reason: Mapped[str | None] = mapped_column(String(60))
    # The current claim: only the clock holding this token may renew the lease or record the outcome.
    claim_token: Mapped[str | None] = mapped_column(String(40))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # When an attempt whose outcome nobody saw began (a clock died mid-send, Slack's answer was lost):
    # before sending again, the conversation's history since then is searched for the message.
    unconfirmed_since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Failure episodes so far: each one gets its own notices (their keys carry this number).
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The Slack timestamp of the message it posted: a later delivery replies in its thread or pins it.
    message_ts: Mapped[str | None] = mapped_column(String(32))


class Meeting(Base):
    """One meeting: generated from a series' rule in config (quarterly, Executive Committee, a working
    group) for a horizon ahead, or scheduled ad hoc from Slack. Each can get an agenda, be moved or
    cancelled, and have minutes.

    A generated meeting is matched to its rule's occurrence by `uid` ("<series>:<occurrence>", e.g.
    "quarterly:2021-03"); while nobody has touched it (`touched_by` is None), a change of the rule moves it
    on the next `enlace load`, unless it has started. Ad hoc meetings have a random uid."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    series: Mapped[str | None] = mapped_column(String(60))  # config key; None for ad hoc
    kind: Mapped[str] = mapped_column(String(20))  # quarterly | committee | group | ad_hoc
    title_es: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    # Where the rule put it, when a holiday (or a person) moved it: shown so the move is visible.
    rule_starts_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    moved_reason: Mapped[str | None] = mapped_column(String(120))  # "holiday:<name>" | "moved"
    channel: Mapped[str] = mapped_column(String(32))
    place: Mapped[str] = mapped_column(Text, default="")  # a place or a link
    status: Mapped[str] = mapped_column(String(20), default="scheduled")  # scheduled | cancelled
    # Bumped on every move (the .ics SEQUENCE); reminders are keyed with it, so a move makes new ones.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str | None] = mapped_column(String(32))  # Slack user; None when from config
    touched_by: Mapped[str | None] = mapped_column(String(32))  # whoever last moved or cancelled it
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.id", cascade="all, delete-orphan"
    )
    minutes: Mapped[list[Minutes]] = relationship(
        back_populates="meeting", order_by="Minutes.id", cascade="all, delete-orphan"
    )

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_es


class AgendaItem(Base):
    """An item a person added to a meeting's agenda; removed items are kept, marked removed."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    removed_by: Mapped[str | None] = mapped_column(String(32))

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")


class Minutes(Base):
    """A meeting's minutes: a link and/or text, and the decisions or agreements as a list."""

    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    link: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[list[str]] = mapped_column(default=list)
    author: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    meeting: Mapped[Meeting] = relationship(back_populates="minutes")
