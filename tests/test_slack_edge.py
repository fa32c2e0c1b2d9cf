"""What every request goes through, over real HTTP: signatures and timestamps, the 3-second ack, and Web API
calls that survive 429/5xx/dropped connections (failures logged, not swallowed)."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest

from bot.chat.service import Services
from bot.meetings.adhoc import AdHoc
from bot.render.answer import Answer
from bot.reporting.service import ReportingService
from tests import slackreq
from tests.fakeslack import FakeSlack

pytest.register_assert_rewrite("tests.slack_fixtures")

from tests.slack_fixtures import (  # noqa: E402
    WAIT,
    Enlace,
    count_rows,
    errors_logged,
    mention,
    settle,
    statuses,
    wait_until,
)

pytest_plugins = ["tests.slack_fixtures"]


# -- signatures --------------------------------------------------------------------------------------


def _bodies(fake: FakeSlack) -> dict[str, str]:
    return {
        "command": slackreq.slash_command("PT5", response_url=fake.response_url("r1")),
        "event": slackreq.event_callback(mention(), event_id="Ev0UNSIGNED"),
        "action": slackreq.block_actions("ask_example_0", "PT5", response_url=fake.response_url("r1")),
        "view": slackreq.view_submission("made_up", {}),
    }


@pytest.mark.parametrize("kind", ["command", "event", "action", "view"])
@pytest.mark.parametrize(
    "forgery",
    ["wrong-secret", "six-minutes-old", "from-the-future", "no-headers", "tampered-body", "no-signature"],
)
def test_unsigned_or_stale_requests_get_401_and_change_nothing(
    enlace: Enlace, enlace_db: str, kind: str, forgery: str
) -> None:
    body = _bodies(enlace.fake)[kind]
    now = int(time.time())
    if forgery == "wrong-secret":
        status = enlace.post(body, sign_with="not-the-signing-secret")[0]
    elif forgery == "six-minutes-old":
        status = enlace.post(body, timestamp=now - 6 * 60)[0]
    elif forgery == "from-the-future":
        status = enlace.post(body, timestamp=now + 6 * 60)[0]
    elif forgery == "no-headers":
        status = enlace.post(body, sign_with=None)[0]
    elif forgery == "tampered-body":
        headers = slackreq.sign(body)
        tampered = body.replace("PT5", "PT6") if kind != "view" else body.replace("made_up", "made_uq")
        assert tampered != body
        status = enlace.post(tampered, sign_with=None, headers=headers)[0]
    else:
        headers = {"X-Slack-Request-Timestamp": str(now)}
        status = enlace.post(body, sign_with=None, headers=headers)[0]
    assert status == 401
    # A valid request afterwards is answered, and is the only thing that reached Slack or the database.
    assert enlace.answer("PT1", name="ok")["blocks"][0]["type"] == "header"
    assert set(enlace.fake.methods()) <= {"auth.test", "users.info", "response_url:ok"}
    assert count_rows(enlace_db, "processed_events") == 0


@pytest.mark.parametrize("signed", [False, True])
def test_a_malformed_body_gets_401_not_500(enlace: Enlace, enlace_db: str, signed: bool) -> None:
    body = slackreq.event_callback(mention())[:-1] + ',"x":}'
    status = enlace.post(body, sign_with=slackreq.SIGNING_SECRET if signed else "wrong-secret")[0]
    assert status in ((400, 401) if signed else (401,))
    assert count_rows(enlace_db, "processed_events") == 0


def test_a_timestamp_within_five_minutes_is_accepted(enlace: Enlace) -> None:
    body = slackreq.slash_command("PT5", response_url=enlace.fake.response_url("r1"))
    assert enlace.post(body, timestamp=int(time.time()) - 4 * 60)[0] == 200
    enlace.fake.wait_for("response_url:r1", timeout=WAIT)


# -- the 3-second ack --------------------------------------------------------------------------------


@pytest.fixture
def slow_answers(monkeypatch: pytest.MonkeyPatch) -> float:
    """Every answer takes half a second to compute (as a slow database or Web API would make it)."""
    delay = 0.5
    original = Services.answer

    def slow(self: Services, question: str, user_id: str | None, viewer: Any = None) -> Answer:
        time.sleep(delay)
        return original(self, question, user_id, viewer)

    monkeypatch.setattr(Services, "answer", slow)
    return delay


@pytest.mark.parametrize("kind", ["command", "mention", "dm", "action"])
def test_slow_work_happens_after_the_ack(enlace: Enlace, slow_answers: float, kind: str) -> None:
    fake = enlace.fake
    bodies = {
        "command": slackreq.slash_command("PT5", response_url=fake.response_url("slow")),
        "mention": slackreq.event_callback(mention()),
        "dm": slackreq.event_callback(slackreq.dm_message("PT5")),
        "action": slackreq.block_actions("ask_example_0", "PT5", response_url=fake.response_url("slow")),
    }
    started = time.monotonic()
    status, _, _ = enlace.post(bodies[kind])
    acked = time.monotonic() - started
    assert status == 200 and acked < slow_answers
    method = "response_url:slow" if kind in ("command", "action") else "chat.postMessage"
    fake.wait_for(method, timeout=WAIT)
    [arrived] = [call.at for call in fake.calls if call.method == method]
    assert arrived - started >= slow_answers > acked


def test_every_way_in_is_answered_in_the_answer_lane_while_an_export_holds_the_slow_lane(
    enlace: Enlace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/red, a mention, a DM, buttons and the App Home all go through the app's answerer, in its answer
    lane; an export goes to its slow lane, and while it is held there every other way in is answered."""
    fake, lanes, release = enlace.fake, {}, threading.Event()
    answer, home_view, export = Services.answer, Services.home_view, ReportingService.export
    meeting_modal = AdHoc.view_from_button

    def answering(self: Services, question: str, user: str | None, viewer: Any = None) -> Answer:
        lanes[question] = threading.current_thread().name
        return answer(self, question, user, viewer)

    def viewing(self: Services, user: str) -> dict[str, Any]:
        lanes["home"] = threading.current_thread().name
        return home_view(self, user)

    def exporting(self: ReportingService, *args: Any) -> Any:
        lanes["export"] = threading.current_thread().name
        release.wait(WAIT)
        return export(self, *args)

    def opening(self: AdHoc, *args: Any) -> dict[str, Any]:
        lanes["meeting button"] = threading.current_thread().name
        return meeting_modal(self, *args)

    monkeypatch.setattr(AdHoc, "view_from_button", opening)
    monkeypatch.setattr(Services, "answer", answering)
    monkeypatch.setattr(Services, "home_view", viewing)
    monkeypatch.setattr(ReportingService, "export", exporting)
    try:
        assert enlace.red("exportar estado", user_id="U0ADMIN001", name="export") == (200, "")
        wait_until(lambda: "export" in lanes, what="the export to start")
        assert enlace.red("PT1", name="command") == (200, "")
        assert enlace.click("ask_example_0", "PT2", response_url=fake.response_url("button")) == 200
        assert enlace.event(mention("PT3")) == 200
        assert enlace.event(slackreq.dm_message("PT4")) == 200
        assert enlace.event(slackreq.app_home_opened("U0USER1")) == 200
        assert enlace.click("meeting_open", "{}", response_url=fake.response_url("meeting")) == 200
        fake.wait_for("response_url:command", timeout=WAIT)
        fake.wait_for("response_url:button", timeout=WAIT)
        fake.wait_for("chat.postMessage", count=2, timeout=WAIT)
        fake.wait_for("views.publish", timeout=WAIT)
        fake.wait_for("views.open", timeout=WAIT)
        assert not fake.calls_to("response_url:export")  # all of that while the export was held
    finally:
        release.set()
    fake.wait_for("response_url:export", timeout=WAIT)
    assert fake.calls_to("files.completeUploadExternal")
    assert lanes.pop("export").startswith("enlace-slow")
    assert set(lanes) == {"PT1", "PT2", "PT3", "PT4", "home", "meeting button"}
    assert all(name.startswith("enlace-answer") for name in lanes.values()), lanes


# -- Web API resilience ------------------------------------------------------------------------------


def test_a_429_is_retried_after_retry_after(enlace: Enlace, retry_after_waits: list[float]) -> None:
    enlace.fake.fail("chat.postMessage", 429, retry_after=1)
    assert enlace.event(mention()) == 200
    enlace.fake.wait_for("chat.postMessage", count=2, timeout=WAIT)
    calls = [c for c in enlace.fake.calls if c.method == "chat.postMessage"]
    assert [c.status for c in calls] == [429, 200]
    assert retry_after_waits == [1.0]  # the Retry-After, waited out between the two posts
    assert calls[0].params == calls[1].params


def _web_api(failure: int) -> Any:
    return pytest.param("chat.postMessage", failure)


@pytest.mark.usefixtures("quick_backoff")
@pytest.mark.parametrize(
    ("method", "failure"),
    [
        *(
            (method, failure)
            for method in ("chat.postMessage", "response_url:r1")
            for failure in (500, 503, "drop")
        ),
        ("response_url:r1", 502),
        ("response_url:r1", 504),
        _web_api(502),
        _web_api(504),
    ],
)
def test_5xx_and_dropped_connections_are_retried(enlace: Enlace, method: str, failure: int | str) -> None:
    if failure == "drop":
        enlace.fake.drop(method)
    else:
        enlace.fake.fail(method, int(failure))
    if method == "chat.postMessage":
        assert enlace.event(mention()) == 200
    else:
        assert enlace.red("PT5") == (200, "")
    enlace.fake.wait_for(method, count=2, timeout=3)  # retries are ~10 ms apart with quick_backoff
    assert statuses(enlace.fake, method) == [0 if failure == "drop" else failure, 200]


@pytest.mark.usefixtures("quick_backoff")
def test_a_reply_that_keeps_failing_is_logged_and_the_app_carries_on(
    enlace: Enlace, caplog: pytest.LogCaptureFixture
) -> None:
    enlace.fake.fail("chat.postMessage", 500, times=50)
    assert enlace.event(mention(channel="C0FAIL")) == 200
    wait_until(lambda: bool(errors_logged(caplog, "could not reply in C0FAIL")), what="the error log")
    [record] = errors_logged(caplog, "could not reply in C0FAIL")
    assert record.exc_info is not None
    failed = statuses(enlace.fake, "chat.postMessage")
    assert len(failed) >= 2 and set(failed) == {500}  # retried, then given up on
    enlace.fake.reset()
    assert enlace.event(mention(channel="C0LATER")) == 200
    [posted] = enlace.fake.wait_for("chat.postMessage", timeout=WAIT)
    assert posted["channel"] == "C0LATER"


@pytest.mark.usefixtures("quick_backoff")
def test_a_response_url_that_keeps_failing_is_logged_with_context(
    enlace: Enlace, caplog: pytest.LogCaptureFixture
) -> None:
    enlace.fake.fail("response_url:r1", 500, times=50)
    assert enlace.red("PT5", user_id="U0CTX") == (200, "")
    wait_until(lambda: bool(errors_logged(caplog, "U0CTX")), what="the error log")
    record = errors_logged(caplog, "U0CTX")[0]
    assert "/red" in record.getMessage() and record.exc_info is not None
    assert "500" in logging.Formatter().formatException(record.exc_info)
    settle(enlace.fake, "response_url:r1")
    assert enlace.answer("PT1", name="r2")["response_type"] == "ephemeral"
