"""Shared pieces for the reporting tests (tests/test_reporting_*.py load this with `pytest_plugins`).

* instants in the Network's zone (`local`), settings that point the real code at the loopback Slack;
* databases: `sqlite_db` (a copy of one SQLite file loaded from config/, fast) and `any_db` (SQLite and
  PostgreSQL through conftest's `database_url`, loaded the way `enlace load` does);
* `app_env` / `app_env_any`: the real Bolt app (handlers.app.create_app) behind wsgiref on a loopback port, its
  Web API client pointed at the fake, its clock a FixedClock the test moves; helpers that send signed
  slash commands, button clicks and modal submissions shaped like Slack's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import json
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.bootstrap import load_config
from bot.reporting.outbox import TickReport
from bot.settings import Settings
from bot.time.clock import FixedClock
from handlers.app import create_app
from handlers.clock_process import tick
from storage.db import make_engine, make_session_factory
from storage.models import Absence, Delivery, NetworkSetting, StatusUpdate
from tests import slackreq
from tests.blocks import text_objects
from tests.conftest import CONFIG, copy_sqlite, postgres_database
from tests.fakeslack import FakeSlack
from tests.loopback import serve_wsgi

ZONE = ZoneInfo("America/Mexico_City")
SECRET = slackreq.SIGNING_SECRET
RET = ["U0RET00001", "U0RET00002", "U0RET00003", "U0RET00004"]
DET_PROMPTED = ["U0DET00001", "U0DET00002", "U0DET00004"]  # one per agency, the lead first
VIA = ["U0VIA00001", "U0VIA00002", "U0VIA00003"]
ADMIN = "U0ADMIN001"
OUTSIDER = "U0OUTSIDE1"
_names = itertools.count(1)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=ZONE)


def wall(value: dt.datetime | None) -> dt.datetime | None:
    """A stored instant in the Network's zone. The outbox stores UTC; SQLite gives it back without an offset."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC).astimezone(ZONE) if value.tzinfo is None else value.astimezone(ZONE)


def settings_for(url: str, fake: FakeSlack) -> Settings:
    values: dict[str, Any] = {
        "database_url": url,
        "config_dir": CONFIG,
        "slack_bot_token": "xoxb-test",
        "slack_signing_secret": SECRET,
        "slack_api_url": fake.base_url,
        "send_per_second": 1000.0,  # the sender's pacing is not what these tests measure
    }
    known = {f.name for f in dataclasses.fields(Settings)}
    return Settings(**{k: v for k, v in values.items() if k in known})


def ok_posts(fake: FakeSlack) -> list[dict[str, Any]]:
    """chat.postMessage calls Slack accepted, in order."""
    return [c.params for c in list(fake.calls) if c.method == "chat.postMessage" and c.status == 200]


def kind_of(params: dict[str, Any]) -> str:
    text = str(params.get("text", ""))
    if str(params.get("channel", "")).startswith("C"):
        assert text.startswith("Resumen:"), text
        return "summary"
    if text.startswith("Recordatorio:"):
        return "nudge"
    if text.startswith(("Gracias:", "Listo:")):
        return "thanks"
    assert text.startswith("Hola. Es momento"), text
    return "prompt"


def block_text(message: dict[str, Any]) -> str:
    """Every text of a message's (or a view's) blocks, in order, one per line."""
    return "\n".join(t["text"] for t in text_objects(message.get("blocks") or []))


def button_value(params: dict[str, Any], action: str = "open_status_modal") -> str:
    [button] = [
        e
        for b in params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action
    ]
    return str(button["value"])


def state(activity: str | None, status: str | None, progress: str | None,
          obstacles: str | None = None, next_steps: str | None = None) -> dict[str, Any]:  # fmt: skip
    """view.state.values exactly as Slack sends them (unselected selects and empty inputs are null)."""

    def select_(value: str | None) -> dict[str, Any]:
        option = None if value is None else {"text": {"type": "plain_text", "text": value, "emoji": True}, "value": value}  # fmt: skip
        return {"value": {"type": "static_select", "selected_option": option}}

    def typed(value: str | None) -> dict[str, Any]:
        return {"value": {"type": "plain_text_input", "value": value}}

    return {"activity": select_(activity), "status": select_(status), "progress": typed(progress),
            "obstacles": typed(obstacles), "next_steps": typed(next_steps)}  # fmt: skip


def metadata(group: str, period: str, user: str, signature: str | None = None) -> str:
    from bot.reporting.modal import sign

    data = json.loads(sign(SECRET, group, period, user))
    if signature is not None:
        data["s"] = signature
    return json.dumps(data)


@dataclasses.dataclass
class Env:
    fake: FakeSlack
    settings: Settings
    clock: FixedClock
    sessions: sessionmaker[Session]
    events_url: str = ""

    def tick(self, at: dt.datetime) -> TickReport:
        return tick(self.settings, at)

    def command(self, text: str, user: str, wait: bool = True) -> dict[str, Any]:
        """A signed `/red <text>`; with wait, what the app posted to the response_url."""
        name = f"c{next(_names)}"
        body = slackreq.slash_command(text, user_id=user, response_url=self.fake.response_url(name))
        status, _, answer = slackreq.post(self.events_url, body)
        assert (status, answer) == (200, ""), (status, answer)
        return self.fake.wait_for(f"response_url:{name}")[0] if wait else {}

    def click(self, value: str, user: str) -> dict[str, Any]:
        """The prompt's button; returns the view the app opened."""
        before = len(self.fake.calls_to("views.open"))
        body = slackreq.block_actions(
            "open_status_modal", value, user_id=user, channel_id="D" + user, response_url=None
        )
        assert slackreq.post(self.events_url, body)[0] == 200
        call = self.fake.wait_for("views.open", before + 1)[before]
        assert call["trigger_id"] == "1337.42.abcd"
        return dict(call["view"])

    def dm(self, text: str, user: str) -> None:
        """A direct message to the bot (message.im), acknowledged."""
        body = slackreq.event_callback(slackreq.dm_message(text, user=user, channel="D" + user))
        assert slackreq.post(self.events_url, body)[0] == 200

    def mention(self, text: str, user: str, channel: str = "C0CHAN1") -> None:
        body = slackreq.event_callback(slackreq.app_mention(f"<@UBOT> {text}", user=user, channel=channel))
        assert slackreq.post(self.events_url, body)[0] == 200

    def press(self, action_id: str, value: str, user: str) -> None:
        """A button of a DM message (a prompt's "Sin cambios", say), acknowledged."""
        body = slackreq.block_actions(
            action_id, value, user_id=user, channel_id="D" + user, response_url=None
        )
        assert slackreq.post(self.events_url, body)[0] == 200

    def choose(self, view: dict[str, Any], block_id: str, value: str, user: str) -> dict[str, Any] | None:
        """Choose an option of a select in an open modal; the view the app then updated it to, if any."""
        before = len(self.fake.calls_to("views.update"))
        assert (
            slackreq.post(self.events_url, slackreq.select_in_view(view, block_id, value, user_id=user))[0]
            == 200
        )
        try:
            return dict(self.fake.wait_for("views.update", before + 1, timeout=2)[before]["view"])
        except AssertionError:
            return None

    def submit(self, values: dict[str, Any], user: str, private_metadata: str) -> tuple[int, str]:
        body = slackreq.view_submission(
            "status_update", values, user_id=user, private_metadata=private_metadata
        )
        status, _, text = slackreq.post(self.events_url, body)
        return status, text

    def activities(self, group: str) -> list[str]:
        """The ids (as the modal's option values) of the live activities a group follows, in plan order."""
        from storage import reporting as store

        with self.sessions() as session:
            found = store.group(session, group)
            assert found is not None
            return [str(a.id) for a in store.followed_activities(session, found.follows)]

    def updates(self) -> list[StatusUpdate]:
        with self.sessions() as session:
            return list(session.scalars(select(StatusUpdate).order_by(StatusUpdate.id)))

    def absences(self) -> dict[str, dt.date]:
        with self.sessions() as session:
            return {a.slack_user_id: a.until for a in session.scalars(select(Absence))}

    def deliveries(self) -> dict[str, Delivery]:
        return deliveries(self.settings.database_url)


def deliveries(url: str) -> dict[str, Delivery]:
    """The outbox rows, read in a fresh connection."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            return {d.key: d for d in session.scalars(select(Delivery))}
    finally:
        engine.dispose()


# -- fixtures ----------------------------------------------------------------------------------------


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's own retries (the Web API client's on 5xx and dropped connections, the outbox sender's
    after an unconfirmed post), minus the seconds of waiting between them."""
    from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator

    from handlers import sender, slack_client

    original = slack_client.retry_handlers

    def quick() -> list[Any]:
        handlers = original()
        for handler in handlers:
            handler.interval_calculator = FixedValueRetryIntervalCalculator(0.01)
        return handlers

    monkeypatch.setattr(slack_client, "retry_handlers", quick)
    monkeypatch.setattr(sender, "RETRY_WAITS", (0.01, 0.01, 0.01))


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


def without_digests(sessions: sessionmaker[Session]) -> None:
    """No weekly digest: config/digests.yaml's Monday 09:00 post in C0RED00001 would land in every scenario
    that ticks through a Monday. The digest tests (tests/test_digest*.py) configure their own."""
    with sessions() as session, session.begin():
        session.merge(NetworkSetting(name="digests", value={"digests": []}))


def _load(url: str) -> None:
    """Load config/ into a migrated database as `enlace load` would, on 2021-05-31 (without the weekly
    digest: without_digests)."""
    engine = make_engine(url)
    settings = Settings(database_url=url, config_dir=CONFIG)
    load_config(settings, make_session_factory(engine), FixedClock(local(2021, 5, 31, 9)))
    without_digests(make_session_factory(engine))
    engine.dispose()  # SQLite: checkpoints the WAL into the file, so a plain copy is the whole database


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory, _migrated_sqlite: Path) -> Path:
    path = tmp_path_factory.mktemp("reporting") / "template.sqlite3"
    _load(copy_sqlite(_migrated_sqlite, path))
    return path


@pytest.fixture(scope="session")
def _postgres_template(_migrated_postgres: str) -> Iterator[str]:
    """One loaded PostgreSQL database per test process (a copy of conftest's migrated one); each test gets
    a copy (CREATE DATABASE ... TEMPLATE takes a fifth of the time of migrating and loading anew)."""
    with postgres_database(_migrated_postgres) as url:
        _load(url)
        yield url.rsplit("/", 1)[1]


@pytest.fixture
def sqlite_db(_sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "enlace.sqlite3"
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A SQLite and a PostgreSQL database, loaded from config/ like `enlace load`: copies of one template."""
    if request.param == "sqlite":
        path = tmp_path / "enlace.sqlite3"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    with postgres_database(request.getfixturevalue("_postgres_template")) as url:
        yield url


def _serve(url: str, fake: FakeSlack) -> Iterator[Env]:
    settings = settings_for(url, fake)
    clock = FixedClock(local(2021, 6, 8, 9))  # inside retorno's 2021-06-07 period and detencion's June one
    engine = make_engine(url)
    env = Env(fake, settings, clock, make_session_factory(engine))
    app = create_app(settings, clock=clock)
    try:
        with serve_wsgi(SlackRequestHandler(app, path="/slack/events")) as base_url:
            env.events_url = f"{base_url}/slack/events"
            yield env
    finally:
        engine.dispose()


@pytest.fixture
def sessions(any_db: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on `any_db` (each kind in turn)."""
    engine = make_engine(any_db)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def sqlite_sessions(sqlite_db: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(sqlite_db)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def app_env(sqlite_db: str, fake_slack: FakeSlack) -> Iterator[Env]:
    yield from _serve(sqlite_db, fake_slack)


@pytest.fixture
def app_env_any(any_db: str, fake_slack: FakeSlack) -> Iterator[Env]:
    yield from _serve(any_db, fake_slack)


def in_step(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
    """Make two threads' first calls of `module.name` meet before either goes on: both have looked for the
    same row before either has written it, the race a unique key must settle."""
    barrier = threading.Barrier(2, timeout=3)
    original, first = getattr(module, name), threading.local()

    def stepped(*args: Any, **kwargs: Any) -> Any:
        if not getattr(first, "done", False):
            first.done = True
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, stepped)


def race(*works: Callable[[], object]) -> list[BaseException]:
    """Run each work in its own thread at once; what they raised."""
    errors: list[BaseException] = []

    def run(work: Callable[[], object]) -> None:
        try:
            work()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors
