"""`enlace export` streams the reports from the database (issue 11): a period export reads only that period,
whatever the history after it, and no row limit cuts an export short."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from bot.render.i18n import Catalog  # noqa: E402
from bot.reporting.access import OPERATOR  # noqa: E402
from bot.reporting.export import export_csv  # noqa: E402
from storage import reporting as store  # noqa: E402
from tests.conftest import CONFIG  # noqa: E402
from tests.reporting_fixtures import local  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]
CATALOG = Catalog.load(CONFIG / "messages.yaml")


def seed(session: Session, periods: list[str], per_period: int) -> None:
    group = store.group(session, "retorno")
    assert group is not None
    activity = store.followed_activities(session, group.follows)[0]
    for period in periods:
        for n in range(per_period):
            values: dict[str, object] = {
                "group_key": "retorno", "period_key": period, "activity_id": activity.id, "author": f"U{n:08d}",
                "agency": "oim", "status": "en_curso", "progress": f"{period} #{n}", "obstacles": "",
                "next_steps": "",
            }  # fmt: skip
            store.save_update(session, values, local(2021, 6, 7, 10) + dt.timedelta(minutes=n))
    session.commit()


def exported(session: Session, period: str | None) -> list[list[str]]:
    out = io.StringIO()
    rows = export_csv(CATALOG, session, OPERATOR, "es", period, lambda _user: None, out)
    lines = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    assert rows == len(lines) - 1
    return lines[1:]


def test_a_period_export_has_that_period_alone_however_much_came_after(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        seed(session, ["2021-06-07", "2021-06-21", "2021-07-05", "2021-07-19"], 30)
        june = exported(session, "2021-06")
        everything = exported(session, None)
    assert len(june) == 60 and {row[1] for row in june} == {"2021-06-07", "2021-06-21"}
    assert len(everything) == 120 and everything == sorted(everything, key=lambda r: (r[1], r[10]))


def test_the_export_streams_in_batches_and_keeps_every_row(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = store.updates_for_export
    batches: list[int] = []

    def small(session: Session, groups: frozenset[str] | None = None, period: str | None = None,
              batch: int = 1000) -> Iterator[object]:  # fmt: skip
        batches.append(7)
        return original(session, groups, period, batch=7)

    monkeypatch.setattr(store, "updates_for_export", small)
    with sessions() as session:
        seed(session, ["2021-06-07", "2021-06-21"], 25)
        rows = exported(session, None)
    assert batches == [7] and len(rows) == 50 and len({(r[1], r[10]) for r in rows}) == 50


def test_a_period_with_a_wildcard_in_it_is_taken_literally(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        seed(session, ["2021-06-07"], 2)
        assert exported(session, "2021%") == [] and exported(session, "2021_06") == []
