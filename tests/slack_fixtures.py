"""Shared pieces for the Slack edge tests (tests/test_slack_*.py load this with `pytest_plugins`).

The real app (handlers.web.create_wsgi_app, or handlers.app.create_app wrapped in Bolt's WSGI adapter when a
test needs a fixed clock) is served by wsgiref on an ephemeral loopback port, in a background thread, with
its Web API client pointed at tests.fakeslack.FakeSlack. Requests are signed and shaped by tests.slackreq.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.models.blocks import Block
from sqlalchemy import create_engine, text

from bot.bootstrap import open_runtime
from bot.settings import Settings
from handlers.web import create_wsgi_app
from tests import slackreq
from tests.blocks import text_objects
from tests.conftest import CONFIG, copy_sqlite
from tests.fakeslack import BOT_USER_ID, FakeSlack
from tests.loopback import serve_wsgi

BOT_TOKEN = "xoxb-test-4242424242-enlaceBotTokenValue"
SIGNING_SECRET = slackreq.SIGNING_SECRET
BODY_TOKEN = "verification-token-unused"  # the legacy `token` field slackreq puts in every body
WAIT = 10.0  # seconds: the longest any test waits for something the app does after the ack

# Slack's limits for a message (Home tabs allow 100 blocks).
MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_MESSAGE_TEXT = 8000  # our own budget; the fake refuses above 11,000 (Slack, about 11,300)


# -- serving -----------------------------------------------------------------------------------------


def mention(text: str = "PT5", **kwargs: Any) -> dict[str, Any]:
    """An app_mention event addressed to the bot."""
    return slackreq.app_mention(f"<@{BOT_USER_ID}> {text}", **kwargs)


def settings_for(fake: FakeSlack, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "config_dir": CONFIG,
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": fake.base_url,
    }
    values.update(overrides)
    return Settings(**values)


class Enlace(NamedTuple):
    """The served app: its base URL and the fake Slack Web API it talks to."""

    base_url: str
    fake: FakeSlack

    @property
    def events_url(self) -> str:
        return f"{self.base_url}/slack/events"

    def post(self, body: str, **kwargs: Any) -> tuple[int, dict[str, str], str]:
        return slackreq.post(self.events_url, body, **kwargs)

    def red(self, text: str, *, name: str = "r1", user_id: str = "U0USER1", **kwargs: Any) -> tuple[int, str]:
        """POST `/red text` with response_url "response_url:<name>"; return (status, body)."""
        body = slackreq.slash_command(text, user_id=user_id, response_url=self.fake.response_url(name))
        status, _, answer = self.post(body, **kwargs)
        return status, answer

    def answer(self, text: str, *, name: str = "r1", user_id: str = "U0USER1") -> dict[str, Any]:
        """`/red text`, then the one post to its response_url."""
        status, body = self.red(text, name=name, user_id=user_id)
        assert (status, body) == (200, ""), (status, body)
        [params] = self.fake.wait_for(f"response_url:{name}", timeout=WAIT)
        return params

    def event(self, event: dict[str, Any], *, event_id: str | None = None, **kwargs: Any) -> int:
        return self.post(slackreq.event_callback(event, event_id=event_id), **kwargs)[0]

    def click(self, action_id: str, value: str, **kwargs: Any) -> int:
        return self.post(slackreq.block_actions(action_id, value, **kwargs))[0]


@contextmanager
def serve_enlace(settings: Settings) -> Iterator[str]:
    """The production WSGI app (POST /slack/events, GET /healthz); yields its base URL."""
    with serve_wsgi(create_wsgi_app(settings)) as base_url:
        yield base_url


@contextmanager
def serve_bolt(app: App) -> Iterator[str]:
    """An app from handlers.app.create_app (say, with a fixed clock) behind Bolt's WSGI adapter."""
    with serve_wsgi(SlackRequestHandler(app, path="/slack/events")) as base_url:
        yield base_url


# -- waiting and looking -------------------------------------------------------------------------------


def wait_until(predicate: Callable[[], bool], timeout: float = WAIT, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout}s for {what}")
        time.sleep(0.02)


def statuses(fake: FakeSlack, method: str) -> list[int]:
    return [call.status for call in fake.calls if call.method == method]


def settle(fake: FakeSlack, method: str) -> None:
    """Let `method` work again, and give a late apology to it (if the app sends one) a moment to land, so
    no retry outlives the test."""
    fake.reset()
    with contextlib.suppress(AssertionError):
        wait_until(lambda: 200 in statuses(fake, method), timeout=3)


def errors_logged(caplog: pytest.LogCaptureFixture, fragment: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR and fragment in r.getMessage()]


def count_rows(database_url: str, table: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


def parsed_texts(payload: dict[str, Any]) -> list[str]:
    """The texts Slack parses for mentions and links: the message `text` and every mrkdwn object."""
    texts = [str(payload.get("text") or "")]
    texts.extend(t["text"] for t in text_objects(payload.get("blocks") or []) if t["type"] == "mrkdwn")
    return texts


def all_text(payload: dict[str, Any]) -> str:
    return "\n".join(
        [str(payload.get("text") or ""), *(t["text"] for t in text_objects(payload.get("blocks")))]
    )


def block_types(payload: dict[str, Any]) -> list[str]:
    return [block["type"] for block in payload.get("blocks") or []]


def block_texts(blocks: Any) -> list[str]:
    return [str(t["text"]) for t in text_objects(blocks)]


def check_blocks(blocks: Any, max_blocks: int = MAX_BLOCKS) -> None:
    """Blocks Slack would accept: each parses and validates with slack_sdk's models, within the limits,
    and a message's text well under the total at which Slack answers msg_blocks_too_long."""
    assert isinstance(blocks, list) and 0 < len(blocks) <= max_blocks, len(blocks or [])
    if max_blocks == MAX_BLOCKS:
        assert sum(len(t) for t in block_texts(blocks)) <= MAX_MESSAGE_TEXT
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, raw
        block.validate_json()  # raises SlackObjectFormationError past slack_sdk's limits
        kind = raw["type"]
        if kind == "header":
            assert raw["text"]["type"] == "plain_text"
            assert 0 < len(raw["text"]["text"]) <= MAX_HEADER_TEXT
        elif kind == "section":
            assert "text" in raw or "fields" in raw, raw
            if "text" in raw:
                assert 0 < len(raw["text"]["text"]) <= MAX_SECTION_TEXT
            fields = raw.get("fields") or []
            assert len(fields) <= MAX_FIELDS
            assert all(0 < len(f["text"]) <= MAX_FIELD_TEXT for f in fields)
        elif kind == "actions":
            assert 0 < len(raw["elements"]) <= 25
            for element in raw["elements"]:
                assert len(element["text"]["text"]) <= 75 and len(element.get("value", "")) <= 2000
        elif kind == "context":
            assert 0 < len(raw["elements"]) <= 10


# -- fixtures ----------------------------------------------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


@pytest.fixture(scope="session")
def enlace_template(tmp_path_factory: pytest.TempPathFactory, _migrated_sqlite: Path) -> Path:
    """One SQLite file loaded from the real config, as the app does on its first start (on a copy of
    conftest's migrated file: the migrations themselves are run once per test process)."""
    path = tmp_path_factory.mktemp("enlace-template") / "enlace.sqlite3"
    url = copy_sqlite(_migrated_sqlite, path)
    open_runtime(Settings(database_url=url, config_dir=CONFIG)).db.dispose()
    return path


@pytest.fixture
def enlace_db(enlace_template: Path, tmp_path: Path) -> str:
    """A private copy of the template (the app's own first-start migrate-and-load costs ~0.5 s; the tests
    that need it use conftest's `database_url` or a new file)."""
    return copy_sqlite(enlace_template, tmp_path / "enlace.sqlite3")


@pytest.fixture
def enlace(fake: FakeSlack, enlace_db: str) -> Iterator[Enlace]:
    """The real WSGI app over loopback HTTP, talking to `fake`."""
    with serve_enlace(settings_for(fake, enlace_db)) as base_url:
        yield Enlace(base_url, fake)


@pytest.fixture
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the app's retry policy (which errors, how many retries) but shrink the exponential backoff
    between 5xx / dropped-connection retries to ~10 ms, and the response_url poster's waits to a twentieth.
    429s still wait for Retry-After."""
    from slack_sdk.http_retry import handler
    from slack_sdk.http_retry.jitter import Jitter

    from handlers import response_url

    monkeypatch.setattr(response_url, "sleep", lambda seconds: time.sleep(seconds / 20))

    class NoJitter(Jitter):
        def recalculate(self, duration: float) -> float:
            return duration

    calculator = handler.default_interval_calculator
    monkeypatch.setattr(calculator, "backoff_factor", 0.005)
    monkeypatch.setattr(calculator, "jitter", NoJitter())
