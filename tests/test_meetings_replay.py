"""A whole year replayed from a fresh database, as `enlace tick --at` would: nothing of 2021 is in the
calendar until the clock's own instant reaches it (each tick materialises the calendar from its instant),
and 2021's four quarterly meetings are reminded 7 days, 1 day and 1 hour before, each reminder once, at
its instant, by two clocks taking turns and both waking at each instant of the meetings' weeks.

Working groups are archived here: their prompts are the reporting tests' business, and they would only
make this year slower to replay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

pytest.register_assert_rewrite("tests.reporting_fixtures")

from bot.bootstrap import load_config  # noqa: E402
from bot.outbox.run import TickReport  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from handlers.app import build_services  # noqa: E402
from handlers.clock_process import tick  # noqa: E402
from handlers.sender import SlackSender  # noqa: E402
from handlers.slack_client import make_web_client  # noqa: E402
from storage import meetings as store  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import WorkingGroup  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests.conftest import CONFIG  # noqa: E402
from tests.fakeslack import FakeSlack  # noqa: E402
from tests.reporting_fixtures import local  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]

NETWORK = "C0RED00001"
HOUR, DAY, WEEK = dt.timedelta(hours=1), dt.timedelta(days=1), dt.timedelta(days=7)


@pytest.fixture
def fresh(tmp_path: Path, fake_slack: FakeSlack) -> Iterator[Settings]:
    """Migrated and loaded today (2026-11-30), as `make run` leaves it: no meeting of 2021 exists."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    load_config(Settings(database_url=url, config_dir=CONFIG), factory,
                FixedClock(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)))  # fmt: skip
    with factory() as session, session.begin():
        session.execute(update(WorkingGroup).values(archived=True))
    rf.without_digests(factory)
    engine.dispose()
    yield rf.settings_for(url, fake_slack)


def a_clock(settings: Settings) -> Callable[[dt.datetime], TickReport]:
    client = make_web_client(settings.slack_bot_token, settings.slack_api_url)
    _, reporting = build_services(settings, client, clock=FixedClock(local(2021, 1, 1)))
    sender = SlackSender(client, settings.send_per_second)
    return lambda at: reporting.deliver_due(sender, at)


def test_2021_replayed_from_a_fresh_database_reminds_each_quarterly_meeting_three_times(
    fresh: Settings, fake_slack: FakeSlack
) -> None:
    engine = make_engine(fresh.database_url)
    with make_session_factory(engine)() as session:
        assert store.between(session, local(2021, 1, 1), local(2022, 1, 1)) == []
    # The last Thursday of March, June, September and December 2021, 10:00 in Mexico City (none a holiday).
    starts = [local(2021, 3, 25, 10), local(2021, 6, 24, 10), local(2021, 9, 30, 10), local(2021, 12, 30, 10)]
    clocks = [a_clock(fresh), a_clock(fresh)]
    seen: list[tuple[dt.datetime, str]] = []
    day = local(2021, 1, 1)
    while day < local(2022, 1, 1):
        near = any(dt.timedelta(0) <= s - day <= 8 * DAY for s in starts)
        for n, at in enumerate((day.replace(hour=9), day.replace(hour=10))):
            # Near a meeting both clocks wake at each instant (a re-tick, and a race one of them loses).
            for clock in clocks if near else clocks[n : n + 1]:
                before = len(rf.ok_posts(fake_slack))
                report = clock(at)
                assert not report.failed and not report.unreported, (at, report.summary())
                seen += [(at, p["metadata"]["event_payload"]["key"])
                         for p in rf.ok_posts(fake_slack)[before:] if p["channel"] == NETWORK]  # fmt: skip
        day += DAY
    expected = [
        (start - offset, f"reminder:quarterly:{start:%Y-%m}:0:{int(offset.total_seconds())}")
        for start in starts
        for offset in (WEEK, DAY, HOUR)
    ]
    assert seen == expected
    # `enlace tick --at` itself, a fresh process at an instant already served: nothing more is posted.
    before = len(rf.ok_posts(fake_slack))
    assert tick(fresh, local(2021, 12, 30, 9)).sent == []
    assert len(rf.ok_posts(fake_slack)) == before
    with make_session_factory(engine)() as session:
        found = store.between(session, local(2021, 1, 1), local(2022, 1, 1))
        assert [m.uid for m in found] == [f"quarterly:{s:%Y-%m}" for s in starts]
    engine.dispose()
