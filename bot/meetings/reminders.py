"""Meeting reminders and cancellation notices, as outbox deliveries in the meeting's channel.

Keys, one row per occurrence, so nothing is sent twice whatever the number of clocks, restarts or re-ticks:

* `reminder:<uid>:<sequence>:<offset seconds>`, due `offset` before the start. The meeting's sequence is in
  the key: moving a meeting (storage.meetings.move bumps it) makes new keys for the new time, and what was
  planned for the old one is skipped when its turn comes ("meeting_moved").
* `cancellation:<uid>`, written once a meeting is cancelled if any of its reminders had gone out; pending
  reminders are skipped ("meeting_cancelled").

Every row names the meeting in `period_key` (storage.meetings.ref_of) and its series in `group_key` ("" for
an ad hoc meeting); the recipient is the meeting's channel.

When a reminder's time comes, plan() writes its row:
* pending, if it was still ahead when the meeting was created (or last moved) and its catch-up window
  (bot.meetings.settings: MeetingSettings.window) has not passed;
* skipped "not_ahead", if the meeting was created (or moved) after that reminder's time: a meeting
  scheduled 3 hours ahead gets only its 1-hour reminder, and the record says why the others never went;
* expired "too_late", if Enlace was down through its whole window (or past the start): never sent late;
* skipped "superseded", if a reminder closer to the meeting is due too: after downtime only one goes.

compose() checks it all again at sending time (the meeting may have been moved, cancelled or started
since), renders the reminder with its agenda as it stands then, and never sends one after the start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from sqlalchemy.orm import Session

from bot.meetings.ics import CalendarLinks
from bot.meetings.materialise import materialise
from bot.meetings.reminder_message import cancellation_answer, reminder_answer
from bot.meetings.settings import MeetingSettings
from bot.outbox.kinds import DeliveryKinds
from bot.outbox.message import Message, Verdict
from bot.outbox.run import TickReport
from bot.render.answer import Answer
from bot.render.blocks import fallback_text, render_blocks
from bot.render.i18n import Catalog
from bot.time.clock import network_zone, utc
from storage import meetings as store
from storage import outbox as outbox_store
from storage.models import Delivery, Meeting

REMINDER = "reminder"
CANCELLATION = "cancellation"
KINDS = frozenset({REMINDER, CANCELLATION})
DEFAULT_LANGUAGE = "es"
# A meeting that started this recently still has its missed reminders written down (expired), so the
# record shows them; older meetings are not looked at any more.
LOOKBACK = dt.timedelta(days=1)
# A cancellation this recent, of a meeting that has not started, still gets its notice.
CANCELLED_LOOKBACK = dt.timedelta(days=7)


def reminder_key(meeting: Meeting, offset: dt.timedelta) -> str:
    return f"{REMINDER}:{meeting.uid}:{meeting.sequence}:{int(offset.total_seconds())}"


def cancellation_key(meeting: Meeting) -> str:
    return f"{CANCELLATION}:{meeting.uid}"


@dataclass(frozen=True)
class ReminderKey:
    uid: str
    sequence: int
    offset: dt.timedelta


def parse_reminder_key(key: str) -> ReminderKey | None:
    uid, _, rest = key.removeprefix(f"{REMINDER}:").rpartition(":")
    uid, _, sequence = uid.rpartition(":")
    if not (uid and sequence.isdigit() and rest.isdigit()):
        return None
    return ReminderKey(uid, int(sequence), dt.timedelta(seconds=int(rest)))


def language_of(settings: MeetingSettings, meeting: Meeting) -> str:
    """The channel's language: the series' `lang` in config/meetings.yaml, else Spanish."""
    lang = (settings.series.get(meeting.series or "") or {}).get("lang")
    return str(lang) if lang in ("es", "en") else DEFAULT_LANGUAGE


# -- planning ----------------------------------------------------------------------------------------


def _before_planning(session: Session, now: dt.datetime) -> None:
    """The calendar brought up to `now` before its reminders are planned: the horizon moves with time, and
    `enlace tick --at` replays a year from a fresh database."""
    materialise(session, now)


def plan(session: Session, now: dt.datetime, report: TickReport) -> None:
    """Write a row for every reminder and cancellation notice due up to now that has none yet. Cheap when
    nothing is due: two indexed range queries on meetings, nothing else."""
    _before_planning(session, now)
    settings = MeetingSettings.of(session)
    rows = _reminders(session, settings, now) + _cancellations(session, settings, now)
    existing = store.existing_keys(session, [row.key for row in rows])
    for row in rows:
        if row.key in existing or not outbox_store.add_delivery(session, row):
            continue
        report.planned += 1
        report.expired += row.status == "expired"
        if row.status == "skipped":
            report.skipped.append(row.key)


def _longest(settings: MeetingSettings) -> dt.timedelta:
    offsets = list(settings.reminders)
    for series in settings.series.values():
        offsets += [dt.timedelta(seconds=s) for s in (series or {}).get("reminders") or ()]
    return max(offsets, default=dt.timedelta(0))


def _row(meeting: Meeting, key: str, kind: str, due_at: dt.datetime, now: dt.datetime, status: str,
         reason: str | None) -> Delivery:  # fmt: skip
    return Delivery(
        key=key, kind=kind, group_key=meeting.series or "", recipient=meeting.channel,
        period_key=store.ref_of(meeting), due_at=due_at, status=status, reason=reason, attempts=0,
        created_at=now,
    )  # fmt: skip


def _reminders(session: Session, settings: MeetingSettings, now: dt.datetime) -> list[Delivery]:
    found: list[Delivery] = []
    until = now + _longest(settings) + dt.timedelta(microseconds=1)
    for meeting in store.between(session, now - LOOKBACK, until, cancelled=False):
        start = utc(meeting.starts_at)
        # Reminders still ahead when the meeting was created, or last moved, are the only ones it gets.
        ahead_from = utc(meeting.updated_at if meeting.sequence else meeting.created_at)
        due = sorted(((o, start - o) for o in settings.offsets_for(meeting) if start - o <= now),
                     key=lambda pair: pair[0])  # fmt: skip
        closest_sent = False  # the smallest offset that may go is sent; any larger one due with it is not
        for offset, due_at in due:
            status, reason = "pending", None
            if due_at < ahead_from:
                status, reason = "skipped", "not_ahead"
            elif now >= start or now - due_at > settings.window(offset):
                status, reason = "expired", "too_late"
            elif closest_sent:
                status, reason = "skipped", "superseded"
            else:
                closest_sent = True
            found.append(_row(meeting, reminder_key(meeting, offset), REMINDER, due_at, now, status, reason))
    return found


def _cancellations(session: Session, settings: MeetingSettings, now: dt.datetime) -> list[Delivery]:
    """A short notice in the channel for each recently cancelled meeting that had reminded anyone."""
    found: list[Delivery] = []
    far = now + dt.timedelta(days=3660)
    for meeting in store.cancelled_between(session, now, far, now - CANCELLED_LOOKBACK):
        key = cancellation_key(meeting)
        if store.existing_keys(session, [key]) or not _reminded(session, settings, meeting):
            continue
        found.append(
            _row(meeting, key, CANCELLATION, min(utc(meeting.updated_at), now), now, "pending", None)
        )
    return found


def _reminded(session: Session, settings: MeetingSettings, meeting: Meeting) -> bool:
    """Whether any reminder of the meeting went out, for any of its times (sequences) and offsets (those
    configured now: a reminder sent under offsets since taken out of config is not seen)."""
    offsets = set(settings.offsets_for(meeting)) | set(settings.reminders)
    keys = [
        f"{REMINDER}:{meeting.uid}:{sequence}:{int(offset.total_seconds())}"
        for sequence in range(meeting.sequence + 1)
        for offset in offsets
    ]
    return store.any_sent(session, keys)


# -- composing ---------------------------------------------------------------------------------------


def compose(c: Catalog, links: CalendarLinks, session: Session, row: Delivery, at: dt.datetime,
            now: dt.datetime, manual: bool) -> Message | Verdict:  # fmt: skip
    """At the moment of sending: the message, or why it must not go any more. Ages count from `at`, the
    instant the run stands for; whether the meeting has started, from `now`."""
    meeting = store.meeting_by_ref(session, row.period_key)
    if meeting is None:
        return Verdict("skipped", "meeting_gone")
    settings = MeetingSettings.of(session)
    zone = network_zone(session)
    lang = language_of(settings, meeting)
    start = utc(meeting.starts_at)
    if row.kind == CANCELLATION:
        if meeting.status != "cancelled":
            return Verdict("skipped", "not_cancelled")
        if now >= start and not manual:
            return Verdict("expired", "meeting_started")
        return _message(c, cancellation_answer(c, meeting, lang, zone))
    parsed = parse_reminder_key(row.key)
    if parsed is None:
        return Verdict("skipped", "meeting_gone")
    if meeting.status == "cancelled":
        return Verdict("skipped", "meeting_cancelled")
    if meeting.sequence != parsed.sequence:
        return Verdict("skipped", "meeting_moved")
    if now >= start:  # not even by hand: a reminder after the start helps nobody
        return Verdict("expired", "meeting_started")
    if not manual and at - utc(row.due_at) > settings.window(parsed.offset):
        return Verdict("expired", "too_late")
    answer = reminder_answer(c, session, meeting, lang, zone, now, links.meeting_url(meeting.uid))
    return _message(c, answer)


def _message(c: Catalog, answer: Answer) -> Message:
    return Message(render_blocks(answer, c), fallback_text(answer, c))


def reminder_kinds(catalog: Catalog, links: CalendarLinks | None = None) -> DeliveryKinds:
    """The meetings' deliveries, for ReportingService.others (handlers/app.py build_services)."""
    return DeliveryKinds(KINDS, plan, partial(compose, catalog, links or CalendarLinks()))
