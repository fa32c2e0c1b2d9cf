"""Where a series' rule puts its meetings: occurrences between two instants, moved off public holidays by
the configured policy (the move stays visible: where the rule put it, and which holiday moved it).

An occurrence's uid is "<series>:<YYYY-MM>" for a monthly rule and "<series>:<YYYY>-W<WW>" for a weekly
one: stable while the rule changes within the month (or week), so the meeting row is updated, not
replaced. The uid is keyed by where the rule put it, before any holiday move.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from bot.meetings.settings import MeetingSettings
from bot.time.dates import add_months, last_weekday_of_month, nth_weekday_of_month

_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4}


@dataclass(frozen=True)
class Occurrence:
    uid: str
    series: str
    kind: str
    title_es: str
    title_en: str
    starts_at: dt.datetime  # aware, in the series' zone
    duration_minutes: int
    channel: str
    rule_starts_at: dt.datetime | None  # set when a holiday moved it
    moved_reason: str | None  # "holiday:<name>"


@lru_cache(maxsize=128)
def _holidays(country: str, year: int) -> dict[dt.date, str]:
    try:
        found = holidays.country_holidays(country, years=year, language="es")
    except NotImplementedError:  # a country without Spanish names
        found = holidays.country_holidays(country, years=year)
    return dict(found.items())


def holiday_name(country: str, day: dt.date) -> str | None:
    return _holidays(country, day.year).get(day)


def is_working_day(country: str, day: dt.date) -> bool:
    return day.weekday() < 5 and holiday_name(country, day) is None


def apply_policy(country: str, policy: str, day: dt.date) -> tuple[dt.date, str | None]:
    """The day a meeting the rule put on `day` takes place, and the holiday that moved it (if any)."""
    name = holiday_name(country, day)
    if name is None or policy == "keep":
        return day, None
    step = dt.timedelta(days=-1 if policy == "working_day_before" else 1)
    moved = day + step
    while not is_working_day(country, moved):
        moved += step
    return moved, name


def _rule_days(rule: dict[str, Any], first: dt.date, last: dt.date) -> Iterator[tuple[str, dt.date]]:
    """(occurrence key, day) the rule yields for days in [first, last], before holiday moves."""
    weekday = int(rule["weekday"])
    if rule["week"] == "every":
        day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
        while day <= last:
            year, week, _ = day.isocalendar()
            yield f"{year}-W{week:02d}", day
            day += dt.timedelta(days=7)
        return
    months = set(rule.get("months") or range(1, 13))
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if month in months:
            if rule["week"] == "last":
                day = last_weekday_of_month(year, month, weekday)
            else:
                day = nth_weekday_of_month(year, month, weekday, _NTH[rule["week"]])
            if first <= day <= last:
                yield f"{year}-{month:02d}", day
        year, month = add_months(year, month, 1)


def series_occurrences(
    key: str, series: dict[str, Any], settings: MeetingSettings, start: dt.datetime, end: dt.datetime
) -> list[Occurrence]:
    """The series' occurrences starting in [start, end) once moved off holidays."""
    zone = ZoneInfo(series.get("timezone") or "America/Mexico_City")
    hour, minute = (int(x) for x in str(series.get("time") or "10:00").split(":"))
    country = settings.holidays.get("country", "MX")
    policy = settings.holidays.get("policy", "working_day_before")
    # A holiday move shifts a day by a few days at most: look a little beyond the range on both sides.
    first = start.astimezone(zone).date() - dt.timedelta(days=10)
    last = end.astimezone(zone).date() + dt.timedelta(days=10)
    found = []
    for occurrence, rule_day in _rule_days(series["rule"], first, last):
        day, holiday = apply_policy(country, policy, rule_day)
        starts_at = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)
        if not start <= starts_at < end:
            continue
        rule_at = dt.datetime.combine(rule_day, dt.time(hour, minute), tzinfo=zone) if holiday else None
        found.append(
            Occurrence(
                uid=f"{key}:{occurrence}",
                series=key,
                kind=str(series.get("kind") or "quarterly"),
                title_es=str(series.get("title_es") or ""),
                title_en=str(series.get("title_en") or ""),
                starts_at=starts_at,
                duration_minutes=int(series.get("duration_minutes") or 60),
                channel=str(series.get("channel") or settings.network_channel),
                rule_starts_at=rule_at,
                moved_reason=f"holiday:{holiday}" if holiday else None,
            )
        )
    return found


def occurrences(settings: MeetingSettings, start: dt.datetime, end: dt.datetime) -> list[Occurrence]:
    """Every series' occurrences starting in [start, end), earliest first."""
    found = [
        o
        for key, series in settings.series.items()
        for o in series_occurrences(key, series, settings, start, end)
    ]
    return sorted(found, key=lambda o: (o.starts_at, o.uid))
