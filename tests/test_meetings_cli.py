"""`enlace meetings` and `enlace load` as operators and scripts run them (handlers.cli.main, in this process:
tests.inprocess), on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import pytest
from sqlalchemy import select

from storage import meetings as store
from storage.db import make_engine, make_session_factory
from storage.models import Meeting
from tests.inprocess import enlace

TITLE = "Reunión trimestral de la Red"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    database = tmp_path_factory.mktemp("meetings-cli") / "enlace.sqlite3"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    environment["DATABASE_URL"] = f"sqlite:///{database}"
    # Loaded here, not by the first test: tests of this module may run in any order, on any worker.
    loaded = enlace("load", env=environment)
    assert loaded.returncode == 0, loaded.stderr
    environment["TEST_LOAD_OUTPUT"] = loaded.stdout
    return environment


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return enlace(*args, env=env)


def test_load_says_how_many_meetings_it_wrote(env: dict[str, str]) -> None:
    assert "4 meetings" in env["TEST_LOAD_OUTPUT"]  # the next 12 months of quarterly meetings
    again = run(env, "load")
    assert again.returncode == 0 and "meetings" not in again.stdout  # nothing new to write


def test_a_past_range_comes_from_the_rule_with_the_holiday_move_visible(env: dict[str, str]) -> None:
    result = run(env, "meetings", "--from", "2025-01-01", "--to", "2025-12-31")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"2025-03-27T10:00:00-06:00\tquarterly\t{TITLE}\tC0RED00001\tscheduled",
        f"2025-06-26T10:00:00-06:00\tquarterly\t{TITLE}\tC0RED00001\tscheduled",
        f"2025-09-25T10:00:00-06:00\tquarterly\t{TITLE}\tC0RED00001\tscheduled",
        f"2025-12-24T10:00:00-06:00\tquarterly\t{TITLE}\tC0RED00001\tscheduled\tmoved from 2025-12-25 (Navidad)",
    ]


def test_the_offset_follows_the_zone_rules_of_the_day(env: dict[str, str]) -> None:
    """Mexico City kept daylight saving time until October 2022."""
    result = run(env, "meetings", "--from", "2022-06-01", "--to", "2023-06-30", "--lang", "en")
    starts = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert starts == [
        "2022-06-30T10:00:00-05:00", "2022-09-29T10:00:00-05:00", "2022-12-29T10:00:00-06:00",
        "2023-03-30T10:00:00-06:00", "2023-06-29T10:00:00-06:00",
    ]  # fmt: skip
    assert "\tNetwork quarterly meeting\t" in result.stdout


def test_by_default_the_next_twelve_months_rows_included_cancelled_shown(env: dict[str, str]) -> None:
    engine = make_engine(env["DATABASE_URL"])
    now = dt.datetime.now(dt.UTC)
    with make_session_factory(engine)() as session, session.begin():
        rows = session.scalars(
            select(Meeting).where(Meeting.starts_at > now).order_by(Meeting.starts_at)
        ).all()
        assert len(rows) == 4
        store.cancel(session, rows[0], "U0ADMIN001", now)
        cancelled = rows[0].uid
    engine.dispose()
    lines = run(env, "meetings").stdout.splitlines()
    assert len(lines) == 4
    assert lines[0].endswith("\tcancelled") and all(line.endswith("\tscheduled") for line in lines[1:])
    assert cancelled.startswith("quarterly:")


def test_a_bad_range_is_a_usage_error(env: dict[str, str]) -> None:
    backwards = run(env, "meetings", "--from", "2022-06-01", "--to", "2022-01-01")
    assert backwards.returncode == 2 and "before" in backwards.stderr
    garbled = run(env, "meetings", "--from", "junio")
    assert garbled.returncode == 2 and "YYYY-MM-DD" in garbled.stderr


def test_the_console_lists_the_meetings_and_shows_the_agenda(env: dict[str, str]) -> None:
    """The operator at the terminal reads the calendar and the next agenda as /red would show them."""
    done = enlace("console", env=env, stdin="reuniones\nagenda\n")
    assert done.returncode == 0, done.stderr
    assert "Próximas reuniones" in done.stdout and "Reunión trimestral de la Red" in done.stdout
    assert "Agenda: Reunión trimestral de la Red" in done.stdout
