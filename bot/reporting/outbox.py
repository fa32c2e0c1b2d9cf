"""The reporting deliveries: what is due (status prompts, nudges, summaries), and whether each may still go.

Every delivery is a row keyed per occurrence, written before anything is sent:
`prompt:<group>:<member>:<period>`, `nudge:<group>:<member>:<period>`, `summary:<group>:<period>`; sending
it is bot/outbox's job. Between planning and sending time passes (a clock may die in between and the
next tick come days later), so compose() checks again, at the moment of sending, what planning checked:
a prompt or nudge for a period that has closed is never sent, nor anything older than its kind's
catch-up window (unless an admin asks to resend it), nor a prompt to someone who has already reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.outbox.kinds import DeliveryKinds
from bot.outbox.message import Message, Sender, Verdict
from bot.outbox.run import CLAIM_LEASE, Run, TickReport
from bot.render.i18n import Catalog
from bot.reporting.groups import schedule_of
from bot.reporting.messages import prompt_message, summary_message
from bot.reporting.schedule import Period, period_by_key, periods
from bot.time.clock import RunningClock, network_zone, utc
from storage import outbox as outbox_store
from storage import reporting as store
from storage.models import Absence, Delivery, WorkingGroup

__all__ = ["CLAIM_LEASE", "Reporting", "Sender", "TickReport", "deliver_due", "deliver_now", "plan", "retry"]
DEFAULT_CATCH_UP = {"prompt": 12 * 3600, "nudge": 6 * 3600, "summary": 7 * 86400}


@dataclass(frozen=True)
class Reporting:
    zone: ZoneInfo
    catch_up: dict[str, dt.timedelta]

    @classmethod
    def of(cls, session: Session) -> Reporting:
        configured = store.reporting_settings(session).get("catch_up_seconds", {})
        seconds = {**DEFAULT_CATCH_UP, **configured}
        return cls(network_zone(session), {k: dt.timedelta(seconds=v) for k, v in seconds.items()})


# Everyone marked away (storage.reporting.absences_by_user), read once per tick rather than once a person.
Away = dict[str, Absence]
# A period's deliveries: (kind, recipient) -> (status, reason) (storage.reporting.delivery_statuses).
Statuses = dict[tuple[str, str], tuple[str, str | None]]


def recipients(session: Session, group: WorkingGroup, on: dt.date, away: Away | None = None) -> list[str]:
    """Who is prompted: every member, or one per agency (its lead first); nobody who is away that day."""
    away = store.absences_by_user(session) if away is None else away
    present = [m for m in group.members if not store.is_away(away.get(m.slack_user_id), on)]
    if group.prompt_to != "one_per_agency":
        return [m.slack_user_id for m in present]
    chosen: dict[str, str] = {}
    for member in sorted(present, key=lambda m: (m.role != "lead", m.position)):
        chosen.setdefault(member.agency, member.slack_user_id)
    return [m.slack_user_id for m in present if chosen.get(m.agency) == m.slack_user_id]


def reported(session: Session, group: WorkingGroup, period_key: str) -> set[str]:
    """Who has nothing left to report for the period: whoever reported; in a one-per-agency group, every
    member of an agency that reported."""
    authors = store.reporters(session, group.key, period_key)
    if group.prompt_to != "one_per_agency":
        return authors
    agencies = {m.agency for m in group.members if m.slack_user_id in authors}
    return authors | {m.slack_user_id for m in group.members if m.agency in agencies}


def still_waiting(session: Session, group: WorkingGroup, period: Period, on: dt.date, away: Away | None = None,
                  deliveries: Statuses | None = None) -> list[str]:  # fmt: skip
    """Who gets the nudge: people still in the group, not away that day, whose report (or, one per agency,
    whose agency's report) has not come in, and who were sent the prompt. In an each-member group, someone
    who had no prompt because they were away is nudged too: the nudge carries the same button."""
    away = store.absences_by_user(session) if away is None else away
    if deliveries is None:
        deliveries = store.delivery_statuses(session, group.key, period.key)
    done = reported(session, group, period.key)
    waiting = []
    for member in group.members:
        user = member.slack_user_id
        if not _nudgeable(group, user, deliveries) or store.is_away(away.get(user), on):
            continue
        if user not in done:
            waiting.append(user)
    return waiting


def _nudgeable(group: WorkingGroup, user: str, deliveries: Statuses) -> bool:
    """Sent the prompt; or, in an each-member group, had none because they were away (the nudge carries the
    same button)."""
    status, _ = deliveries.get(("prompt", user), (None, None))
    return status == "sent" or (status is None and group.prompt_to == "each_member")


def plan(session: Session, now: dt.datetime, report: TickReport) -> None:
    """Write a row for every delivery due up to now that has none yet. Someone who has already reported
    for the period (early, before it opened) is not prompted: their row says so."""
    settings = Reporting.of(session)
    away = store.absences_by_user(session)
    for group in store.active_groups(session):
        schedule = schedule_of(group)
        since = now - schedule.open_for - settings.catch_up["summary"] - dt.timedelta(days=1)
        for period in periods(schedule, settings.zone, since, now):
            # One read of what this period already has: each row below is written only if it is missing.
            planned = store.delivery_statuses(session, group.key, period.key)
            local = period.opens_at.astimezone(settings.zone).date()
            unplanned = [u for u in recipients(session, group, local, away) if ("prompt", u) not in planned]
            done = reported(session, group, period.key) if unplanned else set()
            for user in unplanned:  # written now: the nudge below sees it as it stands
                planned[("prompt", user)] = _ensure(
                    session, settings, report, "prompt", group, user, period, period.opens_at, now,
                    skip="already_reported" if user in done else None,
                )  # fmt: skip
            if period.nudge_at and period.nudge_at <= now and _may_need_nudges(group, planned):
                nudge_day = period.nudge_at.astimezone(settings.zone).date()
                for user in still_waiting(session, group, period, nudge_day, away, planned):
                    if ("nudge", user) not in planned:
                        _ensure(session, settings, report, "nudge", group, user, period, period.nudge_at, now)
            if period.closes_at <= now and ("summary", group.channel) not in planned:
                _ensure(
                    session, settings, report, "summary", group, group.channel, period, period.closes_at, now
                )


def _may_need_nudges(group: WorkingGroup, planned: Statuses) -> bool:
    """Whether a member who may be nudged has no nudge row yet; if every one has, who is still waiting need
    not be read."""
    return any(
        _nudgeable(group, m.slack_user_id, planned) and ("nudge", m.slack_user_id) not in planned
        for m in group.members
    )


def _ensure(session: Session, settings: Reporting, report: TickReport, kind: str, group: WorkingGroup,
            recipient: str, period: Period, due_at: dt.datetime, now: dt.datetime,
            skip: str | None = None) -> tuple[str, str | None]:  # fmt: skip
    """Write the row unless another clock just did; its (status, reason) as written."""
    key = (
        f"{kind}:{group.key}:{period.key}"
        if kind == "summary"
        else f"{kind}:{group.key}:{recipient}:{period.key}"
    )
    late = now - due_at > settings.catch_up[kind]
    status, reason = ("skipped", skip) if skip else ("expired", "too_late") if late else ("pending", None)
    row = Delivery(
        key=key, kind=kind, group_key=group.key, recipient=recipient, period_key=period.key,
        due_at=due_at.astimezone(dt.UTC), status=status, reason=reason, attempts=0, created_at=now,
    )  # fmt: skip
    if outbox_store.add_delivery(session, row):
        report.planned += 1
        report.expired += status == "expired"
        if status == "skipped":
            report.skipped.append(key)
    return status, reason


def compose(catalog: Catalog, language: Callable[[str], str], session: Session, row: Delivery,
            at: dt.datetime, now: dt.datetime, manual: bool) -> Message | Verdict:  # fmt: skip
    """At the moment of sending: the message, or why it must not go any more. `at` is the instant the run
    stands for (ages count from it, as when planning); `now` has moved on since."""
    group = store.group(session, row.group_key)
    if group is None or group.archived:
        return Verdict("skipped", "group_archived")
    settings = Reporting.of(session)
    period = period_by_key(schedule_of(group), settings.zone, row.period_key)
    if period is None:
        return Verdict("skipped", "no_period")
    late = at - utc(row.due_at) > settings.catch_up[row.kind]
    if row.kind == "summary":
        if late and not manual:
            return Verdict("expired", "too_late")
        return Message(*summary_message(catalog, session, group, period, language(row.recipient)))
    if now >= period.closes_at:
        return Verdict("expired", "period_closed")
    if late and not manual:
        return Verdict("expired", "too_late")
    if row.kind == "prompt" and row.recipient in reported(session, group, period.key):
        return Verdict("skipped", "already_reported")
    if row.kind == "nudge":
        on = now.astimezone(settings.zone).date()
        if row.recipient not in still_waiting(session, group, period, on):
            return Verdict("skipped", "not_waiting")  # answered (or went away) since it was planned
    lang = language(row.recipient)  # asks Slack for the person's locale: only for what is sent
    return Message(
        *prompt_message(catalog, group, period, lang, nudge=row.kind == "nudge", zone=settings.zone)
    )


def deliver_due(
    session_factory: sessionmaker[Session], sender: Sender, catalog: Catalog, now: dt.datetime,
    language: Callable[[str], str], lease: dt.timedelta = CLAIM_LEASE, others: tuple[DeliveryKinds, ...] = (),
) -> TickReport:  # fmt: skip
    """Plan, then send every claimable delivery due up to now, reporting's and `others`' (meetings...).
    Same code for `enlace tick` and the clock."""
    # Instants are stored and compared in UTC: SQLite keeps no offset, so mixed offsets would compare wrongly.
    start = now.astimezone(dt.UTC)
    report = TickReport()
    with session_factory() as session, session.begin():
        plan(session, start, report)
        for other in others:
            other.plan(session, start, report)
    with session_factory() as session:
        keys = [row.key for row in outbox_store.sendable(session, start)]
    return _run(session_factory, sender, catalog, language, start, lease, report, None, others).deliver_all(
        keys
    )


def retry(
    session_factory: sessionmaker[Session], sender: Sender, catalog: Catalog, now: dt.datetime,
    language: Callable[[str], str], keys: list[str], lease: dt.timedelta = CLAIM_LEASE,
    answered_by: str | None = None, others: tuple[DeliveryKinds, ...] = (),
) -> TickReport:  # fmt: skip
    """Put failed deliveries back and send them now, whatever their age (a person asked); a period that has
    closed still stops a prompt or a nudge. Those not failed are left alone."""
    with session_factory() as session, session.begin():
        back = [key for key in keys if outbox_store.put_back(session, key)]
    start = now.astimezone(dt.UTC)
    run = _run(session_factory, sender, catalog, language, start, lease, TickReport(), answered_by, others)
    return run.deliver_all(back, manual=True)


def deliver_now(
    session_factory: sessionmaker[Session], sender: Sender, catalog: Catalog, now: dt.datetime,
    language: Callable[[str], str], keys: list[str], lease: dt.timedelta = CLAIM_LEASE,
    others: tuple[DeliveryKinds, ...] = (),
) -> TickReport:  # fmt: skip
    """Send these deliveries right away, without planning (rows just written, e.g. minutes saved); one that
    another run holds is left to it, and whatever fails is retried by the clock like any delivery."""
    start = now.astimezone(dt.UTC)
    return _run(
        session_factory, sender, catalog, language, start, lease, TickReport(), None, others
    ).deliver_all(keys)


def _run(
    session_factory: sessionmaker[Session], sender: Sender, catalog: Catalog, language: Callable[[str], str],
    start: dt.datetime, lease: dt.timedelta, report: TickReport, answered_by: str | None = None,
    others: tuple[DeliveryKinds, ...] = (),
) -> Run:  # fmt: skip
    """The outbox over every kind of delivery, standing for `start` (UTC) and advancing from it."""
    own = partial(compose, catalog, language)

    def any_kind(
        session: Session, row: Delivery, at: dt.datetime, now: dt.datetime, manual: bool
    ) -> Message | Verdict:
        for other in others:
            if row.kind in other.kinds:
                return other.compose(session, row, at, now, manual)
        return own(session, row, at, now, manual)

    def after_sent(session: Session, row: Delivery, ts: str | None, now: dt.datetime) -> list[str]:
        for other in others:
            if row.kind in other.kinds and other.after_sent is not None:
                return other.after_sent(session, row, ts, now)
        return []

    return Run(session_factory, sender, catalog, language, any_kind,
               RunningClock(start), start, lease, report, answered_by, after_sent)  # fmt: skip
