"""Calendar arithmetic shared by the timeline parser, the period finder and meetings."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class DateRange:
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def month_range(year: int, month: int) -> DateRange:
    return DateRange(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_range(year: int, quarter: int) -> DateRange:
    first_month = 3 * (quarter - 1) + 1
    return DateRange(month_range(year, first_month).start, month_range(year, first_month + 2).end)


def half_range(year: int, half: int) -> DateRange:
    """The first (January-June) or second (July-December) half of a year."""
    return DateRange(quarter_range(year, 2 * half - 1).start, quarter_range(year, 2 * half).end)


def year_range(year: int) -> DateRange:
    return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31))


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def last_weekday_of_month(year: int, month: int, weekday: int) -> dt.date:
    """weekday: Monday is 0 ... Sunday is 6."""
    last = month_range(year, month).end
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def nth_weekday_of_month(year: int, month: int, weekday: int, nth: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
