"""Synthetic status-report histories for benchmarks, written through the project's own models.

`fill(url, reports)` migrates and loads a database (SQLite file or a new PostgreSQL database) and writes
`reports` status updates spread over the working groups' activities and members, one weekly period after
another going back from NOW (period keys are the periods' dates, as the real schedule names them), every
status represented (a few blocked and at risk in the latest period), with latest_reports kept as save_update
keeps it; and the deliveries such a history leaves in the outbox (prompts, nudges and summaries, all done:
about 0.45 per report unless told). The newest period is what a view of "now" shows; the rest is history a
flat view must not pay for.

Rows are written in batches as they are generated (COPY on PostgreSQL, one executemany per batch on
SQLite): a million reports take about a minute, not an hour, and never sit in memory at once.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, create_engine, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.bootstrap import load_config  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Delivery, GroupMember, LatestReport, StatusUpdate, WorkingGroup  # noqa: E402
from storage.reporting import followed_activities  # noqa: E402

PG_ADMIN_URL = os.environ.get("ENLACE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
STATUSES = ["en_curso", "en_curso", "completado", "no_iniciado", "en_riesgo", "bloqueado"]
NOW = dt.datetime(2022, 6, 20, 15, tzinfo=dt.UTC)  # a Monday, 10:00 in Mexico City: retorno's prompt
DELIVERIES_PER_REPORT = 0.45
DONE = ("sent",) * 17 + ("expired", "skipped", "failed")
BATCH = 20_000


@dataclass(frozen=True)
class History:
    reports: int
    deliveries: int
    per_period: int  # reports in each full period
    newest_period: str
    oldest_period: str  # the oldest whole one


def period_key(back: int) -> str:
    """The key of the period `back` weeks before NOW's: its date, as bot/reporting/schedule.py keys them."""
    return (NOW.date() - dt.timedelta(weeks=back)).isoformat()


@contextmanager
def database(kind: str) -> Iterator[str]:
    """An empty database of `kind` ("sqlite" or "postgresql"), removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        return
    name = f"enlace_bench_{uuid.uuid4().hex[:10]}"
    create_pg(name)
    try:
        yield pg_url(name)
    finally:
        drop_pg(name)


def pg_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def create_pg(name: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def drop_pg(name: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def fill(url: str, reports: int, seed: int = 11, deliveries: int | None = None) -> History:
    """Migrate, load config/, and write `reports` status updates ending at NOW, and their deliveries."""
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    load_config(Settings(database_url=url, config_dir=ROOT / "config"), factory, FixedClock(NOW))
    with factory() as session:
        slots = []  # (group, activity id, author, agency)
        members: dict[str, list[str]] = {}
        for group in session.scalars(select(WorkingGroup)):
            activities = followed_activities(session, group.follows)
            people = list(session.scalars(select(GroupMember).where(GroupMember.group_key == group.key)))
            members[group.key] = [m.slack_user_id for m in people]
            slots += [(group.key, a.id, m.slack_user_id, m.agency) for a in activities for m in people]
    per_period = len(slots)
    if deliveries is None:
        deliveries = round(reports * DELIVERIES_PER_REPORT)
    _write(engine, StatusUpdate.__table__, _reports(reports, slots, random.Random(seed)))
    latest = [
        {"group_key": g, "activity_id": a, "author": u, "update_id": slot + 1, "updated_at": _at(0, slot)}
        for slot, (g, a, u, _) in enumerate(slots[:reports])
    ]  # the newest period holds each reporter's latest word on each activity
    _write(engine, LatestReport.__table__, iter(latest))
    _write(engine, Delivery.__table__, islice(_deliveries(members), deliveries))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            # Ids were written explicitly: later inserts must not collide with them.
            connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('status_updates', 'id'), max(id)) FROM status_updates"
                )
            )
            connection.execute(text("ANALYZE"))  # statistics, as autovacuum keeps them on a live database
    engine.dispose()
    return History(
        reports, deliveries, per_period, period_key(0), period_key(max(0, reports // per_period - 1))
    )


def _at(back: int, slot: int) -> dt.datetime:
    return NOW - dt.timedelta(weeks=back, minutes=slot)


def _reports(
    reports: int, slots: list[tuple[str, int, str, str]], rng: random.Random
) -> Iterator[dict[str, Any]]:
    for n in range(reports):
        back, slot = divmod(n, len(slots))
        group_key, activity_id, author, agency = slots[slot]
        at = _at(back, slot)
        yield {
            "id": n + 1, "group_key": group_key, "period_key": period_key(back), "activity_id": activity_id,
            "author": author, "agency": agency, "status": rng.choice(STATUSES),
            "progress": "Avance " * rng.randint(2, 30), "obstacles": "Falta de fondos " * rng.randint(0, 5),
            "next_steps": "Seguir", "created_at": at, "updated_at": at,
        }  # fmt: skip


def _deliveries(members: dict[str, list[str]]) -> Iterator[dict[str, Any]]:
    """Each past period's prompts to every member, nudges to every other one and the channel's summary,
    newest period first, all done (sent, some expired, skipped or failed), as years of ticks leave them."""
    n, back = 0, 1  # the current period's are the clock's to plan
    while True:
        period = period_key(back)
        opens = NOW - dt.timedelta(weeks=back)
        for group_key, people in members.items():
            due = [("prompt", who, opens) for who in people]
            due += [("nudge", who, opens + dt.timedelta(days=3)) for who in people[::2]]
            due.append(("summary", f"C{group_key[:9].upper()}", opens + dt.timedelta(days=4)))
            for kind, recipient, at in due:
                status = DONE[n % len(DONE)]
                key = (
                    f"{kind}:{group_key}:{period}"
                    if kind == "summary"
                    else f"{kind}:{group_key}:{recipient}:{period}"
                )
                yield {
                    "key": key, "kind": kind, "group_key": group_key, "recipient": recipient, "period_key": period,
                    "due_at": at, "status": status, "attempts": 1, "next_attempt_at": None, "last_error": None,
                    "created_at": at, "sent_at": at if status == "sent" else None, "reason": None,
                    "claim_token": None, "claimed_at": None, "unconfirmed_since": None, "failures": 0,
                    "message_ts": "1.000001" if status == "sent" else None,
                }  # fmt: skip
                n += 1
        back += 1


def _write(engine: Engine, table: Table, rows: Iterator[dict[str, Any]]) -> None:
    """Insert `rows` in batches: COPY on PostgreSQL, executemany on SQLite."""
    columns = [c.name for c in table.columns]
    if engine.dialect.name != "postgresql":
        with engine.begin() as connection:
            while batch := list(islice(rows, BATCH)):
                connection.execute(insert(table), batch)
        return
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        names = ", ".join(f'"{c}"' for c in columns)
        with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row([row.get(c) for c in columns])
        raw.commit()
    finally:
        raw.close()
