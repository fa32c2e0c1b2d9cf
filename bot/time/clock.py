"""The one source of "now". Tests and `--today` pass a fixed clock instead of sleeping or patching. And the
Network's time zone, and stored instants read back as UTC."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from storage import reporting as store

NETWORK_TIMEZONE = ZoneInfo("America/Mexico_City")


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class SystemClock:
    def __init__(self, zone: ZoneInfo = NETWORK_TIMEZONE) -> None:
        self.zone = zone

    def now(self) -> dt.datetime:
        return dt.datetime.now(self.zone)


@dataclass
class FixedClock:
    instant: dt.datetime

    def now(self) -> dt.datetime:
        return self.instant

    def advance(self, delta: dt.timedelta) -> None:
        self.instant += delta


@dataclass
class RunningClock:
    """An instant that advances with real elapsed time: `enlace tick --at T` is at T + the time it has run,
    so what it claims eleven minutes into a slow run carries a lease from T + 11 minutes, not from T."""

    start: dt.datetime
    _origin: float = field(default_factory=time.monotonic)

    def now(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=time.monotonic() - self._origin)


def today(clock: Clock) -> dt.date:
    return clock.now().astimezone(NETWORK_TIMEZONE).date()


def utc(instant: dt.datetime) -> dt.datetime:
    """Stored instants are UTC; SQLite gives them back without an offset."""
    return instant.replace(tzinfo=dt.UTC) if instant.tzinfo is None else instant.astimezone(dt.UTC)


def network_zone(session: Session) -> ZoneInfo:
    """The Network's zone as config/working-groups.yaml names it (NETWORK_TIMEZONE until it is loaded)."""
    name = store.reporting_settings(session).get("timezone")
    return ZoneInfo(name) if name else NETWORK_TIMEZONE
