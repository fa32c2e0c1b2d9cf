"""The plan's "Cronograma" phrases as date ranges.

dateparser knows nothing of quarters ("segundo y tercer trimestre de 2021"), so the plan's phrases
go through this small grammar instead:

    timeline := span ((';' | ',' | 'y') span)*  ['a mas tardar'] ['(continuacion durante ...)'] ['y etapas posteriores']
    span     := point [('-' | 'a') point]
    point    := YEAR | MONTH ['de'] YEAR | ORDS 'trimestre(s)' 'de' YEAR | 'trimestres' ORDS 'de' YEAR
    ORDS     := ORD (('y' | ',') ORD)* | ORD 'a' ORD

A phrase the grammar cannot read raises TimelineError: the loader reports it as a config error
rather than guessing a date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.dates import DateRange, month_range, quarter_range, year_range
from bot.text import fold

ORDINALS = {
    "primer": 1, "primero": 1, "1er": 1, "1o": 1,
    "segundo": 2, "2o": 2,
    "tercer": 3, "tercero": 3, "3er": 3, "3o": 3,
    "cuarto": 4, "4o": 4,
}  # fmt: skip
MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}  # fmt: skip
_QUARTER_WORDS = {"trimestre", "trimestres"}
_FILLER = {"de", "del", "los", "el"}
_TOKEN = re.compile(r"\d{4}|[a-z0-9]+|[;,\-]")
_CONTINUATION = re.compile(r"\(\s*continuacion durante (?P<what>[^)]*)\)")
_LATER_STAGES = re.compile(r"\s*y etapas posteriores$")
_BY_DEADLINE = re.compile(r"\s*a mas tardar")


MIN_YEAR, MAX_YEAR = 1990, 2100


class TimelineError(ValueError):
    pass


@dataclass(frozen=True)
class Timeline:
    phrase: str
    ranges: tuple[DateRange, ...]
    continues_after: bool = False
    by_deadline: bool = False
    continuation: tuple[DateRange, ...] = field(default=())

    @property
    def due(self) -> dt.date | None:
        return max(r.end for r in self.ranges) if self.ranges else None


def parse_timeline(phrase: str) -> Timeline:
    text = fold(phrase).rstrip(".").strip()
    if not text:
        raise TimelineError("empty timeline phrase")
    continues = False
    by_deadline = False
    continuation_text = None
    match = _CONTINUATION.search(text)
    if match:
        continues = True
        continuation_text = match.group("what")
        text = (text[: match.start()] + text[match.end() :]).strip()
    if _LATER_STAGES.search(text):
        continues = True
        text = _LATER_STAGES.sub("", text)
    if _BY_DEADLINE.search(text):
        by_deadline = True
        text = _BY_DEADLINE.sub("", text).strip()
    ranges = _Parser(text, phrase).timeline()
    continuation: tuple[DateRange, ...] = ()
    if continuation_text is not None:
        continuation = tuple(_Parser(continuation_text, phrase, default_year=ranges[-1].end.year).timeline())
    return Timeline(phrase, tuple(ranges), continues, by_deadline, continuation)


class _Parser:
    def __init__(self, text: str, phrase: str, default_year: int | None = None) -> None:
        self.phrase = phrase
        self.default_year = default_year
        leftover = _TOKEN.sub(" ", text).strip()
        if leftover:
            raise TimelineError(f"cannot read {leftover!r} in timeline {phrase!r}")
        self.tokens: list[str] = _TOKEN.findall(text)
        self.pos = 0

    def fail(self, expected: str) -> TimelineError:
        found = self.tokens[self.pos] if self.pos < len(self.tokens) else "the end"
        return TimelineError(f"expected {expected} but found {found!r} in timeline {self.phrase!r}")

    def peek(self, offset: int = 0) -> str | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def timeline(self) -> list[DateRange]:
        ranges = self.span()
        while self.peek() in (";", ",", "y"):
            self.take()
            ranges += self.span()
        if self.peek() is not None:
            raise self.fail("the end of the phrase")
        return ranges

    def span(self) -> list[DateRange]:
        first = self.point()
        if self.peek() in ("-", "a") and self._starts_point(1):
            self.take()
            last = self.point()
            if last[-1].end < first[0].start:
                raise TimelineError(f"the span runs backwards in timeline {self.phrase!r}")
            return [DateRange(first[0].start, last[-1].end)]
        return first

    def _starts_point(self, offset: int) -> bool:
        token = self.peek(offset)
        return token is not None and (
            token.isdigit() or token in ORDINALS or token in MONTHS or token in _QUARTER_WORDS
        )

    def point(self) -> list[DateRange]:
        while self.peek() in _FILLER:
            self.take()
        token = self.peek()
        if token is None:
            raise self.fail("a year, a month or a quarter")
        if token.isdigit() and len(token) == 4:
            return [year_range(self.year())]
        if token in MONTHS:
            self.take()
            return [month_range(self.year(), MONTHS[token])]
        if token in _QUARTER_WORDS:
            self.take()
            quarters = self.ordinals()
        elif token in ORDINALS:
            quarters = self.ordinals()
            if self.peek() not in _QUARTER_WORDS:
                raise self.fail("'trimestre'")
            self.take()
        else:
            raise self.fail("a year, a month or a quarter")
        year = self.year()
        return _merge([quarter_range(year, q) for q in quarters])

    def ordinals(self) -> list[int]:
        token = self.peek()
        if token not in ORDINALS:
            raise self.fail("an ordinal (primer, segundo, ...)")
        numbers = [ORDINALS[self.take()]]
        if self.peek() == "a" and self.peek(1) in ORDINALS:
            self.take()
            last = ORDINALS[self.take()]
            if last < numbers[0]:
                raise TimelineError(f"quarters run backwards in timeline {self.phrase!r}")
            return list(range(numbers[0], last + 1))
        while self.peek() in ("y", ",") and self.peek(1) in ORDINALS:
            self.take()
            numbers.append(ORDINALS[self.take()])
        return sorted(set(numbers))

    def year(self) -> int:
        while self.peek() in _FILLER:
            self.take()
        token = self.peek()
        if token is not None and token.isdigit() and len(token) == 4:
            self.take()
            if not MIN_YEAR <= int(token) <= MAX_YEAR:
                raise TimelineError(f"year {token} is out of range in timeline {self.phrase!r}")
            return int(token)
        if self.default_year is not None:
            return self.default_year
        raise self.fail("a year")


def _merge(ranges: list[DateRange]) -> list[DateRange]:
    merged: list[DateRange] = []
    for current in sorted(ranges):
        if merged and merged[-1].end + dt.timedelta(days=1) >= current.start:
            merged[-1] = DateRange(merged[-1].start, max(merged[-1].end, current.end))
        else:
            merged.append(current)
    return merged


@dataclass(frozen=True)
class Schedule:
    """All the timelines of one activity together."""

    ranges: tuple[DateRange, ...]
    due: dt.date | None
    continues_after: bool


def schedule_of(phrases: list[str]) -> Schedule:
    timelines = [parse_timeline(p) for p in phrases]
    ranges = tuple(r for t in timelines for r in t.ranges)
    due = max((t.due for t in timelines if t.due), default=None)
    return Schedule(ranges, due, any(t.continues_after for t in timelines))
