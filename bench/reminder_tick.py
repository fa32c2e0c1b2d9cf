"""Benchmark: what meeting reminders add to every clock tick when nothing is due.

Usage: .venv/bin/python bench/reminder_tick.py [--meetings 2000] [--deliveries 100000] [--ticks 300]
       (DATABASE_URL=postgresql://... to run it on PostgreSQL; default a temporary SQLite file)

A database migrated and loaded from config/, with `--meetings` meetings (a third past, the rest spread over
the next year, one in ten cancelled) and `--deliveries` outbox rows of past reminders, then `--ticks` calls
of bot.meetings.reminders.plan at instants where no reminder is due. Prints the median and p99 of one plan
call, inside its own transaction as the clock runs it. Target (issue 8): well under 20 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.bootstrap import load_config  # noqa: E402
from bot.meetings import reminders  # noqa: E402
from bot.outbox.run import TickReport  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Delivery, Meeting  # noqa: E402

ZONE = ZoneInfo("America/Mexico_City")
NOW = dt.datetime(2021, 6, 10, 12, 7, tzinfo=ZONE)


def prepare(url: str, meetings: int, deliveries: int) -> None:
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    load_config(Settings(database_url=url, config_dir=ROOT / "config"), factory, FixedClock(NOW))
    created = (NOW - dt.timedelta(days=400)).astimezone(dt.UTC)
    with factory() as session, session.begin():
        for n in range(meetings):
            # A third in the past year, the rest in the next, all at 10:00 or 16:00 and never within the
            # next 8 days (so nothing is due at the benchmark's instants). Scheduled by a person: the
            # calendar's own rows are the config's series, which each tick materialises as well.
            days = -365 + n * 3 // 2 % 363 if n % 3 == 0 else 9 + n % 356
            starts = (NOW + dt.timedelta(days=days)).replace(hour=10 if n % 2 else 16, minute=0)
            session.add(Meeting(
                uid=f"bench:{n}", series="quarterly" if n % 4 else None, kind="quarterly", title_es=f"R {n}",
                title_en=f"M {n}", starts_at=starts.astimezone(dt.UTC), duration_minutes=60,
                channel="C0BENCH001", place="", status="cancelled" if n % 10 == 0 else "scheduled",
                sequence=0, created_by="U0ADMIN001", created_at=created, updated_at=created,
            ))  # fmt: skip
        for n in range(deliveries):
            due = (NOW - dt.timedelta(days=30, minutes=n)).astimezone(dt.UTC)
            session.add(Delivery(
                key=f"reminder:old:{n}:0:3600", kind="reminder", group_key="", recipient="C0BENCH001",
                period_key=f"old:{n}", due_at=due, status="sent", attempts=1, created_at=due, sent_at=due,
            ))  # fmt: skip
            if n % 5000 == 4999:
                session.flush()
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--deliveries", type=int, default=100_000)
    parser.add_argument("--ticks", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        started = time.perf_counter()
        prepare(url, args.meetings, args.deliveries)
        print(f"prepared {args.meetings} meetings, {args.deliveries} deliveries in "
              f"{time.perf_counter() - started:.1f} s ({url.split(':')[0]})")  # fmt: skip
        factory = make_session_factory(make_engine(url))
        times = []
        for n in range(args.ticks):
            at = NOW + dt.timedelta(minutes=n)
            report = TickReport()
            begin = time.perf_counter()
            with factory() as session, session.begin():
                reminders.plan(session, at.astimezone(dt.UTC), report)
            times.append((time.perf_counter() - begin) * 1000)
            assert report.planned == 0, report
        print("first ticks (ms):", ", ".join(f"{t:.1f}" for t in times[:5]))
        times.sort()
        p95, p99 = (times[min(len(times) - 1, int(len(times) * q))] for q in (0.95, 0.99))
        print(f"reminders.plan with nothing due, {args.ticks} ticks: median {statistics.median(times):.2f} ms, "
              f"p95 {p95:.2f} ms, p99 {p99:.2f} ms (target: well under 20 ms)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
