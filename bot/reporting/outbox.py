"""The clock's one question: what is due up to now that has not been delivered?

Every delivery (prompt, nudge, summary) is a row keyed per occurrence, written before anything is sent:
`prompt:<group>:<member>:<period>`, `nudge:<group>:<member>:<period>`, `summary:<group>:<period>`. A row is
claimed by one clock at a time, sent, then marked; a Slack failure leaves it to be retried with backoff,
so nothing is sent twice and nothing is dropped. After downtime, what is older than its kind's catch-up
window is recorded as expired instead of being sent late.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.i18n import Catalog
from bot.reporting.messages import prompt_message, summary_message
from bot.reporting.schedule import GroupSchedule, Period, periods
from storage import queries
from storage import reporting as store
from storage.models import Delivery, WorkingGroup

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
# How long a clock may hold a claimed delivery before another may take it over (it died mid-send).
CLAIM_LEASE = dt.timedelta(minutes=10)
DEFAULT_CATCH_UP = {"prompt": 12 * 3600, "nudge": 6 * 3600, "summary": 7 * 86400}


class Sender(Protocol):
    def send(self, recipient: str, blocks: list[dict[str, Any]], text: str) -> None: ...


@dataclass
class TickReport:
    planned: int = 0
    expired: int = 0
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"planned {self.planned}, sent {len(self.sent)}, failed {len(self.failed)}, "
                f"skipped {len(self.skipped)}, expired {self.expired}")  # fmt: skip


@dataclass(frozen=True)
class Reporting:
    zone: ZoneInfo
    catch_up: dict[str, dt.timedelta]

    @classmethod
    def of(cls, session: Session) -> Reporting:
        settings = queries.network_settings(session).get("reporting") or {}
        seconds = {**DEFAULT_CATCH_UP, **settings.get("catch_up_seconds", {})}
        zone = ZoneInfo(settings.get("timezone") or "America/Mexico_City")
        return cls(zone, {k: dt.timedelta(seconds=v) for k, v in seconds.items()})


def schedule_of(group: WorkingGroup) -> GroupSchedule:
    return GroupSchedule.from_row(group.schedule, group.open_for_minutes, group.nudge_minutes)


def _present(session: Session, user: str, on: dt.date) -> bool:
    return not store.away_on(session, user, on)


def recipients(session: Session, group: WorkingGroup, on: dt.date) -> list[str]:
    """Who is prompted: every member, or one per agency (its lead first); nobody who is away that day."""
    present = [m for m in group.members if _present(session, m.slack_user_id, on)]
    if group.prompt_to != "one_per_agency":
        return [m.slack_user_id for m in present]
    chosen: dict[str, str] = {}
    for member in sorted(present, key=lambda m: (m.role != "lead", m.position)):
        chosen.setdefault(member.agency, member.slack_user_id)
    return [m.slack_user_id for m in present if chosen.get(m.agency) == m.slack_user_id]


def still_waiting(session: Session, group: WorkingGroup, period: Period, on: dt.date) -> list[str]:
    """Who gets the nudge: people still in the group, not away that day, whose report (or, one per agency,
    whose agency's report) has not come in, and who were sent the prompt. In an each-member group, someone
    who had no prompt because they were away is nudged too: the nudge carries the same button."""
    reported = store.reporters(session, group.key, period.key)
    agencies = {m.agency for m in group.members if m.slack_user_id in reported}
    prompts = store.prompt_statuses(session, group.key, period.key)
    waiting = []
    for member in group.members:
        user = member.slack_user_id
        status = prompts.get(user)
        missed_while_away = status is None and group.prompt_to == "each_member"
        if not (status == "sent" or missed_while_away) or not _present(session, user, on):
            continue
        done = member.agency in agencies if group.prompt_to == "one_per_agency" else user in reported
        if not done:
            waiting.append(user)
    return waiting


def plan(session: Session, now: dt.datetime, report: TickReport) -> None:
    """Write a row for every delivery due up to now that has none yet."""
    settings = Reporting.of(session)
    for group in store.active_groups(session):
        schedule = schedule_of(group)
        since = now - schedule.open_for - settings.catch_up["summary"] - dt.timedelta(days=1)
        for period in periods(schedule, settings.zone, since, now):
            local = period.opens_at.astimezone(settings.zone).date()
            for user in recipients(session, group, local):
                _ensure(session, settings, report, "prompt", group, user, period, period.opens_at, now)
            if period.nudge_at and period.nudge_at <= now:
                nudge_day = period.nudge_at.astimezone(settings.zone).date()
                for user in still_waiting(session, group, period, nudge_day):
                    _ensure(session, settings, report, "nudge", group, user, period, period.nudge_at, now)
            if period.closes_at <= now:
                _ensure(
                    session, settings, report, "summary", group, group.channel, period, period.closes_at, now
                )


def _ensure(session: Session, settings: Reporting, report: TickReport, kind: str, group: WorkingGroup,
            recipient: str, period: Period, due_at: dt.datetime, now: dt.datetime) -> None:  # fmt: skip
    key = (
        f"{kind}:{group.key}:{period.key}"
        if kind == "summary"
        else f"{kind}:{group.key}:{recipient}:{period.key}"
    )
    late = now - due_at > settings.catch_up[kind]
    row = Delivery(
        key=key, kind=kind, group_key=group.key, recipient=recipient, period_key=period.key,
        due_at=due_at.astimezone(dt.UTC),
        status="expired" if late else "pending", attempts=0, created_at=now,
    )  # fmt: skip
    if store.add_delivery(session, row):
        report.planned += 1
        report.expired += late


def deliver_due(
    session_factory: sessionmaker[Session], sender: Sender, catalog: Catalog, now: dt.datetime,
    language: Callable[[str], str],
) -> TickReport:  # fmt: skip
    """Plan, then send every claimable delivery due up to now. Same code for `enlace tick` and the clock."""
    # Instants are stored and compared in UTC: SQLite keeps no offset, so mixed offsets would compare wrongly.
    now = now.astimezone(dt.UTC)
    report = TickReport()
    with session_factory() as session, session.begin():
        plan(session, now, report)
    with session_factory() as session:
        keys = [row.key for row in store.sendable(session, now)]
    for key in keys:
        _deliver(session_factory, sender, catalog, now, language, key, report)
    return report


def _deliver(session_factory: sessionmaker[Session], sender: Sender, catalog: Catalog, now: dt.datetime,
             language: Callable[[str], str], key: str, report: TickReport) -> None:  # fmt: skip
    with session_factory() as session, session.begin():
        if not store.claim(session, key, now, CLAIM_LEASE):
            return  # another clock has it
    with session_factory() as session:
        row = store.delivery(session, key)
        assert row is not None
        message = _compose(session, catalog, row, now, language)
        attempts = row.attempts
    if message is None:
        with session_factory() as session, session.begin():
            store.finish(session, key, "skipped", now)
        report.skipped.append(key)
        return
    try:
        sender.send(row.recipient, *message)
    except Exception as error:  # Slack said no even after the client's own retries: try again later
        log.warning("delivery %s failed (attempt %d): %s", key, attempts + 1, error)
        status = "abandoned" if attempts + 1 >= MAX_ATTEMPTS else "failed"
        retry_at = now + min(dt.timedelta(minutes=2**attempts), dt.timedelta(hours=1))
        with session_factory() as session, session.begin():
            store.finish(session, key, status, now, error=str(error)[:500], retry_at=retry_at)
        report.failed.append(key)
        return
    with session_factory() as session, session.begin():
        store.finish(session, key, "sent", now)
    report.sent.append(key)


def _compose(session: Session, catalog: Catalog, row: Delivery, now: dt.datetime,
             language: Callable[[str], str]) -> tuple[list[dict[str, Any]], str] | None:  # fmt: skip
    group = store.group(session, row.group_key)
    if group is None or group.archived:
        return None
    settings = Reporting.of(session)
    period = _period(group, settings.zone, row.period_key)
    if period is None:
        return None
    if row.kind == "summary":
        return summary_message(catalog, session, group, period, language(row.recipient))
    if row.kind == "nudge":
        on = now.astimezone(settings.zone).date()
        if row.recipient not in still_waiting(session, group, period, on) or now >= period.closes_at:
            return None  # answered (or went away) since the nudge was planned
    return prompt_message(catalog, group, period, language(row.recipient), nudge=row.kind == "nudge")


def _period(group: WorkingGroup, zone: ZoneInfo, period_key: str) -> Period | None:
    day = dt.date.fromisoformat(period_key)
    start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    for period in periods(schedule_of(group), zone, start, start + dt.timedelta(days=1)):
        if period.key == period_key:
            return period
    return None
