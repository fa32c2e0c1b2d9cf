"""Failure notices: when a delivery fails for good, each secretariat admin gets a DM saying what failed,
why, and how to fix it, with a button to send it again. A notice is a delivery of its own, keyed per
admin and per failure episode, so it is never sent twice; a notice that fails makes no notice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from bot.outbox import words
from bot.outbox.message import Blocks, Message, Verdict
from bot.render.blocks import escape
from bot.render.i18n import Catalog
from bot.time.clock import network_zone, utc
from storage import meetings
from storage import outbox as store
from storage import reporting as groups
from storage.models import Delivery

RESEND_ACTION = "outbox_resend"
# Deliveries about a meeting: their `period_key` names it (storage.meetings.meeting_of_delivery), and so
# does the notice.
MEETING_KINDS = frozenset({"reminder", "cancellation", "minutes"})
# A weekly digest's: `period_key` is its ISO week (bot/digest/delivery.py).
DIGEST_KINDS = frozenset({"digest", "digest_thread", "digest_pin"})


def notice_key(subject: Delivery, episode: int, admin: str) -> str:
    return f"notice:{subject.key}#{episode}:{admin}"


def subject_of(key: str) -> str:
    """The key of the delivery a notice (keyed by notice_key) is about."""
    return key.removeprefix("notice:").rpartition("#")[0]


def add_notices(
    session: Session, subject: Delivery, episode: int, to: list[str], now: dt.datetime
) -> list[str]:
    """Write one notice per admin about this failure episode; the keys of those written."""
    keys = []
    for admin in to:
        row = Delivery(
            key=notice_key(subject, episode, admin), kind="notice", group_key=subject.group_key,
            recipient=admin, period_key=subject.period_key, due_at=now, status="pending", attempts=0,
            created_at=now,
        )  # fmt: skip
        if store.add_delivery(session, row):
            keys.append(row.key)
    return keys


def notice_message(c: Catalog, session: Session, subject: Delivery, lang: str, outcome: str | None = None,
                   button: bool = True) -> tuple[Blocks, str]:  # fmt: skip
    """The notice about `subject`, a failed delivery; after a resend, with its outcome (mrkdwn)."""
    group = groups.group(session, subject.group_key)
    name = group.name_in(lang) if group else subject.group_key
    code = subject.reason or "unknown"
    why, fix = words.failure(c, lang, code, subject.recipient, True, subject.last_error, subject.attempts)
    kind = c.t(f"outbox.kind.{subject.kind}", lang)
    due = c.moment(utc(subject.due_at), lang, network_zone(session))
    what = words.say(c, "outbox.notice.what", lang, True, subject.recipient, kind=kind, group=name, due=due)
    meeting = (
        meetings.meeting_of_delivery(session, subject.kind, subject.period_key)
        if subject.kind in MEETING_KINDS
        else None
    )
    if meeting is not None:
        when = c.moment(utc(meeting.starts_at), lang, network_zone(session))
        what = words.say(c, "outbox.notice.what_meeting", lang, True, subject.recipient, kind=kind,
                         meeting=meeting.title(lang), when=when, due=due)  # fmt: skip
    if subject.kind in DIGEST_KINDS:
        what = words.say(c, "outbox.notice.what_digest", lang, True, subject.recipient, kind=kind,
                         week=subject.period_key, due=due)  # fmt: skip
    key = words.say(c, "outbox.notice.key", lang, True, delivery=subject.key, attempts=subject.attempts)
    title = c.t("outbox.notice.title", lang, kind=kind)

    def section(text: str) -> dict[str, Any]:
        return {"type": "section", "text": {"type": "mrkdwn", "text": text}}

    def context(text: str) -> dict[str, Any]:
        return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}

    blocks: Blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:150]}},
        section(what),
        section(f"*{words.say(c, 'outbox.notice.why_label', lang, True)}* {why}"),
        section(f"*{words.say(c, 'outbox.notice.fix_label', lang, True)}* {fix}"),
        context(key),
    ]
    if outcome:
        blocks.append(context(outcome))
    if button:
        blocks.append({"type": "actions", "elements": [{
            "type": "button", "action_id": RESEND_ACTION, "style": "primary", "value": subject.key,
            "text": {"type": "plain_text", "text": c.t("outbox.notice.button", lang)},
        }]})  # fmt: skip
    return blocks, f"{escape(title)}: {why} {fix}"


def compose(c: Catalog, language: Callable[[str], str], session: Session, row: Delivery) -> Message | Verdict:
    """A notice goes out while its subject is still failed; once resent (or fixed), it has nothing to say."""
    subject = store.delivery(session, subject_of(row.key))
    if subject is None or subject.status != "failed":
        return Verdict("skipped", "resolved")
    blocks, text = notice_message(c, session, subject, language(row.recipient))
    return Message(blocks, text)
