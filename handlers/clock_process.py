"""`enlace clock` and `enlace tick`: deliver everything due up to an instant, once.

The clock process wakes up every minute on an APScheduler trigger and asks the outbox what is due; tick
does the same for one instant and exits. The web process never starts a scheduler.
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from bot.clock import Clock, FixedClock, SystemClock
from bot.reporting.outbox import TickReport
from bot.settings import Settings
from handlers.app import build_services
from handlers.sender import SlackSender
from handlers.slack_client import make_web_client

log = logging.getLogger("enlace.clock")
NETWORK_ZONE = ZoneInfo("America/Mexico_City")


def parse_instant(text: str) -> dt.datetime:
    """ISO 8601; without an offset it is read in the Network's time zone."""
    instant = dt.datetime.fromisoformat(text)
    return instant if instant.tzinfo else instant.replace(tzinfo=NETWORK_ZONE)


def tick(settings: Settings, at: dt.datetime) -> TickReport:
    return _deliver(settings, FixedClock(at), at)


def _deliver(settings: Settings, clock: Clock, at: dt.datetime) -> TickReport:
    client = make_web_client(settings.slack_bot_token, settings.slack_api_url)
    _, reporting = build_services(settings, client, clock=clock)
    return reporting.deliver_due(SlackSender(client, settings.send_per_second), at)


def run_clock(settings: Settings) -> int:
    from apscheduler.schedulers.blocking import BlockingScheduler

    clock = SystemClock()
    client = make_web_client(settings.slack_bot_token, settings.slack_api_url)
    _, reporting = build_services(settings, client, clock=clock)
    sender = SlackSender(client, settings.send_per_second)

    def deliver() -> None:
        report = reporting.deliver_due(sender, clock.now())
        if report.planned or report.sent or report.failed:
            log.info("clock: %s", report.summary())

    scheduler = BlockingScheduler(
        timezone=NETWORK_ZONE,
        # One run at a time; a backlog of missed wake-ups collapses into one run, which catches up anyway.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
    )
    scheduler.add_job(deliver, "interval", minutes=1, next_run_time=clock.now(), id="deliver_due")
    log.info("clock started: delivering what is due every minute")
    scheduler.start()
    return 0
