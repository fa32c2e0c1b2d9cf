"""A clock tick with nothing to send, as the outbox grows: what every minute of `enlace clock` costs.

Usage: .venv/bin/python bench/idle_tick.py [--db sqlite|postgresql] [--deliveries 1000,100000,450000]

A database migrated and loaded from config/, with that many outbox rows already done (sent, some failed,
expired or skipped, as years of prompts, summaries and reminders leave them), then bot.reporting.outbox's
deliver_due (planning every kind: prompts, nudges, summaries, reminders, digests; then what is sendable) at
instants where nothing is due. Prints the median and p90 of 20 ticks, and of the sendable query alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.orm import Session, sessionmaker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.history import database  # noqa: E402
from bot.bootstrap import load_config  # noqa: E402
from bot.digest.delivery import digest_kinds  # noqa: E402
from bot.meetings.minutes_outbox import minutes_kinds  # noqa: E402
from bot.meetings.reminders import reminder_kinds  # noqa: E402
from bot.outbox.message import Message  # noqa: E402
from bot.render.i18n import Catalog  # noqa: E402
from bot.reporting.outbox import deliver_due  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from storage import outbox  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Delivery  # noqa: E402

NOW = dt.datetime(2022, 6, 22, 15, 7, tzinfo=dt.UTC)  # a Wednesday afternoon: no prompt, no digest due
DONE = ("sent",) * 17 + ("expired", "skipped", "failed")


class Anyone:
    """Takes whatever the first tick catches up on."""

    def send(self, recipient: str, message: Message, key: str) -> str | None:
        return "1.000001"

    def already_sent(self, recipient: str, key: str, since: dt.datetime) -> str | None:
        return None


class Nobody:
    def send(self, recipient: str, message: Message, key: str) -> str | None:
        raise AssertionError(f"nothing is due, yet {key} was sent")

    def already_sent(self, recipient: str, key: str, since: dt.datetime) -> str | None:
        return None


def prepare(url: str, deliveries: int) -> None:
    upgrade(url)
    factory = make_session_factory(make_engine(url))
    load_config(Settings(database_url=url, config_dir=ROOT / "config"), factory, FixedClock(NOW))
    with factory() as session, session.begin():
        rows = [
            {"key": f"prompt:bench:U{n % 500:05d}:{n // 500:06d}", "kind": "prompt", "group_key": "retorno",
             "recipient": f"U{n % 500:05d}", "period_key": f"p{n // 500:06d}",
             "due_at": NOW - dt.timedelta(days=1, minutes=n), "status": DONE[n % len(DONE)], "attempts": 1,
             "created_at": NOW - dt.timedelta(days=1, minutes=n), "failures": 0}
            for n in range(deliveries)
        ]  # fmt: skip
        for start in range(0, len(rows), 10_000):
            session.execute(insert(Delivery), rows[start : start + 10_000])
    with factory() as session, session.begin():
        session.execute(text("ANALYZE"))  # statistics, as autovacuum keeps them on a live database


def timed(work: object, runs: int = 20) -> tuple[float, float]:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        seconds.append((time.perf_counter() - start) * 1000)
    seconds.sort()
    return statistics.median(seconds), seconds[int(len(seconds) * 0.9) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--deliveries", default="1000,100000,450000")
    args = parser.parse_args()
    catalog = Catalog.load(ROOT / "config" / "messages.yaml")
    others = (reminder_kinds(catalog), minutes_kinds(catalog, lambda _: "es"), digest_kinds(catalog))
    for size in (int(s) for s in args.deliveries.split(",")):
        with database(args.db) as url:
            prepare(url, size)
            factory = make_session_factory(make_engine(url))
            deliver_due(factory, Anyone(), catalog, NOW, lambda _: "es", others=others)  # catch up once

            def query(factory: sessionmaker[Session] = factory) -> None:
                with factory() as session:
                    assert outbox.sendable(session, NOW) == []

            def tick(factory: sessionmaker[Session] = factory) -> None:
                report = deliver_due(factory, Nobody(), catalog, NOW, lambda _: "es", others=others)
                assert not report.sent

            q50, q90 = timed(query)
            t50, t90 = timed(tick)
            factory.kw["bind"].dispose()
        print(
            f"{args.db} {size:>7} deliveries: idle tick median {t50:.1f} ms (p90 {t90:.1f}); "
            f"sendable alone {q50:.2f} ms (p90 {q90:.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
