"""Reporting periods: when each group is prompted, when it is nudged and when its period closes.

All instants are timezone-aware; schedules are read in the Network's zone. Nudges never fall on a weekend
or a Mexican public holiday: they move to the next working day at the same time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from bot.time.dates import add_months


@dataclass(frozen=True)
class GroupSchedule:
    weeks: int | None
    weekday: int | None
    first_working_day: bool
    time: dt.time
    starting: dt.date
    open_for: dt.timedelta
    nudge_before_close: dt.timedelta

    @classmethod
    def from_row(cls, schedule: dict[str, Any], open_for_minutes: int, nudge_minutes: int) -> GroupSchedule:
        hour, minute = (int(x) for x in str(schedule["time"]).split(":"))
        return cls(
            schedule.get("weeks"), schedule.get("weekday"), bool(schedule.get("first_working_day")),
            dt.time(hour, minute), dt.date.fromisoformat(schedule["starting"]),
            dt.timedelta(minutes=open_for_minutes), dt.timedelta(minutes=nudge_minutes),
        )  # fmt: skip


@dataclass(frozen=True)
class Period:
    key: str  # the local date of the prompt, e.g. "2021-06-07"
    opens_at: dt.datetime
    closes_at: dt.datetime
    nudge_at: dt.datetime | None  # None when no working day is left before the close


@lru_cache(maxsize=64)
def _mexican_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("MX", years=year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _mexican_holidays(day.year)


def next_working_instant(instant: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    local = instant.astimezone(zone)
    day = local.date()
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=zone)


def nudge_time(
    opens: dt.datetime, closes: dt.datetime, schedule: GroupSchedule, zone: ZoneInfo
) -> dt.datetime | None:
    """The nudge moves off weekends and holidays to the next working day; when that would be at or after
    the close, to the previous working day instead; None when the period has no working day for it."""
    wanted = closes - schedule.nudge_before_close
    forward = next_working_instant(wanted, zone)
    if forward < closes:
        return forward
    day = wanted.astimezone(zone).date()
    while day >= opens.astimezone(zone).date():
        candidate = dt.datetime.combine(
            day, wanted.astimezone(zone).timetz().replace(tzinfo=None), tzinfo=zone
        )
        if is_working_day(day) and opens < candidate < closes:
            return candidate
        day -= dt.timedelta(days=1)
    return None


def first_working_day(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def prompt_days(schedule: GroupSchedule, until: dt.date) -> list[dt.date]:
    days = []
    if schedule.weeks:
        day = schedule.starting
        while day <= until:
            days.append(day)
            day += dt.timedelta(weeks=schedule.weeks)
        return days
    year, month = schedule.starting.year, schedule.starting.month
    while True:
        day = first_working_day(year, month)
        if day > until:
            return days
        if day >= schedule.starting:
            days.append(day)
        year, month = add_months(year, month, 1)


def periods(schedule: GroupSchedule, zone: ZoneInfo, since: dt.datetime, until: dt.datetime) -> list[Period]:
    """Periods whose prompt is at or before `until` and which close at or after `since`."""
    result = []
    for day in prompt_days(schedule, until.astimezone(zone).date()):
        # A prompt that falls on a weekend or a public holiday goes out on the next working day.
        opens = next_working_instant(dt.datetime.combine(day, schedule.time, tzinfo=zone), zone)
        closes = opens + schedule.open_for
        if opens > until or closes < since:
            continue
        result.append(
            Period(opens.date().isoformat(), opens, closes, nudge_time(opens, closes, schedule, zone))
        )
    return result


def period_by_key(schedule: GroupSchedule, zone: ZoneInfo, key: str) -> Period | None:
    """The period whose key (the local date of its prompt) is `key`, if the schedule has one."""
    start = dt.datetime.combine(dt.date.fromisoformat(key), dt.time(0), tzinfo=zone)
    return next(
        (p for p in periods(schedule, zone, start, start + dt.timedelta(days=1)) if p.key == key), None
    )


def current_or_next_period(schedule: GroupSchedule, zone: ZoneInfo, now: dt.datetime) -> Period:
    """The open period, or else the next one: `/red actualizar` works at any time."""
    horizon = now + dt.timedelta(days=62)
    for period in periods(schedule, zone, now, horizon):
        if period.closes_at > now:
            return period
    raise ValueError("the schedule has no period in the next two months")
