"""The one error handler and the logs, over real HTTP: an error while answering is logged with context and
told to the person in their language; tokens and secrets never reach a log line."""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from bot.chat.service import Services
from bot.render.answer import Answer
from bot.render.i18n import Catalog
from tests import slackreq
from tests.fakeslack import FakeSlack

pytest.register_assert_rewrite("tests.slack_fixtures")

from tests.slack_fixtures import (  # noqa: E402
    BODY_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    WAIT,
    Enlace,
    errors_logged,
    mention,
    serve_enlace,
    settings_for,
    settle,
    wait_until,
)

pytest_plugins = ["tests.slack_fixtures"]


# -- the error handler -------------------------------------------------------------------------------


@pytest.fixture
def first_answer_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    original = Services.answer
    failed = threading.Event()

    def flaky(self: Services, question: str, user_id: str | None, viewer: Any = None) -> Answer:
        if not failed.is_set():
            failed.set()
            raise RuntimeError("the knowledge base fell over")
        return original(self, question, user_id, viewer)

    monkeypatch.setattr(Services, "answer", flaky)


@pytest.mark.usefixtures("first_answer_fails")
@pytest.mark.parametrize(("locale", "lang"), [("es-LA", "es"), ("en-US", "en")])
def test_an_error_in_a_mention_tells_the_user_in_their_language(
    enlace: Enlace, catalog: Catalog, caplog: pytest.LogCaptureFixture, locale: str, lang: str
) -> None:
    enlace.fake.set_locale("U0ERR", locale)
    assert enlace.event(mention(user="U0ERR", channel="C0ERR")) == 200
    [told] = enlace.fake.wait_for("chat.postEphemeral", timeout=WAIT)
    assert (told["channel"], told["user"]) == ("C0ERR", "U0ERR")
    assert told["text"] == catalog.t("slack.error", lang)
    [record] = [r for r in errors_logged(caplog, "U0ERR") if "app_mention" in r.getMessage()]
    assert record.exc_info is not None and "fell over" in str(record.exc_info[1])


@pytest.mark.usefixtures("first_answer_fails")
@pytest.mark.parametrize(("locale", "lang"), [("es-LA", "es"), ("en-US", "en")])
def test_an_error_in_an_example_click_tells_the_user(
    enlace: Enlace, catalog: Catalog, locale: str, lang: str
) -> None:
    enlace.fake.set_locale("U0ERR", locale)
    fake = enlace.fake
    failing = slackreq.block_actions(
        "ask_example_0", "PT5", user_id="U0ERR", response_url=fake.response_url()
    )
    assert enlace.post(failing)[0] == 200
    after = slackreq.block_actions("ask_example_1", "PT1", response_url=fake.response_url("after"))
    assert enlace.post(after)[0] == 200
    fake.wait_for("response_url:after", timeout=WAIT)  # by then the failing click has run its course
    [told] = fake.wait_for("response_url:r1", timeout=2)
    assert (told["text"], told["response_type"]) == (catalog.t("slack.error", lang), "ephemeral")


@pytest.mark.usefixtures("first_answer_fails")
def test_an_error_in_red_is_logged_with_command_and_user(
    enlace: Enlace, caplog: pytest.LogCaptureFixture
) -> None:
    assert enlace.red("PT5", user_id="U0ERR") == (200, "")
    wait_until(lambda: bool(errors_logged(caplog, "U0ERR")), what="the error log")
    [record] = errors_logged(caplog, "U0ERR")
    assert "/red" in record.getMessage() and record.exc_info is not None


@pytest.mark.usefixtures("first_answer_fails")
@pytest.mark.parametrize(("locale", "lang"), [("es-LA", "es"), ("en-US", "en")])
def test_an_error_in_red_tells_the_user_in_their_language(
    enlace: Enlace, catalog: Catalog, locale: str, lang: str
) -> None:
    enlace.fake.set_locale("U0ERR", locale)
    assert enlace.red("PT5", user_id="U0ERR", name="failing") == (200, "")
    [told] = enlace.fake.wait_for("response_url:failing", timeout=WAIT)
    assert (told["text"], told["response_type"]) == (catalog.t("slack.error", lang), "ephemeral")


# -- no secrets in logs ------------------------------------------------------------------------------


@pytest.fixture
def root_stream() -> Iterator[io.StringIO]:
    """What a real deployment prints: a plain StreamHandler on the root logger, there before the app."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


@pytest.mark.usefixtures("quick_backoff")
def test_tokens_and_secrets_never_reach_the_logs(
    fake: FakeSlack, enlace_db: str, root_stream: io.StringIO
) -> None:
    with serve_enlace(settings_for(fake, enlace_db, log_level="DEBUG")) as base_url:
        enlace = Enlace(base_url, fake)
        enlace.answer("PT5")
        assert enlace.event(mention()) == 200
        fake.wait_for("chat.postMessage", timeout=WAIT)
        for body in (
            slackreq.slash_command("PT5", response_url=fake.response_url("bad")),
            slackreq.event_callback(mention()),
        ):  # interactions (payload=…) are the test below
            assert enlace.post(body, sign_with="wrong-secret")[0] == 401
        fake.fail("response_url:dead", 500, times=50)
        assert enlace.red("PT5", name="dead", user_id="U0DEAD") == (200, "")
        wait_until(
            lambda: any("ERROR" in line and "U0DEAD" in line for line in root_stream.getvalue().splitlines()),
            what="the failure to be logged",
        )
        settle(fake, "response_url:dead")
    log = root_stream.getvalue()
    assert "Invalid request signature" in log and "Traceback" in log and "Sending a request" in log
    for secret in (BOT_TOKEN, SIGNING_SECRET, BODY_TOKEN, "xoxb-"):
        assert secret not in log


@pytest.mark.parametrize("kind", ["block_actions", "view_submission"])
def test_a_bad_signature_interaction_does_not_log_the_body_token(
    fake: FakeSlack, enlace_db: str, root_stream: io.StringIO, kind: str
) -> None:
    body = (
        slackreq.block_actions("ask_example_0", "PT5", response_url=fake.response_url())
        if kind == "block_actions"
        else slackreq.view_submission("made_up", {})
    )
    with serve_enlace(settings_for(fake, enlace_db)) as base_url:
        assert Enlace(base_url, fake).post(body, sign_with="wrong-secret")[0] == 401
    log = root_stream.getvalue()
    assert "Invalid request signature" in log
    assert BODY_TOKEN not in log
