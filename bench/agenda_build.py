"""Benchmark: building a meeting's agenda (people's items and what Enlace knows) as `/red agenda` shows it to
an admin and as a channel post, over a growing history of status reports.

Usage: .venv/bin/python bench/agenda_build.py [--sizes 1000,10000,100000] [--runs 20]

A SQLite database loaded from config/, with `N` status reports spread over the groups' past periods (each
period, each member, each followed activity: the shape the modal writes), one quarterly meeting ahead with a
few items. Prints the median and the 95th percentile per size. Target (issue 8): under 50 ms at 100k, flat
as the history grows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from bot.bootstrap import load_config  # noqa: E402
from bot.meetings.agenda import agenda_sections  # noqa: E402
from bot.render.answer import Answer  # noqa: E402
from bot.render.blocks import render_blocks  # noqa: E402
from bot.render.i18n import Catalog  # noqa: E402
from bot.reporting.access import Viewer  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from storage import meetings as meetings_store  # noqa: E402
from storage import reporting as reporting_store  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Meeting, StatusUpdate  # noqa: E402

ZONE = ZoneInfo("America/Mexico_City")
NOW = dt.datetime(2022, 6, 20, 9, tzinfo=ZONE)
STATUSES = ("en_curso", "en_curso", "no_iniciado", "en_riesgo", "bloqueado", "completado")


def build(size: int, folder: Path) -> tuple[object, Meeting]:
    url = f"sqlite:///{folder / f'agenda-{size}.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    load_config(Settings(database_url=url, config_dir=ROOT / "config"), sessions, FixedClock(NOW))
    with sessions() as session, session.begin():
        groups = reporting_store.active_groups(session)
        rows = []
        periods = (NOW - dt.timedelta(days=7 * week) for week in itertools.count(0))
        counter = itertools.count()
        while len(rows) < size:
            opened = next(periods)
            for group in groups:
                activities = reporting_store.followed_activities(session, group.follows)
                for member in group.members:
                    for activity in activities:
                        n = next(counter)
                        stamp = opened.astimezone(dt.UTC)
                        rows.append({
                            "group_key": group.key, "period_key": f"{opened.date().isoformat()}",
                            "activity_id": activity.id, "author": member.slack_user_id, "agency": member.agency,
                            "status": STATUSES[n % len(STATUSES)], "progress": "Avance " * 20,
                            "obstacles": "Obstáculo " * 10, "next_steps": "", "created_at": stamp,
                            "updated_at": stamp,
                        })  # fmt: skip
        session.execute(insert(StatusUpdate), rows[:size])
        meeting = meetings_store.add_meeting(session, Meeting(
            uid="quarterly:2022-06", series=None, kind="quarterly", title_es="Reunión trimestral",
            title_en="Quarterly meeting", starts_at=dt.datetime(2022, 6, 30, 15, tzinfo=dt.UTC),
            duration_minutes=120, channel="C0RED00001", place="", status="scheduled", sequence=0,
            created_at=NOW, updated_at=NOW,
        ))  # fmt: skip
        for i in range(3):
            meetings_store.add_agenda_item(session, meeting, f"Punto {i}", "U0RET00001", NOW)
        meeting_id = meeting.id
    with sessions() as session:
        found = meetings_store.meeting_by_id(session, meeting_id)
        assert found is not None
        session.expunge(found)
    return sessions, found


def measure(sessions: object, meeting: Meeting, catalog: Catalog, runs: int) -> list[float]:
    times = []
    for run in range(runs):
        viewer = Viewer("U0ADMIN001") if run % 2 else None  # `/red agenda` by an admin, and a channel post
        start = time.perf_counter()
        with sessions() as session:  # type: ignore[operator]
            row = meetings_store.meeting_by_id(session, meeting.id)
            assert row is not None
            sections = agenda_sections(catalog, session, row, "es", NOW, viewer=viewer)
            render_blocks(Answer("es", "Agenda", tuple(sections)), catalog)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    catalog = Catalog.load(ROOT / "config" / "messages.yaml")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            sessions, meeting = build(size, Path(folder))
            measure(
                sessions, meeting, catalog, 2
            )  # warm: the plan's snapshot is built once per content version
            times = sorted(measure(sessions, meeting, catalog, args.runs))
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"{size:>7} reports: median {statistics.median(times):6.1f} ms, p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
