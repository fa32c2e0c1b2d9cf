"""The Network's meeting calendar: quarterly meetings by rule, plus ad hoc meetings from config."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bot.time.dates import last_weekday_of_month, nth_weekday_of_month

_WEEKS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
DEFAULT_RULE: dict[str, Any] = {
    "months": [3, 6, 9, 12],
    "weekday": 3,
    "week": "last",
    "time": "10:00",
    "timezone": "America/Mexico_City",
}


@dataclass(frozen=True)
class Meeting:
    starts_at: dt.datetime
    kind: str  # quarterly | ad_hoc
    title_es: str = ""
    title_en: str = ""


def _at(day: dt.date, time: str, zone: str) -> dt.datetime:
    hour, minute = (int(x) for x in time.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(zone))


def quarterly_meetings(rule: dict[str, Any], year: int) -> list[Meeting]:
    meetings = []
    for month in rule["months"]:
        if rule["week"] == "last":
            day = last_weekday_of_month(year, month, rule["weekday"])
        else:
            day = nth_weekday_of_month(year, month, rule["weekday"], _WEEKS[rule["week"]])
        meetings.append(Meeting(_at(day, rule["time"], rule["timezone"]), "quarterly"))
    return meetings


def next_quarterly_meeting(rule: dict[str, Any], today: dt.date) -> Meeting:
    """The first quarterly meeting on or after today."""
    for year in (today.year, today.year + 1):
        for meeting in quarterly_meetings(rule, year):
            if meeting.starts_at.date() >= today:
                return meeting
    raise ValueError("the quarterly meeting rule yields no meeting")  # months is never empty


def ad_hoc_meetings(settings: dict[str, Any], zone: str) -> list[Meeting]:
    return [
        Meeting(
            _at(dt.date.fromisoformat(m["date"]), m["time"], zone), "ad_hoc", m["title_es"], m["title_en"]
        )
        for m in settings.get("meetings", [])
    ]


def upcoming_meetings(settings: dict[str, dict[str, Any]], today: dt.date, count: int = 3) -> list[Meeting]:
    rule = settings.get("quarterly_meetings") or DEFAULT_RULE
    found = [m for year in (today.year, today.year + 1) for m in quarterly_meetings(rule, year)]
    found += ad_hoc_meetings(settings.get("ad_hoc_meetings", {}), rule["timezone"])
    return sorted((m for m in found if m.starts_at.date() >= today), key=lambda m: m.starts_at)[:count]
