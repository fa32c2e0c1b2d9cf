"""`enlace clock`: APScheduler set up on purpose, and its job delivering through the same path as tick."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.blocking import BlockingScheduler

from bot.settings import Settings
from bot.time.clock import FixedClock
from handlers import clock_process
from storage import queries
from storage.db import make_engine, make_session_factory
from tests.conftest import CONFIG
from tests.fakeslack import FakeSlack

MEXICO = ZoneInfo("America/Mexico_City")
PROMPT_TIME = dt.datetime(2021, 6, 7, 10, 0, tzinfo=MEXICO)


def test_clock_schedules_delivery_and_home_refresh_and_delivers_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: list[BlockingScheduler] = []

    def start(self: BlockingScheduler, *args: Any, **kwargs: Any) -> None:
        started.append(self)
        for job in self._pending_jobs:  # run each job once instead of blocking forever
            job[0].func()
        for job in self._pending_jobs:
            if job[0].id == "deliver_due":
                job[0].func()  # a second wake-up at the same instant sends nothing new

    monkeypatch.setattr(BlockingScheduler, "start", start)
    monkeypatch.setattr(clock_process, "SystemClock", lambda: FixedClock(PROMPT_TIME))
    with FakeSlack() as fake:
        settings = Settings(
            database_url=f"sqlite:///{tmp_path / 'clock.sqlite3'}", config_dir=CONFIG,
            slack_bot_token="xoxb-clock-test", slack_signing_secret="clock-secret-0123456789",
            slack_api_url=fake.base_url, send_per_second=1000,
        )  # fmt: skip
        assert clock_process.run_clock(settings) == 0
        (scheduler,) = started
        assert scheduler.timezone == MEXICO
        assert scheduler._job_defaults == {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}
        jobs = {job[0].id: job[0] for job in scheduler._pending_jobs}
        assert set(jobs) == {"deliver_due", "refresh_homes"}
        assert jobs["deliver_due"].trigger.interval == dt.timedelta(minutes=1)
        posts = [p["channel"] for p in fake.calls_to("chat.postMessage")]
    # 2021-06-07 10:00: the four members of the "retorno" group are prompted, once each; the "detencion"
    # group's agencies get their nudge for the period that opened on 2021-06-01 (close 06-08, nudge moved
    # from Sunday 06-06 to Monday 06-07).
    assert sorted(p for p in posts if p.startswith("U0RET")) == [
        "U0RET00001",
        "U0RET00002",
        "U0RET00003",
        "U0RET00004",
    ]
    assert len(posts) == len(set(posts))
    engine = make_engine(settings.database_url)
    with make_session_factory(engine)() as session:  # each round leaves its heartbeat for /healthz
        assert queries.last_beat(session, "clock") == PROMPT_TIME
    engine.dispose()


def test_tick_and_clock_need_a_bot_token(tmp_path: Path) -> None:
    from tests.inprocess import enlace

    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    for args in (["tick", "--at", "2021-06-07T10:00"], ["clock"]):
        result = enlace(*args, env=env, cwd=tmp_path)
        assert result.returncode == 2 and "SLACK_BOT_TOKEN" in result.stderr


def test_home_refresh_republishes_only_tabs_whose_content_changed(tmp_path: Path) -> None:
    import logging

    from handlers.app import build_services
    from handlers.home import publish
    from handlers.slack_client import make_web_client

    clock = FixedClock(dt.datetime(2021, 5, 10, 12, 0, tzinfo=MEXICO))
    with FakeSlack() as fake:
        settings = Settings(
            database_url=f"sqlite:///{tmp_path / 'home.sqlite3'}", config_dir=CONFIG,
            slack_bot_token="xoxb-home-test", slack_signing_secret="home-secret-0123456789",
            slack_api_url=fake.base_url,
        )  # fmt: skip
        client = make_web_client(settings.slack_bot_token, fake.base_url)
        services, _ = build_services(settings, client, clock=clock)
        assert publish(services, client, "U0HOME0001", logging.getLogger("test"))
        assert clock_process.refresh_homes(services, client) == 0  # nothing changed: nothing republished
        clock.instant = dt.datetime(
            2021, 7, 5, 12, 0, tzinfo=MEXICO
        )  # a new quarter: "due this quarter" changes
        assert clock_process.refresh_homes(services, client) == 1
        views = [json.dumps(call["view"], ensure_ascii=False) for call in fake.calls_to("views.publish")]
    assert len(views) == 2
    assert "segundo trimestre de 2021" in views[0] and "tercer trimestre de 2021" in views[1]
