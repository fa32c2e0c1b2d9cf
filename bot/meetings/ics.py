"""The meetings as iCalendar, for Outlook, Google Calendar and the like (built with the icalendar library).

Two documents, both served by `enlace serve` (handlers/web.py):

* `GET /calendar.ics?token=<ENLACE_CALENDAR_TOKEN>`: every meeting from RECENT ago on, cancelled ones too
  (STATUS:CANCELLED), so a calendar that subscribed sees the cancellation rather than a silent gap;
* `GET /calendar/<uid>.ics?sig=<signature>`: one meeting, the link each reminder carries; the signature is
  HMAC-SHA256(token, uid) in hex, its first 32 characters, so one meeting's link opens no other.

Each event keeps its UID (`<uid>@enlace`) for life; SEQUENCE is the meeting's own, bumped on every move or
cancellation, which is how calendar apps know an update replaces what they hold. Times are in UTC.
Without a token configured, or with a wrong one, there is no document (the web layer answers 404).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy.orm import Session, sessionmaker

from bot.render.answer import plain_moments
from bot.render.i18n import Catalog
from bot.time.clock import Clock, network_zone, utc
from storage import meetings as store
from storage.models import Meeting

RECENT = dt.timedelta(days=90)
SIGNATURE_LENGTH = 32
PRODID = "-//Enlace//Red de las Naciones Unidas para la Migracion en Mexico//ES"


def signature(token: str, uid: str) -> str:
    """The per-meeting link's `sig`: HMAC-SHA256(token, uid), hex, first 32 characters."""
    return hmac.new(token.encode(), uid.encode(), hashlib.sha256).hexdigest()[:SIGNATURE_LENGTH]


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


@dataclass(frozen=True)
class CalendarLinks:
    """Where people reach `enlace serve`, and the calendar's secret: both set, each meeting has a link."""

    public_url: str | None = None
    token: str | None = None

    def meeting_url(self, uid: str) -> str | None:
        if not (self.public_url and self.token):
            return None
        base = self.public_url.rstrip("/")
        return f"{base}/calendar/{quote(uid, safe='')}.ics?sig={signature(self.token, uid)}"


def event(c: Catalog, meeting: Meeting, zone: ZoneInfo) -> Event:
    start = utc(meeting.starts_at)
    item = Event()
    item.add("uid", f"{meeting.uid}@enlace")
    item.add("sequence", meeting.sequence)
    item.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
    item.add("dtstart", start)
    item.add("dtend", start + dt.timedelta(minutes=meeting.duration_minutes or 60))
    item.add("dtstamp", utc(meeting.updated_at))
    item.add("last-modified", utc(meeting.updated_at))
    item.add("created", utc(meeting.created_at))
    item.add("summary", meeting.title_es)
    lines = [meeting.title_en] if meeting.title_en and meeting.title_en != meeting.title_es else []
    if meeting.rule_starts_at is not None and utc(meeting.rule_starts_at) != start:
        for lang in ("es", "en"):
            previous = plain_moments(c.moment(utc(meeting.rule_starts_at), lang, zone))
            lines.append(c.t("calendar.ics.moved_from", lang, previous=previous))
    if lines:
        item.add("description", "\n".join(lines))
    if meeting.place:
        item.add("location", meeting.place)
        if meeting.place.startswith(("https://", "http://")):
            item.add("url", meeting.place)
    return item


def calendar(c: Catalog, meetings: Iterable[Meeting], zone: ZoneInfo) -> bytes:
    document = Calendar()
    document.add("prodid", PRODID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    document.add("x-wr-calname", c.t("calendar.ics.name", "es"))
    for meeting in meetings:
        document.add_component(event(c, meeting, zone))
    return bytes(document.to_ical())


@dataclass
class CalendarFeed:
    """What the web layer serves; None means 404 (no token configured, a wrong one, an unknown meeting)."""

    session_factory: sessionmaker[Session]
    catalog: Catalog
    clock: Clock
    token: str | None

    def feed(self, token: str | None) -> bytes | None:
        if not self.token or not _same(token, self.token):
            return None
        with self.session_factory() as session:
            rows = store.since(session, self.clock.now() - RECENT)
            return calendar(self.catalog, rows, network_zone(session))

    def one(self, uid: str, sig: str | None) -> bytes | None:
        if not self.token or not _same(sig, signature(self.token, uid)):
            return None
        with self.session_factory() as session:
            row = store.meeting(session, uid)
            if row is None:
                return None
            return calendar(self.catalog, [row], network_zone(session))
