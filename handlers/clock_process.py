"""`enlace clock` and `enlace tick`: deliver everything due up to an instant, once.

The clock process wakes up every minute on an APScheduler trigger and asks the outbox what is due; tick
does the same for one instant and exits. The web process never starts a scheduler.
"""

from __future__ import annotations

import datetime as dt
import logging

from slack_sdk import WebClient

from bot.chat.service import Services
from bot.outbox.heartbeat import clock_ran
from bot.reporting.outbox import TickReport
from bot.settings import Settings
from bot.time.clock import NETWORK_TIMEZONE, FixedClock, SystemClock
from handlers.app import build_services
from handlers.sender import SlackSender
from handlers.slack_client import make_web_client

log = logging.getLogger("enlace.clock")


def parse_instant(text: str) -> dt.datetime:
    """ISO 8601; without an offset it is read in the Network's time zone."""
    instant = dt.datetime.fromisoformat(text)
    return instant if instant.tzinfo else instant.replace(tzinfo=NETWORK_TIMEZONE)


def lease(settings: Settings) -> dt.timedelta:
    return dt.timedelta(seconds=settings.claim_lease_seconds)


def tick(settings: Settings, at: dt.datetime) -> TickReport:
    """Everything due up to `at`; while the run goes on, its instant advances from `at` with real time."""
    client = make_web_client(settings.slack_bot_token, settings.slack_api_url)
    _, reporting = build_services(settings, client, clock=FixedClock(at))
    return reporting.deliver_due(SlackSender(client, settings.send_per_second), at, lease(settings))


def retry(settings: Settings, keys: list[str] | None) -> tuple[TickReport, dict[str, str | None]]:
    """`enlace outbox retry`: the given failed deliveries (None: every failed one) back in line, sent now;
    the report, and where each of them stands afterwards (None: no such delivery)."""
    client = make_web_client(settings.slack_bot_token, settings.slack_api_url)
    _, reporting = build_services(settings, client)
    if keys is None:
        keys = reporting.failed_keys()
    report = reporting.retry(SlackSender(client, settings.send_per_second), keys, lease(settings))
    return report, reporting.statuses(keys)


def refresh_homes(services: Services, client: WebClient) -> int:
    from handlers.home import publish

    users = services.home_users()
    return sum(publish(services, client, user, log) for user in users)


def run_clock(settings: Settings) -> int:
    from apscheduler.schedulers.blocking import BlockingScheduler

    clock = SystemClock()
    client = make_web_client(settings.slack_bot_token, settings.slack_api_url)
    services, reporting = build_services(settings, client, clock=clock)
    sender = SlackSender(client, settings.send_per_second)

    def deliver() -> None:
        report = reporting.deliver_due(sender, clock.now(), lease(settings))
        with services.session_factory() as session, session.begin():
            clock_ran(session, clock.now())  # /healthz reports a clock that stopped
        if report.planned or report.sent or report.retrying or report.failed or report.unreported:
            log.info("clock: %s", report.summary())
        if report.unreported:
            log.error("clock: could neither deliver nor report to anyone: %s", ", ".join(report.unreported))

    scheduler = BlockingScheduler(
        timezone=NETWORK_TIMEZONE,
        # One run at a time; a backlog of missed wake-ups collapses into one run, which catches up anyway.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
    )
    scheduler.add_job(deliver, "interval", minutes=1, next_run_time=clock.now(), id="deliver_due")
    # App Home tabs change when a load changes the plan or a quarter turns; only changed ones are republished.
    scheduler.add_job(lambda: refresh_homes(services, client), "interval", hours=1, id="refresh_homes")
    log.info("clock started: delivering what is due every minute")
    scheduler.start()
    return 0
