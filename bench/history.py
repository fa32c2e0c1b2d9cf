"""Synthetic status-report histories for benchmarks, written through the project's own models.

`prepare(kind, reports)` gives a migrated, loaded database (SQLite file or a new PostgreSQL database)
holding `reports` status updates spread over the working groups' activities and members, weekly periods
going back in time, every status represented (a few blocked and at risk in the latest period), with
latest_reports kept as save_update keeps it. The newest period is what a view of "now" shows; the rest is
history a flat view must not pay for.
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
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.bootstrap import load_config  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import GroupMember, LatestReport, StatusUpdate, WorkingGroup  # noqa: E402
from storage.reporting import followed_activities  # noqa: E402

PG_ADMIN_URL = os.environ.get("ENLACE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
STATUSES = ["en_curso", "en_curso", "completado", "no_iniciado", "en_riesgo", "bloqueado"]
NOW = dt.datetime(2022, 6, 20, 15, tzinfo=dt.UTC)


@contextmanager
def database(kind: str) -> Iterator[str]:
    """An empty database of `kind` ("sqlite" or "postgresql"), removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        return
    name = f"enlace_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def fill(url: str, reports: int, seed: int = 11) -> None:
    """Migrate, load config/, and write `reports` status updates ending at NOW."""
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    load_config(Settings(database_url=url, config_dir=ROOT / "config"), factory, FixedClock(NOW))
    rng = random.Random(seed)
    with factory() as session, session.begin():
        slots = []  # (group, activity id, author, agency)
        for group in session.scalars(select(WorkingGroup)):
            activities = followed_activities(session, group.follows)
            members = list(session.scalars(select(GroupMember).where(GroupMember.group_key == group.key)))
            slots += [(group.key, a.id, m.slack_user_id, m.agency) for a in activities for m in members]
        per_period = len(slots)
        periods = max(1, -(-reports // per_period))
        rows, latest = [], {}
        for n in range(reports):
            back, slot = divmod(n, per_period)
            group_key, activity_id, author, agency = slots[slot]
            at = NOW - dt.timedelta(weeks=back, minutes=slot)
            rows.append({
                "id": n + 1, "group_key": group_key, "period_key": f"w{periods - back:06d}",
                "activity_id": activity_id, "author": author, "agency": agency,
                "status": rng.choice(STATUSES), "progress": "Avance " * rng.randint(2, 30),
                "obstacles": "Falta de fondos " * rng.randint(0, 5), "next_steps": "Seguir",
                "created_at": at, "updated_at": at,
            })  # fmt: skip
            latest.setdefault((group_key, activity_id, author), (n + 1, at))
        for start in range(0, len(rows), 5000):
            session.execute(insert(StatusUpdate), rows[start : start + 5000])
        session.execute(insert(LatestReport), [
            {"group_key": g, "activity_id": a, "author": u, "update_id": i, "updated_at": at}
            for (g, a, u), (i, at) in latest.items()
        ])  # fmt: skip
    if url.startswith("postgresql"):
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            # Ids were written explicitly: later inserts must not collide with them.
            connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('status_updates', 'id'), max(id)) FROM status_updates"
                )
            )
            connection.execute(text("ANALYZE"))
    engine.dispose()
