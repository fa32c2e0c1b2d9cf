"""Periods in what people type: "este trimestre", "Q2 2021", "primer semestre de 2022", "H2 2021", "julio de
2021", "next month", "2022".

Works on folded text. Quarters and months are read here because dateparser does not know quarters
and guesses dates in ordinary words; dateparser only reads explicit day dates (bot/typed_dates.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.time.dates import (
    DateRange,
    add_months,
    half_range,
    month_range,
    quarter_of,
    quarter_range,
    year_range,
)

MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "ene": 1, "feb": 2, "mar": 3, "abr": 4, "jun": 6, "jul": 7, "ago": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dic": 12, "jan": 1, "apr": 4, "aug": 8, "dec": 12,
}  # fmt: skip
QUARTER_ORDINALS = {
    "primer": 1, "primero": 1, "1er": 1, "first": 1, "1st": 1,
    "segundo": 2, "second": 2, "2nd": 2, "2do": 2, "2o": 2,
    "tercer": 3, "tercero": 3, "third": 3, "3rd": 3, "3er": 3, "3o": 3,
    "cuarto": 4, "fourth": 4, "4th": 4, "4to": 4, "4o": 4,
}  # fmt: skip

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORD = "|".join(sorted(QUARTER_ORDINALS, key=len, reverse=True))
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_OPT_YEAR = rf"(?:\s*(?:de|del|of|,)?\s*{_YEAR})?"
_QUARTER_WORD = r"(?:trimestre|quarter|qtr)"
_HALF_WORD = r"(?:semestre|half|half[- ]year)"
_HALF_ORD = r"primer|primero|1er|first|1st|segundo|second|2nd|2do|2o"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("last_of_year", re.compile(
        rf"\b(?:el\s+|la\s+|the\s+)?(?:ultimo|ultima|last|final)\s+(?P<unit>trimestre|quarter|mes|month)\s+"
        rf"(?:de|del|of)\s+{_YEAR}\b"
    )),
    ("relative", re.compile(
        r"(?P<which>este|esta|this|current|actual|proximo|proxima|siguiente|next|coming|pasado|pasada|"
        r"anterior|last|previous|ultimo|ultima)\s+(?P<unit>trimestre|quarter|semestre|half|mes|month|ano|year|"
        r"semana|week)\b"
        r"(?:\s+(?P<after>actual|pasado|anterior|que viene|proximo|siguiente))?"
    )),
    ("relative_after", re.compile(
        r"(?:el|la|del|de la|of the)?\s*\b(?P<unit>trimestre|semestre|mes|ano|semana)\s+"
        r"(?P<which>actual|pasado|pasada|anterior|que viene|proximo|proxima|siguiente|en curso)"
    )),
    ("half_ordinal", re.compile(rf"\b(?P<ord>{_HALF_ORD})\s+{_HALF_WORD}{_OPT_YEAR}")),
    ("half_number", re.compile(rf"\b(?P<h>[12])\s*(?:er|o|do|st|nd)?\s+{_HALF_WORD}{_OPT_YEAR}")),
    ("year_half_code", re.compile(rf"\b{_YEAR}\s*-?\s*(?:h|s)(?P<h>[12])\b")),
    ("half_code", re.compile(rf"\b(?:h|s)(?P<h>[12])\s*(?:de\s+|del\s+|of\s+)?{_YEAR}\b")),
    ("year_quarter_code", re.compile(rf"\b{_YEAR}\s*-?\s*(?:q|t)(?P<q>[1-4])\b")),
    ("quarter_code", re.compile(rf"\b(?:q|t)(?P<q>[1-4]){_OPT_YEAR}\b")),
    ("number_quarter_code", re.compile(rf"\b(?P<q>[1-4])\s*(?:t|q)\s*(?:de\s+|del\s+)?{_YEAR}\b")),
    ("quarter_ordinal", re.compile(rf"\b(?P<ord>{_ORD})\s+{_QUARTER_WORD}{_OPT_YEAR}")),
    ("quarter_number", re.compile(rf"\b(?P<q>[1-4])\s*(?:er|o|do|ro|to|st|nd|rd|th)?\s+{_QUARTER_WORD}{_OPT_YEAR}")),
    ("quarter_after", re.compile(rf"\b{_QUARTER_WORD}\s+(?P<q>[1-4]){_OPT_YEAR}")),
    ("month", re.compile(rf"\b(?P<month>{_MONTH})\b{_OPT_YEAR}")),
    ("year_span", re.compile(r"\b(?P<y1>(?:19|20)\d{2})\s*(?:-|a|al|to|y|and)\s*(?P<y2>(?:19|20)\d{2})\b")),
    ("year", re.compile(rf"\b{_YEAR}\b")),
]  # fmt: skip


@dataclass(frozen=True)
class Period:
    range: DateRange
    kind: str  # quarter, half, month, year, week, span
    span: tuple[int, int]  # where it was found in the folded text


def find_period(folded: str, today: dt.date) -> Period | None:
    """The first period named in the folded text, or None."""
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            period = _interpret(name, match, today)
            if period is not None:
                return Period(period[0], period[1], match.span())
    return None


def _interpret(name: str, match: re.Match[str], today: dt.date) -> tuple[DateRange, str] | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else today.year
    if name in ("relative", "relative_after"):
        return _relative(groups["which"], groups["unit"], groups.get("after"), today)
    if name == "last_of_year":
        if groups["unit"] in ("trimestre", "quarter"):
            return quarter_range(year, 4), "quarter"
        return month_range(year, 12), "month"
    if name in (
        "quarter_code",
        "year_quarter_code",
        "number_quarter_code",
        "quarter_number",
        "quarter_after",
    ):
        return quarter_range(year, int(groups["q"])), "quarter"
    if name == "half_ordinal":
        return half_range(year, QUARTER_ORDINALS[groups["ord"]]), "half"
    if name in ("half_number", "year_half_code", "half_code"):
        return half_range(year, int(groups["h"])), "half"
    if name == "quarter_ordinal":
        return quarter_range(year, QUARTER_ORDINALS[groups["ord"]]), "quarter"
    if name == "month":
        word = groups["month"]
        # "mar", "may" and "sep" are words too; only take them with a year.
        if len(word) <= 4 and word not in ("mayo", "june", "july") and not groups.get("year"):
            return None
        return month_range(year, MONTHS[word]), "month"
    if name == "year_span":
        first, last = int(groups["y1"]), int(groups["y2"])
        if last < first:
            return None
        return DateRange(year_range(first).start, year_range(last).end), "span"
    return year_range(year), "year"


_NEXT = {"proximo", "proxima", "siguiente", "next", "coming", "que viene"}
_LAST = {"pasado", "pasada", "anterior", "last", "previous", "ultimo", "ultima"}


def _relative(which: str, unit: str, after: str | None, today: dt.date) -> tuple[DateRange, str]:
    word = after or which
    step = 1 if word in _NEXT else -1 if word in _LAST else 0
    if unit in ("trimestre", "quarter"):
        index = today.year * 4 + quarter_of(today) - 1 + step
        return quarter_range(index // 4, index % 4 + 1), "quarter"
    if unit in ("semestre", "half"):
        index = today.year * 2 + (today.month - 1) // 6 + step
        return half_range(index // 2, index % 2 + 1), "half"
    if unit in ("mes", "month"):
        year, month = add_months(today.year, today.month, step)
        return month_range(year, month), "month"
    if unit in ("ano", "year"):
        return year_range(today.year + step), "year"
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=step)
    return DateRange(monday, monday + dt.timedelta(days=6)), "week"
