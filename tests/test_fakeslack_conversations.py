"""The loopback Slack keeps messages per conversation, as Slack does, for tests that look for a message."""

from __future__ import annotations

import threading
import urllib.error
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from tests.fakeslack import FakeSlack


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


def _client(fake: FakeSlack) -> WebClient:
    # No retries: slack_sdk's default repeats a request whose connection dropped, posting it twice.
    return WebClient(token="xoxb-test", base_url=fake.base_url, timeout=5, retry_handlers=[])


def test_a_post_to_a_person_lands_in_their_dm_and_history_is_newest_first(fake: FakeSlack) -> None:
    client = _client(fake)
    metadata = {"event_type": "enlace_delivery", "event_payload": {"key": "k1"}}
    first = client.chat_postMessage(channel="U0PERSON1", text="uno", metadata=metadata)
    assert first["channel"] == "DU0PERSON1"  # as on Slack: the DM's id, not the user's
    second = client.chat_postMessage(channel="U0PERSON1", text="dos")
    client.chat_postMessage(channel="C0CHAN1", text="en el canal")
    dm = client.conversations_open(users="U0PERSON1")["channel"]["id"]

    plain = client.conversations_history(channel=dm)["messages"]
    assert [m["text"] for m in plain] == ["dos", "uno"] and all("metadata" not in m for m in plain)
    full = client.conversations_history(channel=dm, include_all_metadata=True)["messages"]
    assert full[1]["metadata"] == metadata
    newer = client.conversations_history(channel=dm, oldest=first["ts"], include_all_metadata=True)
    assert [m["ts"] for m in newer["messages"]] == [second["ts"]]
    page = client.conversations_history(channel=dm, limit=1)
    assert page["has_more"] and [m["text"] for m in page["messages"]] == ["dos"]
    rest = client.conversations_history(channel=dm, limit=1, cursor=page["response_metadata"]["next_cursor"])
    assert [m["text"] for m in rest["messages"]] == ["uno"] and not rest["has_more"]
    assert [m["text"] for m in fake.messages("C0CHAN1")] == ["en el canal"]


def test_lose_answer_posts_the_message_but_drops_the_connection(fake: FakeSlack) -> None:
    fake.lose_answer("chat.postMessage")
    with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
        _client(fake).chat_postMessage(channel="C0CHAN1", text="¿llegó?")
    assert [m["text"] for m in fake.messages("C0CHAN1")] == ["¿llegó?"]


def test_hold_keeps_the_answer_until_released(fake: FakeSlack) -> None:
    client = _client(fake)
    fake.hold("chat.postMessage", after=1)
    client.chat_postMessage(channel="C0CHAN1", text="1")  # the first goes through
    answered = threading.Event()
    thread = threading.Thread(
        target=lambda: (client.chat_postMessage(channel="C0CHAN1", text="2"), answered.set())
    )
    thread.start()
    fake.wait_for("chat.postMessage", 2)
    assert not answered.is_set() and len(fake.messages("C0CHAN1")) == 2  # posted, answer held
    fake.release()
    thread.join(timeout=5)
    assert answered.is_set()
