"""Benchmark: building a meeting's reminder with its automatic agenda, as the clock composes it for the
channel, and the agenda as `/red agenda` shows it to an admin, over a growing history of status reports.

Usage: .venv/bin/python bench/agenda_build.py [--sizes 1000,10000,100000] [--runs 20] [--db sqlite|postgresql]

The history is bench/history.py's (weekly periods going back, every status represented, latest_reports kept
as save_update keeps it), with one quarterly meeting ahead holding three items. Prints the median and the
95th percentile per size, for the whole reminder (bot.meetings.reminders.compose: checks, agenda, Block
Kit) and for `/red agenda`. Target (issue 8): under 50 ms at 100k, flat as the
history grows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from history import NOW, database, fill  # noqa: E402

from bot.meetings.agenda import agenda_sections  # noqa: E402
from bot.meetings.ics import CalendarLinks  # noqa: E402
from bot.meetings.reminders import compose  # noqa: E402
from bot.outbox.message import Message  # noqa: E402
from bot.render.answer import Answer  # noqa: E402
from bot.render.blocks import render_blocks  # noqa: E402
from bot.render.i18n import Catalog  # noqa: E402
from bot.reporting.access import Viewer  # noqa: E402
from storage import meetings as meetings_store  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.models import Delivery, Meeting  # noqa: E402


def add_meeting(url: str) -> tuple[object, int]:
    sessions = make_session_factory(make_engine(url))
    with sessions() as session, session.begin():
        meeting = meetings_store.add_meeting(session, Meeting(
            uid="bench:2022-06", series="quarterly", kind="quarterly", title_es="Reunión trimestral",
            title_en="Quarterly meeting", starts_at=NOW + dt.timedelta(days=10), duration_minutes=120,
            channel="C0RED00001", place="", status="scheduled", sequence=0, created_at=NOW, updated_at=NOW,
        ))  # fmt: skip
        for i in range(3):
            meetings_store.add_agenda_item(session, meeting, f"Punto {i}", "U0RET00001", NOW)
        return sessions, meeting.id


def measure(sessions: object, meeting: int, catalog: Catalog, runs: int) -> tuple[list[float], list[float]]:
    """(the reminder one day before, as the clock composes it; the agenda as an admin's `/red agenda`)"""
    reminders, agendas = [], []
    due = NOW + dt.timedelta(days=9)
    delivery = Delivery(key="reminder:bench:2022-06:0:86400", kind="reminder", group_key="",
                        recipient="C0RED00001", period_key="bench:2022-06", due_at=due)  # fmt: skip
    for _ in range(runs):
        start = time.perf_counter()
        with sessions() as session:  # type: ignore[operator]
            message = compose(catalog, CalendarLinks(), session, delivery, due, due, False)
            assert isinstance(message, Message), message
        reminders.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        with sessions() as session:  # type: ignore[operator]
            row = meetings_store.meeting_by_id(session, meeting)
            assert row is not None
            sections = agenda_sections(catalog, session, row, "es", NOW, viewer=Viewer("U0ADMIN001"))
            render_blocks(Answer("es", "Agenda", tuple(sections)), catalog)
        agendas.append((time.perf_counter() - start) * 1000)
    return reminders, agendas


def _figures(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return f"median {statistics.median(times):6.1f} ms, p95 {p95:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    catalog = Catalog.load(ROOT / "config" / "messages.yaml")
    for size in (int(s) for s in args.sizes.split(",")):
        with database(args.db) as url:
            fill(url, size)
            sessions, meeting = add_meeting(url)
            measure(sessions, meeting, catalog, 2)  # warm: the plan's snapshot is built once per version
            reminders, agendas = measure(sessions, meeting, catalog, args.runs)
            print(
                f"{args.db} {size:>7} reports: reminder {_figures(reminders)}; /red agenda {_figures(agendas)}"
            )


if __name__ == "__main__":
    main()
