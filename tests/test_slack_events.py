"""Mentions and DMs over real HTTP: a mention is answered in its thread, a DM in the DM; bots (the bot
itself included) are ignored; Slack's retries are dropped by event_id kept in the database, across a
restart; anything the bot does not handle still gets a 200."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests import slackreq
from tests.fakeslack import BOT_ID, BOT_USER_ID, TEAM_ID, FakeSlack

pytest.register_assert_rewrite("tests.slack_fixtures")

from tests.slack_fixtures import (  # noqa: E402
    WAIT,
    Enlace,
    check_blocks,
    count_rows,
    serve_enlace,
    settings_for,
    wait_until,
)

pytest_plugins = ["tests.slack_fixtures"]

PT5 = "¿Quién lidera la prioridad temática 5?"
PT5_TITLE = "¿Quién lidera? Prioridad temática 5"


def posts(fake: FakeSlack) -> list[dict[str, Any]]:
    return fake.calls_to("chat.postMessage")


def after_a_sentinel(enlace: Enlace) -> list[dict[str, Any]]:
    """Send a DM that must be answered and wait for its answer; then every chat.postMessage so far.

    Anything sent before it and not ignored would have been answered by then (same app, same path)."""
    assert enlace.event(slackreq.dm_message("PT5", user="U0SENTRY", channel="D0SENTRY")) == 200
    wait_until(lambda: any(p["channel"] == "D0SENTRY" for p in posts(enlace.fake)), what="the sentinel")
    return [p for p in posts(enlace.fake) if p["channel"] != "D0SENTRY"]


# -- mentions and DMs --------------------------------------------------------------------------------


def test_a_mention_is_answered_in_a_thread_on_the_mention(enlace: Enlace) -> None:
    mention = slackreq.app_mention(f"<@{BOT_USER_ID}> {PT5}", channel="C0CHAN1", ts="1700000000.000777")
    assert enlace.event(mention) == 200
    [posted] = enlace.fake.wait_for("chat.postMessage", timeout=WAIT)
    assert posted["channel"] == "C0CHAN1"
    assert posted["thread_ts"] == "1700000000.000777"
    assert posted["blocks"][0]["text"]["text"] == PT5_TITLE
    assert "UNODC" in posted["text"] and "OIM" in posted["text"]
    check_blocks(posted["blocks"])


def test_a_mention_inside_a_thread_is_answered_in_that_thread(enlace: Enlace) -> None:
    mention = slackreq.app_mention(
        f"{PT5} <@{BOT_USER_ID}>", ts="1700000000.000900", thread_ts="1700000000.000100"
    )
    assert enlace.event(mention) == 200
    [posted] = enlace.fake.wait_for("chat.postMessage", timeout=WAIT)
    assert (posted["channel"], posted["thread_ts"]) == ("C0CHAN1", "1700000000.000100")
    assert posted["blocks"][0]["text"]["text"] == PT5_TITLE


def test_the_mention_token_is_not_part_of_the_question(enlace: Enlace) -> None:
    # A search answer echoes the words it searched for: the bot's own mention is not among them.
    mention = slackreq.app_mention(f"<@{BOT_USER_ID}> comunicaciones <@{BOT_USER_ID}|enlace>")
    assert enlace.event(mention) == 200
    [posted] = enlace.fake.wait_for("chat.postMessage", timeout=WAIT)
    title = posted["blocks"][0]["text"]["text"]
    assert title == "Actividades sobre «comunicaciones»"
    assert BOT_USER_ID.lower() not in posted["text"].lower()


def test_a_dm_is_answered_in_the_dm(enlace: Enlace) -> None:
    assert enlace.event(slackreq.dm_message(PT5, channel="D0DM0001")) == 200
    [posted] = enlace.fake.wait_for("chat.postMessage", timeout=WAIT)
    assert posted["channel"] == "D0DM0001"
    assert "thread_ts" not in posted
    assert posted["blocks"][0]["text"]["text"] == PT5_TITLE
    check_blocks(posted["blocks"])


def test_an_english_dm_is_answered_in_english(enlace: Enlace) -> None:
    assert enlace.event(slackreq.dm_message("Who leads thematic priority 5?")) == 200
    [posted] = enlace.fake.wait_for("chat.postMessage", timeout=WAIT)
    assert posted["blocks"][0]["text"]["text"] == "Who leads? Thematic priority 5"


@pytest.mark.parametrize(
    "text", ["x" * 20_000, "PT5\x00\x01\x1b[31m\x7f 🚀", "'; DROP TABLE processed_events; --"]
)
def test_any_text_in_a_dm_gets_an_answer(enlace: Enlace, text: str) -> None:
    assert enlace.event(slackreq.dm_message(text)) == 200
    [posted] = enlace.fake.wait_for("chat.postMessage", timeout=WAIT)
    assert posted["channel"] == "D0DM0001" and posted["text"].strip()
    check_blocks(posted["blocks"])


def test_a_mention_that_echoes_people_text_pings_nobody(enlace: Enlace) -> None:
    text = f"<@{BOT_USER_ID}> <!channel> <@U123> comunicaciones <!here>"
    assert enlace.event(slackreq.app_mention(text)) == 200
    [posted] = enlace.fake.wait_for("chat.postMessage", timeout=WAIT)
    mrkdwn = [posted["text"]] + [
        b["text"]["text"] for b in posted["blocks"] if b["type"] == "section" and "text" in b
    ]
    for part in mrkdwn:
        assert "<!" not in part and "<@" not in part


@pytest.mark.parametrize(
    "event",
    [
        slackreq.dm_message("PT5", user="U0OTHERBOT", bot_id="B0OTHER"),
        slackreq.dm_message("PT5", user=BOT_USER_ID, bot_id=BOT_ID),
        slackreq.dm_message("PT5", subtype="bot_message", bot_id="B0OTHER"),
        slackreq.dm_message("PT5", subtype="message_changed"),
        slackreq.dm_message("PT5", subtype="message_deleted"),
        slackreq.dm_message("PT5", subtype="me_message"),
        slackreq.channel_message("PT5"),
        slackreq.channel_message("PT5", thread_ts="1700000000.000100"),
        slackreq.channel_message("PT5", user=BOT_USER_ID, bot_id=BOT_ID),
        {**slackreq.app_mention(f"<@{BOT_USER_ID}> PT5", user="U0OTHERBOT"), "bot_id": "B0OTHER"},
    ],
    ids=[
        "dm-other-bot",
        "dm-own-bot",
        "dm-bot_message",
        "dm-message_changed",
        "dm-message_deleted",
        "dm-me_message",
        "channel-message",
        "channel-thread-reply",
        "channel-own-bot",
        "mention-by-a-bot",
    ],
)
def test_bots_edits_and_channel_chatter_get_200_and_no_answer(enlace: Enlace, event: dict[str, Any]) -> None:
    assert enlace.event(event) == 200
    assert after_a_sentinel(enlace) == []


# -- retries -----------------------------------------------------------------------------------------


def test_a_retry_of_a_handled_event_is_acknowledged_and_dropped(enlace: Enlace, enlace_db: str) -> None:
    body = slackreq.event_callback(slackreq.app_mention(f"<@{BOT_USER_ID}> PT5"), event_id="Ev0RETRY01")
    assert enlace.post(body)[0] == 200
    enlace.fake.wait_for("chat.postMessage", timeout=WAIT)
    status, _, text = enlace.post(body, retry_num=1, retry_reason="http_timeout")
    assert (status, text) == (200, "")
    assert enlace.post(body, retry_num=2, retry_reason="http_error")[0] == 200
    assert [p["channel"] for p in after_a_sentinel(enlace)] == ["C0CHAN1"]
    assert count_rows(enlace_db, "processed_events") == 2  # the mention and the sentinel


def test_a_retry_of_an_event_never_seen_is_handled(enlace: Enlace) -> None:
    body = slackreq.event_callback(slackreq.dm_message(PT5), event_id="Ev0LOSTFIRST")
    assert enlace.post(body, retry_num=1, retry_reason="http_timeout")[0] == 200
    [posted] = enlace.fake.wait_for("chat.postMessage", timeout=WAIT)
    assert posted["channel"] == "D0DM0001"


def test_simultaneous_deliveries_of_one_event_are_answered_once(enlace: Enlace) -> None:
    import threading

    body = slackreq.event_callback(slackreq.dm_message("PT5"), event_id="Ev0TWINS")
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda n=n: results.append(enlace.post(body, retry_num=n or None)[0]))
        for n in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT)
    assert results == [200] * 4
    assert [p["channel"] for p in after_a_sentinel(enlace)] == ["D0DM0001"]


def test_dedup_survives_a_restart(fake: FakeSlack, database_url: str) -> None:
    settings = settings_for(fake, database_url)
    body = slackreq.event_callback(slackreq.app_mention(f"<@{BOT_USER_ID}> PT5"), event_id="Ev0RESTART")
    with serve_enlace(settings) as base_url:
        assert Enlace(base_url, fake).post(body)[0] == 200
        fake.wait_for("chat.postMessage", timeout=WAIT)
    assert count_rows(database_url, "processed_events") == 1
    with serve_enlace(settings) as base_url:  # a new process: nothing in memory, same database
        restarted = Enlace(base_url, fake)
        assert restarted.post(body, retry_num=1)[0] == 200
        assert [p["channel"] for p in after_a_sentinel(restarted)] == ["C0CHAN1"]
        fresh = slackreq.event_callback(slackreq.app_mention(f"<@{BOT_USER_ID}> PT1", channel="C0NEW"))
        assert restarted.post(fresh, retry_num=1)[0] == 200
        assert fake.wait_for("chat.postMessage", count=3, timeout=WAIT)[-1]["channel"] == "C0NEW"


# -- what the bot does not handle --------------------------------------------------------------------


def _shortcut(kind: str) -> str:
    payload: dict[str, Any] = {
        "type": kind,
        "token": "verification-token-unused",
        "action_ts": "1700000600.000001",
        "team": {"id": TEAM_ID, "domain": slackreq.TEAM_DOMAIN},
        "user": {"id": "U0USER1", "username": "ana", "team_id": TEAM_ID},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": "unknown_shortcut",
        "trigger_id": "1337.44.ijkl",
    }
    if kind == "message_action":
        payload.update(
            channel={"id": "C0CHAN1", "name": "red-migracion"},
            message={"type": "message", "user": "U0USER1", "ts": "1700000000.000100", "text": "hola"},
            message_ts="1700000000.000100",
            response_url="http://127.0.0.1:9/response/none",
        )
    return slackreq.interactive_body(payload)


UNHANDLED_EVENTS: dict[str, dict[str, Any]] = {
    "reaction_added": {"type": "reaction_added", "user": "U0USER1", "reaction": "thumbsup",
                       "item": {"type": "message", "channel": "C0CHAN1", "ts": "1700000000.000100"},
                       "item_user": BOT_USER_ID, "event_ts": "1700000000.000500"},
    "channel_created": {"type": "channel_created", "channel": {"id": "C0NEW", "name": "nuevo",
                        "created": 1700000000, "creator": "U0USER1"}, "event_ts": "1700000000.000600"},
    "member_joined_channel": {"type": "member_joined_channel", "user": "U0USER1", "channel": "C0CHAN1",
                              "channel_type": "C", "team": TEAM_ID, "event_ts": "1700000000.000700"},
    "team_join": {"type": "team_join", "user": {"id": "U0NEW", "team_id": TEAM_ID}, "event_ts": "1.2"},
    "app_home_opened-messages-tab": slackreq.app_home_opened(tab="messages"),
    "channel_join": slackreq.channel_message("<@U0USER1> se unió", subtype="channel_join"),
    "file_share-in-channel": slackreq.channel_message("archivo", subtype="file_share"),
    "thread_broadcast": slackreq.dm_message("PT5", subtype="thread_broadcast", thread_ts="1.1"),
    "made-up-event": {"type": "something_slack_adds_later", "event_ts": "1700000000.000800"},
}  # fmt: skip


@pytest.mark.parametrize("name", list(UNHANDLED_EVENTS))
def test_events_the_bot_does_not_handle_get_200(enlace: Enlace, name: str) -> None:
    assert enlace.event(UNHANDLED_EVENTS[name]) == 200
    assert after_a_sentinel(enlace) == []
    assert not enlace.fake.calls_to("views.publish") and not enlace.fake.calls_to("chat.postEphemeral")


@pytest.mark.parametrize(
    "body",
    [
        slackreq.block_actions("made_up_action", "x", response_url="http://127.0.0.1:9/response/none"),
        slackreq.block_actions("ask_example_x", "x", response_url="http://127.0.0.1:9/response/none"),
        slackreq.block_actions("made_up_action", "x", response_url=None, view={"id": "V1", "type": "home"}),
        slackreq.view_submission("made_up_modal", {"b": {"a": {"type": "plain_text_input", "value": "x"}}}),
        _shortcut("shortcut"),
        _shortcut("message_action"),
    ],
    ids=[
        "unknown-action",
        "almost-an-example",
        "unknown-home-action",
        "unknown-view",
        "global-shortcut",
        "message-shortcut",
    ],
)
def test_interactions_the_bot_does_not_handle_get_200(enlace: Enlace, body: str) -> None:
    started = time.monotonic()
    status, _, _ = enlace.post(body)
    assert status == 200 and time.monotonic() - started < 3.0
    assert after_a_sentinel(enlace) == []


def test_url_verification_answers_the_challenge(enlace: Enlace) -> None:
    status, _, text = enlace.post(slackreq.url_verification("abc123"))
    assert status == 200 and "abc123" in text
