"""The one source of "now". Tests and `--today` pass a fixed clock instead of sleeping or patching."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Protocol
from zoneinfo import ZoneInfo

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
