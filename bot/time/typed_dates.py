"""Day dates in what people type ("30 de junio de 2021", "June 30", "15/07/2021", "el próximo jueves").

Explicit dates are read with a regex and checked, so "31 de febrero" is reported as a date that does
not exist instead of being moved to March. Relative day words go to dateparser, restricted to es/en
with explicit settings and capped input: left alone it is slow and finds dates in ordinary words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from bot.time.periods import MONTHS

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_FIRST = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th|o)?\s+(?:de\s+|of\s+)?(?P<month>{_MONTH})\b"
    rf"(?:\s*(?:de|del|,)?\s*(?P<year>\d{{4}}))?"
)
_MONTH_FIRST = re.compile(
    rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*(?P<year>\d{{4}}))?"
)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b")
_SLASHED = re.compile(r"\b(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}))?(?![\d/])")
# 15-07-2021 and 15.07.2021 (day first, as in Mexico); the year is required, so "1-15" is not a date.
_DASHED = re.compile(r"\b(?P<day>\d{1,2})[-.](?P<month>\d{1,2})[-.](?P<year>\d{4})\b")
_RELATIVE_WORDS = re.compile(
    r"\b(hoy|manana|pasado manana|today|tomorrow|lunes|martes|miercoles|jueves|viernes|sabado|domingo|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|en \d+ dias|in \d+ days)\b"
)
MAX_DATEPARSER_INPUT = 60


@dataclass(frozen=True)
class TypedDate:
    date: dt.date | None  # None when the text names a day that does not exist
    text: str
    span: tuple[int, int]
    year_given: bool = True  # False when the year was taken from today ("15 de julio")


def find_day(folded: str, today: dt.date) -> TypedDate | None:
    for pattern in (_ISO, _DASHED, _SLASHED, _DAY_FIRST, _MONTH_FIRST):
        for match in pattern.finditer(folded):
            if _plausible(match):
                return _checked(match, today)
    relative = _RELATIVE_WORDS.search(folded)
    if relative:
        day = _dateparser_day(folded[max(0, relative.start() - 20) : relative.end() + 20], today)
        if day is not None:
            return TypedDate(day, relative.group(0), relative.span())
    return None


# Short month names that are also words ("may", "mar", "sep"): dates only with a year or "de"/"of".
AMBIGUOUS_MONTHS = frozenset(
    {
        "may",
        "mar",
        "sep",
        "ago",
        "dic",
        "jun",
        "jul",
        "ene",
        "feb",
        "abr",
        "oct",
        "nov",
        "jan",
        "apr",
        "aug",
        "dec",
        "sept",
    }
)


def _plausible(match: re.Match[str]) -> bool:
    month = match.group("month")
    if month.isdigit() or month not in AMBIGUOUS_MONTHS or match.group("year"):
        return True
    return bool(re.search(r"\b(?:de|of)\s+" + month, match.group(0)))


def _checked(match: re.Match[str], today: dt.date) -> TypedDate:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text]
    year = int(match.group("year")) if match.group("year") else today.year
    given = bool(match.group("year"))
    try:
        day = dt.date(year, month, int(match.group("day")))
    except ValueError:
        return TypedDate(None, match.group(0), match.span(), given)
    return TypedDate(day, match.group(0), match.span(), given)


def _dateparser_day(text: str, today: dt.date) -> dt.date | None:

    settings: dict[str, Any] = {
        "RELATIVE_BASE": dt.datetime.combine(today, dt.time(12)),
        "PREFER_DATES_FROM": "future",
        "TIMEZONE": "America/Mexico_City",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "STRICT_PARSING": False,
        "REQUIRE_PARTS": [],
    }
    from dateparser.search import search_dates

    found = search_dates(text[:MAX_DATEPARSER_INPUT], languages=["es", "en"], settings=settings)
    if not found:
        return None
    day: dt.date = found[0][1].date()
    return day
