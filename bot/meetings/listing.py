"""`enlace meetings`: the calendar as lines an operator or a script can read."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.meetings.calendar import CalendarEntry, meetings_between
from bot.time.clock import network_zone


def local_day_start(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)


def line(entry: CalendarEntry, zone: ZoneInfo, lang: str = "es") -> str:
    """Start (ISO 8601 with offset), kind, title, channel, status, and a visible move, tab-separated."""
    fields = [
        entry.starts_at.astimezone(zone).isoformat(),
        entry.kind,
        entry.title(lang),
        entry.channel,
        entry.status,
    ]
    if entry.rule_starts_at is not None and entry.rule_starts_at != entry.starts_at:
        moved = f"moved from {entry.rule_starts_at.astimezone(zone).date().isoformat()}"
        fields.append(f"{moved} ({entry.holiday})" if entry.holiday else moved)
    return "\t".join(fields)


def calendar_lines(session: Session, start: dt.date, end: dt.date, lang: str = "es") -> list[str]:
    """One line per meeting starting on the days [start, end] (the Network's zone), earliest first."""
    zone = network_zone(session)
    entries = meetings_between(
        session, local_day_start(start, zone), local_day_start(end + dt.timedelta(days=1), zone)
    )
    return [line(e, zone, lang) for e in entries]
