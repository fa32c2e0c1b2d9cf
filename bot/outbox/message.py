"""What a delivery becomes when its time comes: a message to send, or a verdict that it must not go."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session

from storage.models import Delivery

Blocks = list[dict[str, Any]]


@dataclass(frozen=True)
class Message:
    blocks: Blocks
    text: str


@dataclass(frozen=True)
class Verdict:
    """Not sent, and why: status "skipped" (no longer wanted) or "expired" (too late); reason is a code
    worded in config/messages.yaml (`outbox.reason.<code>`)."""

    status: str
    reason: str


# (session, the delivery, the instant the run stands for, now, manual: a person asked to resend it) -> what
# to do with it. Ages are measured from the run's instant (`enlace tick --at T` keeps T's boundaries
# exact); whether a period has closed, from now.
Composer = Callable[[Session, Delivery, dt.datetime, dt.datetime, bool], Message | Verdict]


class Sender(Protocol):
    """Slack, seen from the outbox. Both raise SendError when Slack does not confirm."""

    def send(self, recipient: str, message: Message, key: str) -> None:
        """Post the message to a person (their DM) or a channel, carrying the delivery key as metadata."""

    def already_sent(self, recipient: str, key: str, since: dt.datetime) -> bool:
        """Whether the conversation already holds a message carrying this key, posted since `since`."""
