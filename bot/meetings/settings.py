"""What `enlace load` stored from config/meetings.yaml, read back with defaults: the series of recurring
meetings, reminder offsets and their catch-up windows, the holiday policy, the calendar's horizon.

Stored as the network setting "meetings" (a JSON dict; bot/meetings/loader.py writes it):

    {"horizon_days": 365,
     "reminders": [604800, 86400, 3600],                  # default offsets before the start, seconds
     "catch_up": {"604800": 86400, "86400": 21600, "3600": 3600},  # offset -> how late it may still go
     "network_channel": "C0RED00001",                     # where Network-wide meetings are posted
     "holidays": {"country": "MX", "policy": "working_day_before"},
     "series": {"<key>": {"kind": "quarterly", "title_es": ..., "title_en": ..., "channel": ...,
                          "rule": {...}, "time": "10:00", "duration_minutes": 120,
                          "reminders": [...], "agenda_shows": "statuses", "followed_by": [...]}}}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from storage import queries
from storage.models import Meeting

DEFAULT_REMINDERS = (dt.timedelta(days=7), dt.timedelta(days=1), dt.timedelta(hours=1))
NETWORK_CHANNEL = "C0RED00001"  # the placeholder config/meetings.yaml ships with


def default_catch_up(offset: dt.timedelta) -> dt.timedelta:
    """How late a reminder may still go: a seventh of its offset, at most a day (7 days -> 1 day, 1 day ->
    about 3 h 26 min, 1 hour -> about 8.5 minutes); never after the meeting starts (checked by the sender)."""
    return min(offset / 7, dt.timedelta(days=1))


@dataclass(frozen=True)
class MeetingSettings:
    horizon: dt.timedelta = dt.timedelta(days=365)
    reminders: tuple[dt.timedelta, ...] = DEFAULT_REMINDERS
    catch_up: dict[dt.timedelta, dt.timedelta] = field(default_factory=dict)
    network_channel: str = NETWORK_CHANNEL
    holidays: dict[str, str] = field(
        default_factory=lambda: {"country": "MX", "policy": "working_day_before"}
    )
    series: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, session: Session) -> MeetingSettings:
        raw = queries.network_setting(session, "meetings")
        return cls.from_dict(raw)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> MeetingSettings:
        base = cls()
        return cls(
            horizon=dt.timedelta(days=int(raw.get("horizon_days", 365))),
            reminders=tuple(dt.timedelta(seconds=s) for s in raw["reminders"])
            if "reminders" in raw
            else base.reminders,
            catch_up={
                dt.timedelta(seconds=int(k)): dt.timedelta(seconds=int(v))
                for k, v in (raw.get("catch_up") or {}).items()
            },
            network_channel=str(raw.get("network_channel") or NETWORK_CHANNEL),
            holidays={**base.holidays, **(raw.get("holidays") or {})},
            series=dict(raw.get("series") or {}),
        )

    def offsets_for(self, meeting: Meeting) -> tuple[dt.timedelta, ...]:
        """The reminder offsets of a meeting: its series' own, else the default ones."""
        own = (self.series.get(meeting.series or "") or {}).get("reminders")
        return tuple(dt.timedelta(seconds=s) for s in own) if own is not None else self.reminders

    def window(self, offset: dt.timedelta) -> dt.timedelta:
        return self.catch_up.get(offset) or default_catch_up(offset)
