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
    """What to post. With `pin`, nothing is posted: the message of that Slack timestamp is pinned in the
    recipient channel, and the one of `unpin` (the previous pin) taken down."""

    blocks: Blocks
    text: str
    pin: str | None = None
    unpin: str | None = None


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
    """Slack, seen from the outbox. Both raise SendError when Slack does not confirm. A recipient is a
    person, a channel, or a thread in a channel (`thread_recipient`)."""

    def send(self, recipient: str, message: Message, key: str) -> str | None:
        """Post the message to a person (their DM), a channel or a thread, carrying the delivery key as
        metadata; the posted message's Slack timestamp, when Slack gave one."""

    def already_sent(self, recipient: str, key: str, since: dt.datetime) -> str | None:
        """The timestamp of a message carrying this key in the conversation, posted since `since`; None
        when there is none."""


def thread_recipient(channel: str, thread_ts: str) -> str:
    """A reply in the thread of the message `thread_ts` of `channel`, as a delivery's recipient."""
    return f"{channel}:{thread_ts}"


def split_recipient(recipient: str) -> tuple[str, str | None]:
    """(the person or channel, the thread's timestamp or None)."""
    conversation, _, thread = recipient.partition(":")
    return conversation, thread or None
