"""Failures and reasons in words: for a notice in Slack (mrkdwn, with real links) or a line in the
terminal (plain text). The sentences themselves live in config/messages.yaml, section `outbox`."""

from __future__ import annotations

import re

from bot.outbox.failures import retryable
from bot.outbox.message import split_recipient
from bot.render.answer import plain_moments, resolve_mentions
from bot.render.blocks import escape
from bot.render.i18n import Catalog

_LINK = "\x00recipient\x00"
_NEEDED = re.compile(r"needed: ([\w:.,-]+)")


def is_channel(recipient: str) -> bool:
    return recipient[:1] in ("C", "G")


def link(recipient: str, slack: bool) -> str:
    """A channel link (<#C…>) or a mention (<@U…>); in plain text, #C… or @U…. A thread names its channel."""
    conversation = split_recipient(recipient)[0]
    sign = "#" if is_channel(conversation) else "@"
    return f"<{sign}{conversation}>" if slack else f"{sign}{conversation}"


def say(c: Catalog, entry: str, lang: str, slack: bool, recipient: str = "", **values: object) -> str:
    """A catalog sentence with {recipient} as a link; escaped for mrkdwn when it goes to Slack."""
    text = c.t(entry, lang, recipient=_LINK, **values)
    text = escape(text) if slack else plain_moments(resolve_mentions(text, "@{user}"))
    return text.replace(_LINK, link(recipient, slack))


def needed_scope(error: str | None) -> str:
    """The scope Slack said was missing, kept in the row's error text by the sender."""
    match = _NEEDED.search(error or "")
    return match.group(1) if match else "chat:write"


def failure(c: Catalog, lang: str, code: str, recipient: str, slack: bool, error: str | None = None,
            attempts: int = 0) -> tuple[str, str]:  # fmt: skip
    """(why it failed, how to fix it) for a Slack error code."""
    values: dict[str, object] = {"code": code, "attempts": attempts, "needed": needed_scope(error)}
    if retryable(code):
        entry = "transient"
    elif c.has(f"outbox.why.{code}"):
        entry = code
    else:
        entry = "unknown"
    why = say(c, f"outbox.why.{entry}", lang, slack, recipient, **values)
    return why, say(c, f"outbox.fix.{entry}", lang, slack, recipient, **values)


def reason(c: Catalog, lang: str, status: str, code: str | None, recipient: str, slack: bool,
           error: str | None = None, attempts: int = 0) -> str:  # fmt: skip
    """Why a delivery is where it is, in one line ("" when there is nothing to say)."""
    if not code:
        return ""
    if status == "retrying":
        return say(c, "outbox.reason.retrying", lang, slack, recipient, code=code)
    if status == "failed" or not c.has(f"outbox.reason.{code}"):
        why, fix = failure(c, lang, code, recipient, slack, error, attempts)
        return f"{code}: {why} {fix}"
    return say(c, f"outbox.reason.{code}", lang, slack, recipient)
