"""The plan's "Cronograma" phrases as date ranges.

dateparser knows nothing of quarters ("segundo y tercer trimestre de 2021"), so the plan's phrases
go through this small grammar instead:

    timeline := span ((';' | ',' | 'y') span)*  ['a mas tardar'] ['(continuacion durante ...)'] ['y etapas posteriores']
    span     := point [('-' | 'a') point]
    point    := YEAR | MONTH ['de'] YEAR | ORDS 'trimestre(s)' 'de' YEAR | 'trimestres' ORDS 'de' YEAR
    ORDS     := ORD (('y' | ',') ORD)* | ORD 'a' ORD

A phrase the grammar cannot read raises TimelineError: the loader reports it as a config error
rather than guessing a date. A phrase it reads keeps its structure (which years, months and quarters,
how they are joined, which suffixes), so an English answer can say it in English (bot/render/timelines.py)
instead of quoting the Spanish: every phrase the plan can hold has an English rendering by construction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.text import fold
from bot.time.dates import DateRange, month_range, quarter_range, year_range

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
class Point:
    """A year, a month of a year, or one or more quarters of a year. `year` is None where the phrase
    leaves it implied ("continuación durante los trimestres tercero y cuarto")."""

    kind: str  # year | month | quarters
    year: int | None
    month: int = 0
    quarters: tuple[int, ...] = ()
    quarter_span: bool = False  # "trimestres segundo a cuarto": a run of quarters, not a list


@dataclass(frozen=True)
class Span:
    """A point, or a run from one point to another ("2021 – primer trimestre de 2022")."""

    first: Point
    last: Point | None = None


@dataclass(frozen=True)
class Timeline:
    phrase: str
    ranges: tuple[DateRange, ...]
    continues_after: bool
    by_deadline: bool
    continuation: tuple[DateRange, ...]
    # The phrase's structure: its spans, the words joining them (";", ",", "y"), what the continuation names.
    spans: tuple[Span, ...]
    joints: tuple[str, ...]
    continuation_spans: tuple[Span, ...]
    later_stages: bool

    @property
    def due(self) -> dt.date | None:
        return max(r.end for r in self.ranges) if self.ranges else None


def parse_timeline(phrase: str) -> Timeline:
    text = fold(phrase).rstrip(".").strip()
    if not text:
        raise TimelineError("empty timeline phrase")
    continues = False
    later_stages = False
    by_deadline = False
    continuation_text = None
    match = _CONTINUATION.search(text)
    if match:
        continues = True
        continuation_text = match.group("what")
        text = (text[: match.start()] + text[match.end() :]).strip()
    if _LATER_STAGES.search(text):
        continues = later_stages = True
        text = _LATER_STAGES.sub("", text)
    if _BY_DEADLINE.search(text):
        by_deadline = True
        text = _BY_DEADLINE.sub("", text).strip()
    main = _Parser(text, phrase).timeline()
    ranges = main.ranges
    continuation = _Read((), (), [])
    if continuation_text is not None:
        continuation = _Parser(continuation_text, phrase, default_year=ranges[-1].end.year).timeline()
    return Timeline(
        phrase, tuple(ranges), continues, by_deadline, tuple(continuation.ranges),
        main.spans, main.joints, continuation.spans, later_stages,
    )  # fmt: skip


@dataclass(frozen=True)
class _Read:
    spans: tuple[Span, ...]
    joints: tuple[str, ...]
    ranges: list[DateRange]


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

    def timeline(self) -> _Read:
        spans, joints = [], []
        span, ranges = self.span()
        spans.append(span)
        while self.peek() in (";", ",", "y"):
            joints.append(self.take())
            span, more = self.span()
            spans.append(span)
            ranges += more
        if self.peek() is not None:
            raise self.fail("the end of the phrase")
        return _Read(tuple(spans), tuple(joints), ranges)

    def span(self) -> tuple[Span, list[DateRange]]:
        first, first_ranges = self.point()
        if self.peek() in ("-", "a") and self._starts_point(1):
            self.take()
            last, last_ranges = self.point()
            if last_ranges[-1].end < first_ranges[0].start:
                raise TimelineError(f"the span runs backwards in timeline {self.phrase!r}")
            return Span(first, last), [DateRange(first_ranges[0].start, last_ranges[-1].end)]
        return Span(first), first_ranges

    def _starts_point(self, offset: int) -> bool:
        token = self.peek(offset)
        return token is not None and (
            token.isdigit() or token in ORDINALS or token in MONTHS or token in _QUARTER_WORDS
        )

    def point(self) -> tuple[Point, list[DateRange]]:
        while self.peek() in _FILLER:
            self.take()
        token = self.peek()
        if token is None:
            raise self.fail("a year, a month or a quarter")
        if token.isdigit() and len(token) == 4:
            _, year = self.written_year()
            return Point("year", year), [year_range(year)]
        if token in MONTHS:
            self.take()
            month = MONTHS[token]
            month_written, month_year = self.written_year()
            return Point("month", month_written, month=month), [month_range(month_year, month)]
        if token in _QUARTER_WORDS:
            self.take()
            quarters, run = self.ordinals()
        elif token in ORDINALS:
            quarters, run = self.ordinals()
            if self.peek() not in _QUARTER_WORDS:
                raise self.fail("'trimestre'")
            self.take()
        else:
            raise self.fail("a year, a month or a quarter")
        written, year = self.written_year()
        point = Point("quarters", written, quarters=tuple(quarters), quarter_span=run)
        return point, _merge([quarter_range(year, q) for q in quarters])

    def ordinals(self) -> tuple[list[int], bool]:
        """The quarters named, and whether they were named as a run ("segundo a cuarto")."""
        token = self.peek()
        if token not in ORDINALS:
            raise self.fail("an ordinal (primer, segundo, ...)")
        numbers = [ORDINALS[self.take()]]
        if self.peek() == "a" and self.peek(1) in ORDINALS:
            self.take()
            last = ORDINALS[self.take()]
            if last < numbers[0]:
                raise TimelineError(f"quarters run backwards in timeline {self.phrase!r}")
            return list(range(numbers[0], last + 1)), True
        while self.peek() in ("y", ",") and self.peek(1) in ORDINALS:
            self.take()
            numbers.append(ORDINALS[self.take()])
        return sorted(set(numbers)), False

    def written_year(self) -> tuple[int | None, int]:
        """The year as written (None when the phrase implies it) and the year it means."""
        while self.peek() in _FILLER:
            self.take()
        token = self.peek()
        if token is not None and token.isdigit() and len(token) == 4:
            self.take()
            if not MIN_YEAR <= int(token) <= MAX_YEAR:
                raise TimelineError(f"year {token} is out of range in timeline {self.phrase!r}")
            return int(token), int(token)
        if self.default_year is not None:
            return None, self.default_year
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
