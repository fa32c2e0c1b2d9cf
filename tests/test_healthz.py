"""GET /healthz (issue 11): ready with the database reachable, and when the clock last ticked: a clock
that has not ticked for five minutes is reported."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from bot.time.clock import FixedClock  # noqa: E402
from handlers import web  # noqa: E402
from handlers.web import create_wsgi_app  # noqa: E402
from storage import queries  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests.fakeslack import FakeSlack  # noqa: E402
from tests.reporting_fixtures import local  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]
NOW = local(2021, 6, 10, 12)


def health(app: Any) -> tuple[str, dict[str, Any]]:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz", "QUERY_STRING": "", "SERVER_NAME": "localhost",
               "SERVER_PORT": "3000", "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http"}  # fmt: skip
    answer: dict[str, str] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer["status"] = status

    body = b"".join(app(environ, start_response))
    return answer["status"], json.loads(body)


def test_healthz_reports_the_database_and_the_clocks_last_tick(any_db: str, fake_slack: FakeSlack) -> None:
    clock = FixedClock(NOW)
    app = create_wsgi_app(rf.settings_for(any_db, fake_slack), clock=clock)
    assert health(app) == (
        "200 OK",
        {"ok": True, "database": "ok", "clock": {"last_tick": None, "stale": True}},
    )
    engine = make_engine(any_db)
    with make_session_factory(engine)() as session, session.begin():
        queries.beat(session, "clock", NOW - dt.timedelta(minutes=1))
    engine.dispose()
    status, body = health(app)
    assert status == "200 OK" and body["clock"]["stale"] is False
    assert dt.datetime.fromisoformat(body["clock"]["last_tick"]) == NOW - dt.timedelta(minutes=1)
    clock.advance(dt.timedelta(minutes=5, seconds=1))
    assert health(app)[1]["clock"]["stale"] is True


def test_healthz_says_when_the_database_is_unreachable() -> None:
    """Port 1 on loopback: nothing listens, the connection is refused at once."""
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    status, body = web.health(make_session_factory(engine), FixedClock(NOW))
    engine.dispose()
    answer = json.loads(body)
    assert status == "503 Service Unavailable" and answer["ok"] is False
    assert answer["database"] == "unreachable: OperationalError"


def test_healthz_waits_for_the_answers_to_be_warm() -> None:
    engine = make_engine("sqlite://")  # an empty database answers the heartbeat query with nothing
    from storage.models import Base

    Base.metadata.create_all(engine)
    sessions = make_session_factory(engine)
    status, body = web.health(sessions, FixedClock(NOW), warm=False)
    assert status == "503 Service Unavailable" and json.loads(body)["answers"] == "warming up"
    assert web.health(sessions, FixedClock(NOW), warm=True)[0] == "200 OK"
    engine.dispose()
