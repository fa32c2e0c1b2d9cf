"""`ausente hasta el 15 de julio`, `ausente del 1 al 15 de julio`, `away until 15-07-2021`, `ausente no`.

A date without a year is the next such day: "hasta el 10 de enero" typed on 20 December means January of
next year, not a date that has passed. A range pauses prompts and nudges from its first day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.text import fold
from bot.time.periods import MONTHS
from bot.time.typed_dates import TypedDate, find_day

BACK = frozenset({"no", "fin", "ya volvi", "ya regrese", "volvi", "regrese", "back", "none", "cancel",
                  "cancelar", "off", "ya no"})  # fmt: skip
MAX_AHEAD = dt.timedelta(days=366)
# A yearless date already past this year is read as next year's only when that is this close; further off,
# "hasta el 1 de junio" typed on 8 June is more likely a slip, and is answered as a date that has passed.
NEXT_YEAR_WITHIN = dt.timedelta(days=183)
_UNTIL = re.compile(r"(?:\b(?:al|hasta(?:\s+el)?|to|until|till|through)|\s-)\s")
_BARE_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:/|-|de\s|of\s))")
_MONTH = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b")


@dataclass(frozen=True)
class AbsenceRequest:
    starts: dt.date | None  # None: from now
    until: dt.date | None  # None: the person is back
    error: str | None = None  # a catalog key explaining what is wrong

    @property
    def back(self) -> bool:
        return self.until is None and self.error is None


def parse_absence(text: str, today: dt.date) -> AbsenceRequest:
    folded = fold(text).strip(" .!¡¿?")
    if folded in BACK:
        return AbsenceRequest(None, None)
    head, until_text = _split(folded[:200])
    end = find_day(until_text, today)
    if end is None and head is not None:  # "from July 1 to 15": the end borrows the start's month
        begin = find_day(head, today)
        if begin is not None and begin.date is not None:
            end = _bare_day(until_text, _month_end(begin.date), today, after=begin.date)
    if end is None:
        return AbsenceRequest(None, None, "absence.usage")
    if end.date is None:
        return AbsenceRequest(None, None, "absence.no_such_date")
    until = _upcoming(end, today)
    starts: dt.date | None = None
    if head is not None:
        begin = find_day(head, today) or _bare_day(head, until, today)
        if begin is None:
            return AbsenceRequest(None, None, "absence.usage")
        if begin.date is None:
            return AbsenceRequest(None, None, "absence.no_such_date")
        starts = _upcoming(begin, today)
        if starts > until and not end.year_given and _next_year(until) - starts <= NEXT_YEAR_WITHIN:
            until = _next_year(until)  # "del 28 de diciembre al 5 de enero"
        if starts > until:
            return AbsenceRequest(None, None, "absence.backwards")
        if starts <= today:
            starts = None
    if until < today:
        return AbsenceRequest(None, None, "absence.past")
    if until - today > MAX_AHEAD:
        return AbsenceRequest(None, None, "absence.too_far")
    return AbsenceRequest(starts, until)


def _split(folded: str) -> tuple[str | None, str]:
    """("del 1", "15 de julio") for a range; (None, text) for a single date."""
    for match in _UNTIL.finditer(folded):
        head = folded[: match.start()].strip()
        if re.search(r"\d", head):
            return head, folded[match.end() :]
    return None, folded


def _bare_day(text: str, until: dt.date, today: dt.date, after: dt.date | None = None) -> TypedDate | None:
    """ "del 1" in "del 1 al 15 de julio": that day of the range's other end's month (or the month before);
    with `after`, "15" in "from July 1 to 15": that day of `after`'s month."""
    match = _BARE_DAY.search(text)
    if match is None or _MONTH.search(text):
        return None
    day = int(match.group(1))
    months = [(until.year, until.month)] if after else [(until.year, until.month), _previous_month(until)]
    for year, month in months:
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if after is not None and candidate >= after:
            return TypedDate(candidate, match.group(0), match.span(), year_given=True)
        if after is None and candidate <= until:
            return TypedDate(candidate, match.group(0), match.span())
    return TypedDate(None, match.group(0), match.span())


def _previous_month(day: dt.date) -> tuple[int, int]:
    return (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)


def _month_end(day: dt.date) -> dt.date:
    following = day.replace(day=28) + dt.timedelta(days=4)
    return following - dt.timedelta(days=following.day)


def _next_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + dt.timedelta(days=365)


def _upcoming(found: TypedDate, today: dt.date) -> dt.date:
    """A date typed without a year is the next one on or after today."""
    assert found.date is not None
    if found.year_given or found.date >= today:
        return found.date
    next_year = _next_year(found.date)
    return next_year if next_year - today <= NEXT_YEAR_WITHIN else found.date
