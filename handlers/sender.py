"""How the clock's deliveries reach Slack: a DM to a person, or a post in a group's channel."""

from __future__ import annotations

import threading
import time
from typing import Any

from slack_sdk import WebClient

from handlers.posting import post_message


class SlackSender:
    """Sends at most `per_second` messages a second, so a bulk send (300 prompts) stays under Slack's rate
    limit instead of bouncing off it; a 429 that happens anyway is waited out by the client's retry handler."""

    def __init__(self, client: WebClient, per_second: float | None = None) -> None:
        self.client = client
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

    def send(self, recipient: str, blocks: list[dict[str, Any]], text: str) -> None:
        self._pace()
        # chat.postMessage to a user id lands in the app's DM with that person.
        post_message(self.client, recipient, text, blocks)
