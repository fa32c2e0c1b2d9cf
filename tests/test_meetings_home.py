"""The App Home's next meeting comes from the calendar in the database: an ad hoc meeting with its agenda,
then, once it is cancelled, the quarterly one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from bot.time.clock import FixedClock
from handlers.app import create_app
from storage import meetings as store
from storage.db import make_engine, make_session_factory
from storage.models import Meeting
from tests import slackreq
from tests.fakeslack import FakeSlack

pytest.register_assert_rewrite("tests.slack_fixtures")

from tests.slack_fixtures import WAIT, Enlace, serve_bolt, settings_for  # noqa: E402

pytest_plugins = ["tests.slack_fixtures"]

MAY_10 = dt.datetime(2021, 5, 10, 15, 0, tzinfo=dt.UTC)
ADMIN = "U0ADMIN001"


def sections(view: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for block in view["blocks"]:
        if block["type"] == "section" and "text" in block:
            first, _, rest = block["text"]["text"].partition("\n")
            found[first.strip("*")] = rest
    return found


@pytest.fixture
def enlace(fake: FakeSlack, enlace_db: str) -> Iterator[Enlace]:
    app = create_app(settings_for(fake, enlace_db), clock=FixedClock(MAY_10))
    with serve_bolt(app) as base_url:
        yield Enlace(base_url, fake)


def open_home(enlace: Enlace, count: int) -> dict[str, Any]:
    assert enlace.event(slackreq.app_home_opened("U0USER1")) == 200
    return dict(enlace.fake.wait_for("views.publish", count=count, timeout=WAIT)[-1]["view"])


def test_the_home_shows_the_next_meeting_of_any_kind_with_its_agenda(enlace: Enlace, enlace_db: str) -> None:
    engine = make_engine(enlace_db)
    factory = make_session_factory(engine)
    with factory() as session, session.begin():
        row = store.add_meeting(
            session,
            Meeting(uid="adhoc:home", series=None, kind="ad_hoc", title_es="Revisión de medio año",
                    title_en="Mid-year review", starts_at=dt.datetime(2021, 5, 20, 21, tzinfo=dt.UTC),
                    duration_minutes=60, channel="C0VIAS0001", place="", status="scheduled", sequence=0,
                    created_by=ADMIN, touched_by=None, created_at=MAY_10, updated_at=MAY_10),
        )  # fmt: skip
        store.add_agenda_item(session, row, "Presupuesto 2022", ADMIN, MAY_10)
    parts = sections(open_home(enlace, 1))
    assert (
        "20 de mayo de 2021" in parts["Próxima reunión"]
        and "Revisión de medio año" in parts["Próxima reunión"]
    )
    assert "Presupuesto 2022" in parts["Agenda"]
    with factory() as session, session.begin():
        cancelled = store.meeting(session, "adhoc:home")
        assert cancelled is not None
        store.cancel(session, cancelled, ADMIN, MAY_10)
    engine.dispose()
    parts = sections(open_home(enlace, 2))
    assert "24 de junio de 2021" in parts["Próxima reunión trimestral"]
    assert "Próxima reunión" not in parts and "Agenda" not in parts
