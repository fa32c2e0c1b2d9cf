"""create_app(settings, client=..., session_factory=...): the app uses what it is given."""

from __future__ import annotations

from pathlib import Path

from slack_bolt.request import BoltRequest

from bot.settings import Settings
from handlers.app import create_app
from handlers.slack_client import make_web_client
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from tests import slackreq
from tests.conftest import CONFIG
from tests.fakeslack import FakeSlack


def test_the_app_answers_from_the_session_factory_it_is_given(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'given.sqlite3'}"
    upgrade(url)
    factory = make_session_factory(make_engine(url))
    with FakeSlack() as fake:
        settings = Settings(
            # Nothing can be opened here: every query must go through the given factory.
            database_url=f"sqlite:///{tmp_path / 'missing' / 'nowhere.sqlite3'}",
            config_dir=CONFIG, slack_bot_token="xoxb-factory-test",
            slack_signing_secret=slackreq.SIGNING_SECRET, slack_api_url=fake.base_url,
        )  # fmt: skip
        app = create_app(settings, client=make_web_client(settings.slack_bot_token, fake.base_url),
                         session_factory=factory)  # fmt: skip
        body = slackreq.slash_command(
            "¿Quién lidera la prioridad temática 5?", response_url=fake.response_url("f")
        )
        headers = {k.lower(): [v] for k, v in slackreq.sign(body).items()}
        assert app.dispatch(BoltRequest(body=body, headers=headers)).status == 200
        app.answerer.shutdown()  # type: ignore[attr-defined]  # drains: an accepted question is answered
        [answer] = fake.calls_to("response_url:f")
    assert "UNODC" in answer["text"] and "OIM" in answer["text"]
    assert not (tmp_path / "missing").exists()
