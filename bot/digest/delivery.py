"""Weekly digests as outbox deliveries: one post per channel per ISO week, whatever the number of clocks,
restarts or re-ticks, and what follows it (a discussion thread, the pin).

Keys, one row per channel and week (the week of the digest's day, in its time zone):

* `digest:<channel>:<YYYY-Www>`, due at the configured day and time (config/digests.yaml);
* `digest-thread:<channel>:<YYYY-Www>`, a reply under it that opens the week's discussion (`thread: true`),
  its recipient the digest's thread (bot.outbox.message.thread_recipient);
* `digest-pin:<channel>:<YYYY-Www>`, pinning it and taking down the previous digest's pin (`pin: true`).
The last two are written when the digest is sent (after_sent), once its message has a Slack timestamp; if
that run could not write them, the next tick does (for the latest digest, within a week).

When a digest's time comes, plan() writes its row:
* pending, if its catch-up window (`catch_up`, 2 days by default) has not passed: after downtime it goes
  out once, late;
* skipped "too_late", if Enlace was down through the whole window: the week is on record as skipped, never
  posted late; so is every week missed since the channel's latest digest (weeks before a channel's first
  digest are not recorded). The window stays under a week, so after downtime only the newest can go;
* skipped "holiday", if the day is a Mexican public holiday and the config says `on_holiday: skip`.

compose() builds the digest at sending time, so it says what stands then; its changes are those since the
channel's previous digest went out.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.digest.config import DEFAULT_CATCH_UP_DAYS, WEEKDAYS
from bot.digest.content import WEEK, build_digest
from bot.digest.service import DIGEST_KIND, changes_since, channel_digest, configured_digests, languages
from bot.meetings.series import holiday_name
from bot.outbox.kinds import DeliveryKinds
from bot.outbox.message import Message, Verdict, split_recipient, thread_recipient
from bot.outbox.run import TickReport
from bot.render.answer import Answer
from bot.render.blocks import (
    MAX_BLOCKS,
    MAX_FALLBACK_TEXT,
    MAX_MESSAGE_TEXT,
    cut,
    fallback_text,
    render_blocks,
)
from bot.render.i18n import Catalog
from bot.time.clock import utc
from storage import outbox as store
from storage.models import Delivery

DIGEST, THREAD, PIN = DIGEST_KIND, "digest_thread", "digest_pin"
KINDS = frozenset({DIGEST, THREAD, PIN})
_PREFIX = {DIGEST: "digest", THREAD: "digest-thread", PIN: "digest-pin"}
HOLIDAYS_OF = "MX"
# After a long downtime, the missed weeks recorded as skipped go back at most this far.
MAX_MISSED = 26


def week_of(slot: dt.datetime) -> str:
    year, week, _ = slot.isocalendar()
    return f"{year}-W{week:02d}"


def delivery_key(kind: str, channel: str, week: str) -> str:
    return f"{_PREFIX[kind]}:{channel}:{week}"


def slot_in_week(digest: dict[str, Any], day_in_week: dt.date) -> dt.datetime:
    """The instant of the digest in the ISO week of `day_in_week`, in the digest's zone."""
    monday = day_in_week - dt.timedelta(days=day_in_week.weekday())
    day = monday + dt.timedelta(days=WEEKDAYS.index(digest["day"]))
    hour, minute = (int(part) for part in str(digest["time"]).split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), ZoneInfo(digest["timezone"]))


def catch_up(digest: dict[str, Any]) -> dt.timedelta:
    return dt.timedelta(days=int(digest.get("catch_up_days") or DEFAULT_CATCH_UP_DAYS))


# -- planning ----------------------------------------------------------------------------------------


def plan(session: Session, now: dt.datetime, report: TickReport) -> None:
    """Write the row of every digest whose time has come and that has none yet, and what should follow the
    latest one if it is missing (the run that posted it could not write it): one step down an index per
    channel when nothing is due."""
    for digest in configured_digests(session):
        latest = store.latest_of(session, DIGEST, digest["channel"])
        for row in _due(session, digest, now, latest) + _missing_follow_ups(session, digest, latest, now):
            if not store.add_delivery(session, row):
                continue
            report.planned += 1
            if row.status == "skipped":
                report.skipped.append(row.key)


def _due(
    session: Session, digest: dict[str, Any], now: dt.datetime, latest: Delivery | None
) -> list[Delivery]:
    """The channel's newest digest due by now, and the weeks missed since its latest row, if it has none yet."""
    channel = digest["channel"]
    today = now.astimezone(ZoneInfo(digest["timezone"])).date()
    newest = slot_in_week(digest, today)
    if newest > now:
        newest = slot_in_week(digest, today - WEEK)
    if latest is not None and utc(latest.due_at) >= newest:
        return []
    status, reason = "pending", None
    if now - newest > catch_up(digest):
        status, reason = "skipped", "too_late"
    elif digest.get("on_holiday") == "skip" and holiday_name(HOLIDAYS_OF, newest.date()):
        status, reason = "skipped", "holiday"
    if latest is None:  # the weeks before a channel's first digest are not missed ones
        return [] if reason == "too_late" else [_digest_row(channel, newest, now, status, reason)]
    rows = [_digest_row(channel, newest, now, status, reason)]
    day = newest.date() - WEEK
    while len(rows) < MAX_MISSED and utc(slot := slot_in_week(digest, day)) > utc(latest.due_at):
        rows.append(_digest_row(channel, slot, now, "skipped", "too_late"))
        day -= WEEK
    return rows


def _row(kind: str, channel: str, recipient: str, week: str, due_at: dt.datetime, now: dt.datetime,
         status: str = "pending", reason: str | None = None) -> Delivery:  # fmt: skip
    return Delivery(
        key=delivery_key(kind, channel, week), kind=kind, group_key="", recipient=recipient, period_key=week,
        due_at=utc(due_at), status=status, reason=reason, attempts=0, created_at=now,
    )  # fmt: skip


def _digest_row(channel: str, slot: dt.datetime, now: dt.datetime, status: str = "pending",
                reason: str | None = None) -> Delivery:  # fmt: skip
    return _row(DIGEST, channel, channel, week_of(slot), slot, now, status, reason)


def after_sent(session: Session, row: Delivery, ts: str | None, now: dt.datetime) -> list[str]:
    """Once a digest is posted: its discussion thread and its pin, as the channel's config asks."""
    digest = channel_digest(session, row.recipient) if row.kind == DIGEST else None
    if digest is None or not ts:
        return []
    wanted = _follow_ups(digest, row.recipient, row.period_key, ts, now)
    return [each.key for each in wanted if store.add_delivery(session, each)]


def _follow_ups(digest: dict[str, Any], channel: str, week: str, ts: str, now: dt.datetime) -> list[Delivery]:
    wanted = []
    if digest.get("thread"):
        wanted.append(_row(THREAD, channel, thread_recipient(channel, ts), week, now, now))
    if digest.get("pin"):
        wanted.append(_row(PIN, channel, channel, week, now, now))
    return wanted


def _missing_follow_ups(session: Session, digest: dict[str, Any], latest: Delivery | None,
                        now: dt.datetime) -> list[Delivery]:  # fmt: skip
    """The thread or pin of the latest digest, sent this past week, when the run that sent it did not write
    them (it failed right after the post)."""
    if not (digest.get("thread") or digest.get("pin")) or latest is None or latest.status != "sent":
        return []
    if not latest.message_ts or latest.sent_at is None or now - utc(latest.sent_at) > WEEK:
        return []
    wanted = _follow_ups(digest, latest.recipient, latest.period_key, latest.message_ts, now)
    return [each for each in wanted if store.delivery(session, each.key) is None]


# -- composing ---------------------------------------------------------------------------------------


def compose(c: Catalog, session: Session, row: Delivery, at: dt.datetime, now: dt.datetime,
            manual: bool) -> Message | Verdict:  # fmt: skip
    channel = split_recipient(row.recipient)[0]
    digest = channel_digest(session, channel)
    if digest is None:
        return Verdict("skipped", "digest_removed")
    if row.kind == THREAD:
        return _thread_message(c, digest)
    if row.kind == PIN:
        return _pin(session, row, channel)
    if not manual and at - utc(row.due_at) > catch_up(digest):
        return Verdict("expired", "too_late")
    since = changes_since(session, channel, at)
    answers = [build_digest(c, session, digest, at, lang, since=since) for lang in languages(digest)]
    return digest_message(c, answers)


def digest_message(c: Catalog, answers: list[Answer]) -> Message:
    """One post, in one language or in both (Spanish first, each within half of the limits)."""
    share = len(answers)
    blocks: list[dict[str, Any]] = []
    for answer in answers:
        if blocks:
            blocks.append({"type": "divider"})
        blocks += render_blocks(answer, c, max_blocks=(MAX_BLOCKS - share + 1) // share,
                                max_text=MAX_MESSAGE_TEXT // share)  # fmt: skip
    text = "\n\n".join(fallback_text(answer, c) for answer in answers)
    return Message(blocks, cut(text, MAX_FALLBACK_TEXT))


def _thread_message(c: Catalog, digest: dict[str, Any]) -> Message:
    text = "\n".join(c.t("digest.thread", lang) for lang in languages(digest))
    return Message([{"type": "section", "text": {"type": "mrkdwn", "text": text}}], text)


def _pin(session: Session, row: Delivery, channel: str) -> Message | Verdict:
    """Pin the week's digest and take down the previous one's; a newer digest's pin goes instead."""
    parent = store.delivery(session, delivery_key(DIGEST, channel, row.period_key))
    if parent is None or not parent.message_ts:
        return Verdict("skipped", "digest_removed")
    newest = store.latest_of(session, DIGEST, channel, status="sent")
    if newest is not None and newest.key != parent.key:
        return Verdict("skipped", "newer_digest")
    previous = store.latest_of(session, DIGEST, channel, utc(parent.due_at), status="sent")
    return Message([], "", pin=parent.message_ts, unpin=previous.message_ts if previous else None)


def digest_kinds(catalog: Catalog) -> DeliveryKinds:
    """The digests' deliveries, for ReportingService.others (handlers/app.py build_services)."""
    return DeliveryKinds(KINDS, plan, partial(compose, catalog), after_sent)
