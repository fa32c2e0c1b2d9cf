"""How the outbox's deliveries reach Slack: a DM to a person, a post in a channel or in a message's thread,
or a pin (a weekly digest's).

Each message carries its delivery key as message metadata. When Slack's answer is lost (a 5xx, a dropped
connection, a timeout), the message may or may not have been posted: before posting again, the sender
looks for the key in the conversation's recent history, so a lost answer does not become a duplicate.
"""

from __future__ import annotations

import datetime as dt
import http.client
import logging
import threading
import time
import urllib.error
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.outbox.failures import SendError, ambiguous, retryable
from bot.outbox.lease import claim_still_held
from bot.outbox.message import Message, split_recipient
from bot.time.clock import Clock, SystemClock
from handlers.posting import post_message, slack_error
from handlers.slack_client import posting_client

log = logging.getLogger("enlace.outbox")
EVENT_TYPE = "enlace_delivery"
# Slack's clock and ours may disagree a little: look a bit further back than the earlier attempt's start.
HISTORY_MARGIN = dt.timedelta(minutes=5)
HISTORY_PAGES = 10
# Waits before posting again after an unconfirmed attempt, each followed by a look at the history: the
# backoff slack_sdk's own retries would have used.
RETRY_WAITS = (0.5, 1.0, 2.0)
# Pinning twice, or taking down a pin that is gone, changes nothing: not a failure.
PIN_DONE = frozenset({"already_pinned", "no_pin", "not_pinned", "message_not_found"})


def describe(error: BaseException) -> SendError:
    """A Web API failure as the outbox sees it: Slack's error code, or what went wrong on the way."""
    if isinstance(error, SlackApiError):
        response = error.response
        status = getattr(response, "status_code", 200)
        code = slack_error(error)
        if status == 429:
            return SendError("ratelimited", str(error))
        if status >= 500 or not code:
            return SendError(f"http_{status}", str(error)[:300])
        data: Any = getattr(response, "data", None)
        needed = data.get("needed") if isinstance(data, dict) else None
        return SendError(code, f"needed: {needed}" if needed else "")
    if isinstance(error, TimeoutError) or (
        isinstance(error, urllib.error.URLError) and isinstance(error.reason, TimeoutError)
    ):
        return SendError("timeout", str(error))
    if isinstance(error, urllib.error.URLError | ConnectionError | http.client.HTTPException | OSError):
        return SendError("connection_error", f"{type(error).__name__}: {error}")
    return SendError("unexpected_error", f"{type(error).__name__}: {error}")


def _raise_unless_done(error: Exception) -> None:
    failure = describe(error)
    if failure.code not in PIN_DONE:
        raise failure from error


class SlackSender:
    """Sends at most `per_second` messages a second, so a bulk send (300 prompts) stays under Slack's rate
    limit instead of bouncing off it; a 429 that happens anyway is waited out by the client's retry handler."""

    def __init__(
        self, client: WebClient, per_second: float | None = None, clock: Clock | None = None
    ) -> None:
        self.client = client  # reads (history, conversations.open) may be repeated freely
        self.poster = posting_client(client)
        self.clock = clock or SystemClock()
        self.interval = 1.0 / per_second if per_second else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def _pace(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            wait = self._next - now
            self._next = max(now, self._next) + self.interval
        if wait > 0:
            time.sleep(wait)

    def send(self, recipient: str, message: Message, key: str) -> str | None:
        if message.pin is not None:
            return self._pin(recipient, message.pin, message.unpin)
        metadata = {"event_type": EVENT_TYPE, "event_payload": {"key": key}}
        conversation, thread = split_recipient(recipient)
        extra: dict[str, Any] = {"thread_ts": thread} if thread else {}
        started = self.clock.now()
        for wait in (*RETRY_WAITS, None):
            self._pace()
            try:
                # chat.postMessage to a user id lands in the app's DM with that person.
                posted: Any = post_message(
                    self.poster, conversation, message.text, message.blocks, metadata=metadata, **extra
                )
                return str(posted.get("ts") or "") or None
            except Exception as error:
                failure = describe(error)
                if wait is None or not ambiguous(failure.code):
                    raise failure from error
            time.sleep(wait)
            if not claim_still_held():  # another clock took the delivery over during the wait: theirs now
                raise failure
            try:
                found = self.already_sent(recipient, key, started)
                if found is not None:
                    return found
            except SendError as lookup:
                if retryable(lookup.code):
                    raise failure from lookup  # unconfirmed: the outbox looks again before a next attempt
                log.warning("cannot look for %s in the conversation (%s): posting it again", key, lookup)
        raise AssertionError("the last attempt either returns or raises")

    def _pin(self, channel: str, ts: str, unpin: str | None) -> str:
        """Pin the message, then take the previous pin down; both may be repeated safely."""
        try:
            self.client.pins_add(channel=channel, timestamp=ts)
        except Exception as error:
            _raise_unless_done(error)
        if unpin and unpin != ts:
            try:
                self.client.pins_remove(channel=channel, timestamp=unpin)
            except Exception as error:
                _raise_unless_done(error)
        return ts

    def already_sent(self, recipient: str, key: str, since: dt.datetime) -> str | None:
        try:
            return self._find(recipient, key, since)
        except Exception as error:
            raise describe(error) from error

    def _find(self, recipient: str, key: str, since: dt.datetime) -> str | None:
        channel, thread = split_recipient(recipient)
        if channel[:1] not in ("C", "G", "D"):
            opened: Any = self.client.conversations_open(users=channel)
            channel = opened["channel"]["id"]
        # `since` is the run's instant; `enlace tick --at` may run in the past or the future of Slack's clock.
        oldest = min(since, self.clock.now()) - HISTORY_MARGIN
        cursor = None
        for _ in range(HISTORY_PAGES):
            common: dict[str, Any] = {
                "channel": channel, "oldest": f"{oldest.timestamp():.6f}", "include_all_metadata": True,
                "limit": 200, "cursor": cursor,
            }  # fmt: skip
            page: Any = (
                self.client.conversations_replies(ts=thread, **common)
                if thread  # a thread's replies are not in the channel's history
                else self.client.conversations_history(**common)
            )
            for message in page.get("messages") or []:
                metadata = message.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                if metadata.get("event_type") == EVENT_TYPE and payload.get("key") == key:
                    return str(message.get("ts", ""))
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not page.get("has_more") or not cursor:
                return None
        return None
