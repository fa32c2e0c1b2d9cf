"""Self-tests for the Slack test harness: the fake Web API and the Slack-shaped request builders."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_bolt import Ack, App, Respond, Say
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.signature import SignatureVerifier

from tests import slackreq
from tests.fakeslack import FakeSlack
from tests.loopback import serve_wsgi
from tests.slackreq import SIGNING_SECRET

BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Hola* ¿qué tal? https://x.org/a"}}]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


def retrying_client(fake: FakeSlack) -> WebClient:
    quick = FixedValueRetryIntervalCalculator(0.05)
    return WebClient(
        base_url=fake.base_url,
        token="xoxb-test",
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=1),
            ServerErrorRetryHandler(max_retry_count=1, interval_calculator=quick),
            ConnectionErrorRetryHandler(max_retry_count=1, interval_calculator=quick),
        ],
    )


# -- FakeSlack ------------------------------------------------------------------------------------


def test_records_json_post_with_blocks_and_auth_header(fake: FakeSlack) -> None:
    client = retrying_client(fake)
    response = client.chat_postMessage(channel="C0CHAN1", text="hola", blocks=BLOCKS)
    assert response["ok"] is True
    assert response["channel"] == "C0CHAN1"
    assert response["message"]["blocks"] == BLOCKS
    [call] = fake.calls
    assert call.method == "chat.postMessage"
    assert call.params == {"channel": "C0CHAN1", "text": "hola", "blocks": BLOCKS}
    assert call.headers["Authorization"] == "Bearer xoxb-test"
    assert call.headers["Content-Type"].startswith("application/json")


def test_form_posts_are_decoded_like_json_posts(fake: FakeSlack) -> None:
    client = retrying_client(fake)
    # api_call with params= is how WebClient sends form methods; blocks arrive as a JSON string.
    client.api_call(
        "chat.postMessage", params={"channel": "C1", "blocks": json.dumps(BLOCKS), "unfurl_links": False}
    )
    [params] = fake.calls_to("chat.postMessage")
    assert params["blocks"] == BLOCKS
    assert params["unfurl_links"] == "0"  # WebClient turns form booleans into "1"/"0"
    assert fake.calls[0].headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_timestamps_are_fresh_and_increasing(fake: FakeSlack) -> None:
    client = retrying_client(fake)
    first = client.chat_postMessage(channel="C1", text="a")["ts"]
    second = client.chat_postMessage(channel="C1", text="b")["ts"]
    assert first < second
    assert len(first.split(".")[1]) == 6


def test_default_answers(fake: FakeSlack) -> None:
    client = retrying_client(fake)
    auth = client.auth_test()
    assert (auth["user_id"], auth["bot_id"], auth["team_id"]) == ("UBOT", "BBOT", "T0001")
    fake.set_locale("U2", "en-US")
    assert client.users_info(user="U2", include_locale=True)["user"]["locale"] == "en-US"
    assert client.users_info(user="U3", include_locale=True)["user"]["locale"] == "es-LA"
    assert "locale" not in client.users_info(user="U3")["user"]  # as on Slack: only when asked for
    assert client.conversations_open(users="U2")["channel"]["id"] == "DU2"
    assert "message_ts" in client.chat_postEphemeral(channel="C1", user="U2", text="x").data
    view = {"type": "home", "blocks": BLOCKS}
    published = client.views_publish(user_id="U2", view=view)
    assert published["view"]["id"] == "V1" and published["view"]["blocks"] == BLOCKS
    assert fake.calls_to("views.publish")[0]["view"] == view
    assert client.api_call("reactions.add", params={"name": "x"}).data == {"ok": True}
    fake.reply("conversations.members", {"members": ["U1", "U2"]})
    assert client.conversations_members(channel="C1")["members"] == ["U1", "U2"]


def test_unknown_path_is_404(fake: FakeSlack) -> None:
    status, _, _ = slackreq.post(fake.root_url + "nope", "{}", sign_with=None)
    assert status == 404
    assert fake.methods() == ["unknown:/nope"]


def test_file_upload_v2_flow(fake: FakeSlack) -> None:
    client = retrying_client(fake)
    client.files_upload_v2(channel="C1", content=b"a,b\n1,2\n", filename="datos.csv", title="Datos")
    assert fake.methods() == ["files.getUploadURLExternal", "upload:F1", "files.completeUploadExternal"]
    assert fake.calls_to("upload:F1")[0]["data"] == b"a,b\n1,2\n"
    assert fake.calls_to("files.completeUploadExternal")[0]["files"] == [{"id": "F1", "title": "Datos"}]


def test_rate_limit_is_retried_after_retry_after(fake: FakeSlack) -> None:
    client = retrying_client(fake)
    fake.fail("chat.postMessage", 429, retry_after=1)
    started = time.monotonic()
    response = client.chat_postMessage(channel="C0CHAN1", text="hola", blocks=BLOCKS)
    elapsed = time.monotonic() - started
    assert response["ok"] is True
    calls = [c for c in fake.calls if c.method == "chat.postMessage"]
    assert [c.status for c in calls] == [429, 200]
    assert calls[1].at - calls[0].at >= 1.0
    assert elapsed >= 1.0
    assert calls[0].params == calls[1].params


def test_rate_limit_without_retry_handler_surfaces(fake: FakeSlack) -> None:
    client = WebClient(base_url=fake.base_url, token="xoxb-test", retry_handlers=[])
    fake.fail("chat.postMessage", 429, retry_after=7)
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="x")
    assert raised.value.response.status_code == 429
    assert raised.value.response["error"] == "ratelimited"
    assert raised.value.response.headers["Retry-After"] == "7"


def test_server_error_is_retried(fake: FakeSlack) -> None:
    client = retrying_client(fake)
    fake.fail("chat.postMessage", 500)
    assert client.chat_postMessage(channel="C1", text="x")["ok"] is True
    assert [c.status for c in fake.calls] == [500, 200]


def test_dropped_connection_is_retried(fake: FakeSlack) -> None:
    client = retrying_client(fake)
    fake.drop("chat.postMessage")
    assert client.chat_postMessage(channel="C1", text="x")["ok"] is True
    assert [c.status for c in fake.calls] == [0, 200]


def test_injected_api_error(fake: FakeSlack) -> None:
    client = retrying_client(fake)
    fake.fail("chat.postMessage", 200, error="channel_not_found")
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C404", text="x")
    assert raised.value.response["error"] == "channel_not_found"
    assert client.chat_postMessage(channel="C1", text="x")["ok"] is True  # only `times` calls fail


def test_reset_forgets_calls_and_failures(fake: FakeSlack) -> None:
    client = retrying_client(fake)
    client.auth_test()
    fake.fail("auth.test", 500, times=5)
    fake.reset()
    assert fake.calls == []
    assert client.auth_test()["ok"] is True


def test_wait_for_times_out_listing_calls(fake: FakeSlack) -> None:
    retrying_client(fake).auth_test()
    with pytest.raises(AssertionError, match=r"chat\.postMessage.*got 0[\s\S]*auth\.test -> 200"):
        fake.wait_for("chat.postMessage", timeout=0.2)


def test_wait_for_wakes_on_arrival(fake: FakeSlack) -> None:
    client = retrying_client(fake)
    threading.Timer(0.1, lambda: client.chat_postMessage(channel="C1", text="late")).start()
    [params] = fake.wait_for("chat.postMessage", timeout=5)
    assert params["text"] == "late"


def test_response_url_posts_are_recorded(fake: FakeSlack) -> None:
    url = fake.response_url("cmd")
    status, headers, text = slackreq.post(url, json.dumps({"text": "hola", "blocks": BLOCKS}), retry_num=1)
    assert status == 200 and json.loads(text) == {"ok": True}
    assert headers["content-type"].startswith("application/json")
    [call] = fake.calls
    assert call.method == "response_url:cmd"
    assert call.params == {"text": "hola", "blocks": BLOCKS}
    assert call.headers["X-Slack-Retry-Num"] == "1"
    assert call.headers["X-Slack-Retry-Reason"] == "http_timeout"
    assert SignatureVerifier(SIGNING_SECRET).is_valid_request(
        json.dumps({"text": "hola", "blocks": BLOCKS}), call.headers
    )


# -- slackreq --------------------------------------------------------------------------------------


def test_sign_verifies_and_wrong_secret_does_not() -> None:
    body = slackreq.event_callback(slackreq.app_mention("<@UBOT> ¿Quién lidera la mesa?"))
    headers = slackreq.sign(body)
    assert headers["Content-Type"] == "application/json"
    assert SignatureVerifier(SIGNING_SECRET).is_valid_request(body, headers)
    assert not SignatureVerifier("another-secret").is_valid_request(body, headers)
    assert not SignatureVerifier(SIGNING_SECRET).is_valid_request(body + " ", headers)
    stale = slackreq.sign(body, timestamp=int(time.time()) - 600)
    assert not SignatureVerifier(SIGNING_SECRET).is_valid_request(body, stale)


def test_slash_command_body_has_every_field() -> None:
    body = slackreq.slash_command("quién lidera salud", response_url="http://127.0.0.1:1/response/r1")
    fields = parse_qs(body, keep_blank_values=True)
    assert list(fields) == [
        "token",
        "team_id",
        "team_domain",
        "channel_id",
        "channel_name",
        "user_id",
        "user_name",
        "command",
        "text",
        "api_app_id",
        "is_enterprise_install",
        "response_url",
        "trigger_id",
    ]
    assert fields["text"] == ["quién lidera salud"]
    assert fields["command"] == ["/red"]
    assert "text=qui%C3%A9n+lidera+salud" in body and "command=%2Fred" in body


def test_event_callback_shape() -> None:
    body = slackreq.event_callback(slackreq.app_mention("<@UBOT> ¿Quién?", thread_ts="1.2"))
    assert "\\u00bf" in body  # non-ASCII escaped, as Slack sends it
    decoded = json.loads(body)
    assert decoded["type"] == "event_callback" and decoded["event_id"].startswith("Ev")
    assert decoded["authorizations"][0]["user_id"] == "UBOT"
    event = decoded["event"]
    assert event["type"] == "app_mention" and event["thread_ts"] == "1.2"
    section = event["blocks"][0]["elements"][0]["elements"]
    assert section == [{"type": "user", "user_id": "UBOT"}, {"type": "text", "text": " ¿Quién?"}]
    assert slackreq.event_callback({"type": "x"}) != slackreq.event_callback({"type": "x"})  # fresh ids


def test_message_events() -> None:
    dm = slackreq.dm_message("hola")
    assert (dm["type"], dm["channel_type"], dm["channel"]) == ("message", "im", "D0DM0001")
    assert "client_msg_id" in dm and "subtype" not in dm
    own = slackreq.channel_message("eco", user="UBOT", bot_id="BBOT")
    assert own["bot_id"] == "BBOT" and "client_msg_id" not in own and own["channel_type"] == "channel"
    edited = slackreq.dm_message("hola", subtype="message_changed")
    assert edited["message"]["text"] == "hola" and "user" not in edited


def test_block_actions_payload_decodes() -> None:
    body = slackreq.block_actions("ver_mas", "tema:salud", response_url="http://127.0.0.1:1/response/r2")
    assert body.startswith("payload=")
    assert "%5C%2F" in body  # "\/" escaped slashes, like Slack
    [raw] = parse_qs(body)["payload"]
    payload = json.loads(raw)
    assert payload["type"] == "block_actions"
    assert payload["response_url"] == "http://127.0.0.1:1/response/r2"
    assert payload["user"]["id"] == "U0USER1" and payload["channel"]["id"] == "C0CHAN1"
    [action] = payload["actions"]
    assert (action["action_id"], action["value"], action["type"]) == ("ver_mas", "tema:salud", "button")
    home = json.loads(
        parse_qs(slackreq.block_actions("a", "v", response_url=None, view={"id": "V9", "type": "home"}))[
            "payload"
        ][0]
    )
    assert home["container"] == {"type": "view", "view_id": "V9"}
    assert "response_url" not in home and "channel" not in home


def test_view_submission_payload_decodes() -> None:
    values = {"b1": {"a1": {"type": "plain_text_input", "value": "hola"}}}
    body = slackreq.view_submission("feedback", values, private_metadata="C1|1.2")
    payload = json.loads(parse_qs(body)["payload"][0])
    assert payload["type"] == "view_submission"
    assert payload["view"]["callback_id"] == "feedback"
    assert payload["view"]["state"]["values"] == values
    assert payload["view"]["private_metadata"] == "C1|1.2"


def test_post_refuses_non_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        slackreq.post("https://example.com/slack/events", "{}")


# -- end to end: the real Bolt app over HTTP ---------------------------------------------------------


@pytest.fixture
def bolt(fake: FakeSlack) -> Iterator[str]:
    """A Bolt app behind wsgiref on an ephemeral loopback port, its client pointed at the fake."""
    app = App(
        name="harness",
        client=WebClient(base_url=fake.base_url, token="xoxb-test"),
        signing_secret=SIGNING_SECRET,
    )

    @app.command("/red")
    def red(ack: Ack, respond: Respond, command: dict[str, Any]) -> None:
        ack()
        respond(text="eco: " + command["text"])

    @app.event("app_mention")
    def mention(say: Say, event: dict[str, Any]) -> None:
        say(text="hola", thread_ts=event.get("thread_ts") or event["ts"])

    @app.action("ver_mas")
    def more(ack: Ack, respond: Respond, action: dict[str, Any]) -> None:
        ack()
        respond(text=action["value"])

    with serve_wsgi(SlackRequestHandler(app)) as base_url:
        yield f"{base_url}/slack/events"


def test_bolt_slash_command_responds(fake: FakeSlack, bolt: str) -> None:
    body = slackreq.slash_command("quién lidera", response_url=fake.response_url("cmd"))
    status, _, _ = slackreq.post(bolt, body)
    assert status == 200
    [params] = fake.wait_for("response_url:cmd")
    assert params["text"] == "eco: quién lidera"


def test_bolt_rejects_bad_signature(fake: FakeSlack, bolt: str) -> None:
    body = slackreq.slash_command("x", response_url=fake.response_url())
    assert slackreq.post(bolt, body, sign_with="wrong-secret")[0] == 401
    assert slackreq.post(bolt, body, sign_with=None)[0] == 401


def test_bolt_app_mention_says_in_thread(fake: FakeSlack, bolt: str) -> None:
    body = slackreq.event_callback(slackreq.app_mention("<@UBOT> hola", ts="1700000000.000900"))
    assert slackreq.post(bolt, body)[0] == 200
    [params] = fake.wait_for("chat.postMessage")
    # Bolt's per-request WebClient carries team_id as a default param, so every call includes it.
    assert params == {
        "channel": "C0CHAN1",
        "text": "hola",
        "thread_ts": "1700000000.000900",
        "team_id": "T0001",
    }


def test_bolt_block_action_responds(fake: FakeSlack, bolt: str) -> None:
    body = slackreq.block_actions("ver_mas", "tema:salud", response_url=fake.response_url("act"))
    assert slackreq.post(bolt, body)[0] == 200
    assert fake.wait_for("response_url:act")[0]["text"] == "tema:salud"
