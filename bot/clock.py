"""The one source of "now". Tests and `--today` pass a fixed clock instead of sleeping or patching."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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


def today(clock: Clock) -> dt.date:
    return clock.now().astimezone(NETWORK_TIMEZONE).date()
