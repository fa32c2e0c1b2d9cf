"""The meetings calendar in the database: holiday moves, rule changes on `enlace load`, the calendar across
Mexico's time-zone-rule change, and two clocks materialising at once."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from bot.bootstrap import load_config  # noqa: E402
from bot.meetings.calendar import meetings_between, next_meetings  # noqa: E402
from bot.meetings.materialise import materialise  # noqa: E402
from bot.meetings.series import apply_policy  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from storage import meetings as store  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.models import Meeting  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests.conftest import CONFIG  # noqa: E402
from tests.reporting_fixtures import local  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]

UTC = dt.UTC


def utc(year: int, month: int, day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


def aware(instant: dt.datetime | None) -> dt.datetime | None:
    if instant is None:
        return None
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


def row(sqlite_sessions: sessionmaker[Session], uid: str) -> Meeting:
    with sqlite_sessions() as session:
        found = store.meeting(session, uid)
        assert found is not None, uid
        return found


# -- holidays ------------------------------------------------------------------------------------------


def test_policies_move_off_holidays_and_weekends() -> None:
    christmas = dt.date(2025, 12, 25)
    assert apply_policy("MX", "working_day_before", christmas) == (dt.date(2025, 12, 24), "Navidad")
    assert apply_policy("MX", "working_day_after", christmas) == (dt.date(2025, 12, 26), "Navidad")
    assert apply_policy("MX", "keep", christmas) == (christmas, None)
    # Constitution Day 2025 is a Monday: the working day before is the Friday.
    assert apply_policy("MX", "working_day_before", dt.date(2025, 2, 3))[0] == dt.date(2025, 1, 31)
    assert apply_policy("MX", "working_day_before", dt.date(2025, 12, 18)) == (dt.date(2025, 12, 18), None)


def test_the_last_thursday_of_december_2025_moves_to_the_24th_visibly(
    sqlite_sessions: sessionmaker[Session],
) -> None:
    with sqlite_sessions() as session, session.begin():
        assert materialise(session, local(2025, 11, 1)) == 4
    december = row(sqlite_sessions, "quarterly:2025-12")
    assert aware(december.starts_at) == local(2025, 12, 24, 10)
    assert aware(december.rule_starts_at) == local(2025, 12, 25, 10)
    assert december.moved_reason == "holiday:Navidad"
    assert (december.kind, december.channel, december.created_by) == ("quarterly", "C0RED00001", None)
    assert row(sqlite_sessions, "quarterly:2026-03").rule_starts_at is None  # not a holiday: not moved
    with sqlite_sessions() as session:  # the calendar shows the same, with the move
        (entry,) = meetings_between(session, local(2025, 12, 1), local(2026, 1, 1))
    assert (entry.starts_at, entry.holiday, entry.meeting_id) == (
        local(2025, 12, 24, 10),
        "Navidad",
        december.id,
    )


# -- rule changes on `enlace load` ---------------------------------------------------------------------


def test_a_rule_change_moves_untouched_future_meetings_only(
    sqlite_db: str, sqlite_sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    folder = tmp_path / "config"
    shutil.copytree(CONFIG, folder)
    settings = Settings(database_url=sqlite_db, config_dir=folder)
    july = local(2021, 7, 15, 9)
    with sqlite_sessions() as session, session.begin():  # the template loaded on 2021-05-31: June to March
        moved = store.meeting(session, "quarterly:2021-12")
        assert moved is not None
        store.move(session, moved, local(2021, 12, 16, 10), "U0ADMIN001", local(2021, 6, 1))
        september = store.meeting(session, "quarterly:2021-09")
        assert september is not None
        store.add_agenda_item(session, september, "Plan de trabajo 2022", "U0ADMIN001", local(2021, 6, 1))
    meetings_yaml = folder / "meetings.yaml"
    text = meetings_yaml.read_text(encoding="utf-8")
    meetings_yaml.write_text(
        text.replace("weekday: thursday, week: last}", "weekday: tuesday, week: first}").replace(
            'time: "10:00"', 'time: "11:00"'
        ),
        encoding="utf-8",
    )
    report = load_config(settings, sqlite_sessions, FixedClock(july))
    assert "meetings moved by a rule change" in report.summary()
    june = row(sqlite_sessions, "quarterly:2021-06")  # started before the load: never changed
    assert (aware(june.starts_at), june.sequence) == (local(2021, 6, 24, 10), 0)
    september = row(sqlite_sessions, "quarterly:2021-09")  # untouched, with an agenda item: moved with it
    assert (aware(september.starts_at), september.sequence) == (local(2021, 9, 7, 11), 1)
    with sqlite_sessions() as session:
        assert [i.text for i in store.agenda_items(session, row(sqlite_sessions, "quarterly:2021-09"))] == [
            "Plan de trabajo 2022"
        ]
    december = row(sqlite_sessions, "quarterly:2021-12")  # moved by a person: left where they put it
    assert (aware(december.starts_at), december.touched_by) == (local(2021, 12, 16, 10), "U0ADMIN001")
    assert aware(row(sqlite_sessions, "quarterly:2022-03").starts_at) == local(2022, 3, 1, 11)
    assert load_config(settings, sqlite_sessions, FixedClock(july)).summary().startswith("Nothing changed")

    # Other months: occurrences the rule no longer yields are cancelled (not deleted), new ones appear.
    text = meetings_yaml.read_text(encoding="utf-8")
    meetings_yaml.write_text(text.replace("months: [3, 6, 9, 12]", "months: [2, 5, 8, 11]"), encoding="utf-8")
    report = load_config(settings, sqlite_sessions, FixedClock(july))
    assert "meetings cancelled by a rule change" in report.summary()
    assert row(sqlite_sessions, "quarterly:2021-09").status == "cancelled"
    assert row(sqlite_sessions, "quarterly:2022-03").status == "cancelled"
    assert (
        row(sqlite_sessions, "quarterly:2021-12").status == "scheduled"
    )  # touched: the person's decision stands
    assert row(sqlite_sessions, "quarterly:2021-06").status == "scheduled"  # the past
    assert aware(row(sqlite_sessions, "quarterly:2021-08").starts_at) == local(2021, 8, 3, 11)
    with sqlite_sessions() as session:
        upcoming = next_meetings(session, july, count=3)
    assert [(e.uid, e.starts_at) for e in upcoming] == [
        ("quarterly:2021-08", local(2021, 8, 3, 11)),
        ("quarterly:2021-11", local(2021, 11, 2, 11)),
        ("quarterly:2021-12", local(2021, 12, 16, 10)),
    ]
    # Back to the old months: the cancelled September meeting is scheduled again, on the rule's day.
    meetings_yaml.write_text(text, encoding="utf-8")
    load_config(settings, sqlite_sessions, FixedClock(july))
    again = row(sqlite_sessions, "quarterly:2021-09")
    assert (again.status, aware(again.starts_at)) == ("scheduled", local(2021, 9, 7, 11))


# -- time zones ----------------------------------------------------------------------------------------


def test_the_calendar_across_mexicos_end_of_daylight_saving_time(
    sqlite_sessions: sessionmaker[Session],
) -> None:
    """10:00 in Mexico City was 15:00 UTC in the summer of 2022 and is 16:00 UTC all of 2023."""
    expected = [
        utc(2022, 3, 31, 16), utc(2022, 6, 30, 15), utc(2022, 9, 29, 15), utc(2022, 12, 29, 16),
        utc(2023, 3, 30, 16), utc(2023, 6, 29, 16), utc(2023, 9, 28, 16), utc(2023, 12, 28, 16),
    ]  # fmt: skip
    with sqlite_sessions() as session:  # rows (materialised up to May 2022) plus the rule beyond them
        entries = meetings_between(session, utc(2022, 1, 1), utc(2024, 1, 1))
    assert [e.starts_at for e in entries] == expected
    assert [e.meeting_id is not None for e in entries] == [True] + [False] * 7
    with sqlite_sessions() as session, session.begin():
        materialise(session, local(2022, 6, 1))
    with sqlite_sessions() as session:
        rows = session.scalars(select(Meeting).where(Meeting.starts_at >= utc(2022, 1, 1))).all()
        assert sorted(aware(r.starts_at) for r in rows) == expected[:5]
        assert [e.starts_at for e in meetings_between(session, utc(2022, 1, 1), utc(2024, 1, 1))] == expected


# -- two clocks ----------------------------------------------------------------------------------------


def test_two_materialisations_at_once_write_each_meeting_once(
    any_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(any_db)
    sqlite_sessions = make_session_factory(engine)
    rf.in_step(monkeypatch, store, "add_meeting")

    def materialise_once() -> None:
        with sqlite_sessions() as session, session.begin():
            materialise(session, local(2023, 1, 10))

    errors = rf.race(materialise_once, materialise_once)
    assert errors == []
    with sqlite_sessions() as session:
        uids = Counter(session.scalars(select(Meeting.uid)))
        assert max(uids.values()) == 1
        assert {u for u in uids if u >= "quarterly:2023"} == {
            "quarterly:2023-03", "quarterly:2023-06", "quarterly:2023-09", "quarterly:2023-12",
        }  # fmt: skip
    with sqlite_sessions() as session, session.begin():
        assert materialise(session, local(2023, 1, 10)) == 0  # nothing changed: nothing written
    engine.dispose()


def test_a_meeting_written_in_local_time_reads_back_at_the_same_instant(
    sqlite_sessions: sessionmaker[Session],
) -> None:
    """SQLite keeps no offset: add_meeting stores UTC, so 10:00 in Mexico City is 10:00 there when read."""
    starts = local(2021, 7, 15, 10)
    with sqlite_sessions() as session, session.begin():
        store.add_meeting(session, Meeting(
            uid="adhoc-local", kind="ad_hoc", title_es="t", title_en="t", starts_at=starts,
            duration_minutes=60, channel="C1", place="", status="scheduled", sequence=0,
            created_at=local(2021, 7, 1, 9), updated_at=local(2021, 7, 1, 9),
        ))  # fmt: skip
    assert aware(row(sqlite_sessions, "adhoc-local").starts_at) == starts
