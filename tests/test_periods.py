"""Periods and days in what people type, and the quarterly meeting rule.

Expected dates are written by hand from the calendar, never computed with bot.time.dates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.meetings.series import series_occurrences
from bot.meetings.settings import MeetingSettings
from bot.text import fold
from bot.time.periods import find_period
from bot.time.typed_dates import find_day

MAY_10 = dt.date(2021, 5, 10)  # a Monday in the second quarter of 2021
DEC_20 = dt.date(2021, 12, 20)  # late in the year: "next" rolls over into 2022
IN_2022 = dt.date(2022, 5, 10)  # a year other than the one typed


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


# text, today, start, end, kind
PERIODS = [
    ("segundo trimestre de 2021", MAY_10, "2021-04-01", "2021-06-30", "quarter"),
    ("¿Qué vence en el Segundo Trimestre de 2022?", MAY_10, "2022-04-01", "2022-06-30", "quarter"),
    ("T2 2021", MAY_10, "2021-04-01", "2021-06-30", "quarter"),
    pytest.param(
        "2T 2021",
        MAY_10,
        "2021-04-01",
        "2021-06-30",
        "quarter",
        id="2T 2021",
    ),
    ("Q2 2021", MAY_10, "2021-04-01", "2021-06-30", "quarter"),
    ("second quarter of 2021", MAY_10, "2021-04-01", "2021-06-30", "quarter"),
    ("2do trimestre 2021", MAY_10, "2021-04-01", "2021-06-30", "quarter"),
    ("4to trimestre de 2021", IN_2022, "2021-10-01", "2021-12-31", "quarter"),
    ("2021 Q3", MAY_10, "2021-07-01", "2021-09-30", "quarter"),
    pytest.param(
        "2021 Q3",
        IN_2022,
        "2021-07-01",
        "2021-09-30",
        "quarter",
        id="2021 Q3 asked in 2022",
    ),
    ("tercer trimestre", IN_2022, "2022-07-01", "2022-09-30", "quarter"),
    ("primer semestre de 2022", MAY_10, "2022-01-01", "2022-06-30", "half"),
    ("What was due in the first half of 2022?", MAY_10, "2022-01-01", "2022-06-30", "half"),
    ("2do semestre 2021", IN_2022, "2021-07-01", "2021-12-31", "half"),
    ("H2 2021", MAY_10, "2021-07-01", "2021-12-31", "half"),
    ("2022-H1", MAY_10, "2022-01-01", "2022-06-30", "half"),
    ("s1 de 2022", MAY_10, "2022-01-01", "2022-06-30", "half"),
    ("este semestre", MAY_10, "2021-01-01", "2021-06-30", "half"),
    ("el semestre pasado", IN_2022, "2021-07-01", "2021-12-31", "half"),
    ("next half", DEC_20, "2022-01-01", "2022-06-30", "half"),
    ("julio de 2021", MAY_10, "2021-07-01", "2021-07-31", "month"),
    ("July 2021", MAY_10, "2021-07-01", "2021-07-31", "month"),
    ("julio", IN_2022, "2022-07-01", "2022-07-31", "month"),
    ("mayo", MAY_10, "2021-05-01", "2021-05-31", "month"),
    ("May 2021", IN_2022, "2021-05-01", "2021-05-31", "month"),
    ("mar 2021", MAY_10, "2021-03-01", "2021-03-31", "month"),
    ("2022", MAY_10, "2022-01-01", "2022-12-31", "year"),
    ("2021-2022", MAY_10, "2021-01-01", "2022-12-31", "span"),
    ("este trimestre", MAY_10, "2021-04-01", "2021-06-30", "quarter"),
    ("el próximo trimestre", MAY_10, "2021-07-01", "2021-09-30", "quarter"),
    ("next quarter", MAY_10, "2021-07-01", "2021-09-30", "quarter"),
    ("el trimestre pasado", MAY_10, "2021-01-01", "2021-03-31", "quarter"),
    ("last quarter", MAY_10, "2021-01-01", "2021-03-31", "quarter"),
    ("last quarter", d("2021-02-01"), "2020-10-01", "2020-12-31", "quarter"),
    ("este mes", MAY_10, "2021-05-01", "2021-05-31", "month"),
    ("this month", MAY_10, "2021-05-01", "2021-05-31", "month"),
    ("el mes que viene", MAY_10, "2021-06-01", "2021-06-30", "month"),
    ("next month", MAY_10, "2021-06-01", "2021-06-30", "month"),
    ("el mes pasado", d("2021-01-15"), "2020-12-01", "2020-12-31", "month"),
    ("este año", MAY_10, "2021-01-01", "2021-12-31", "year"),
    ("this year", MAY_10, "2021-01-01", "2021-12-31", "year"),
    ("next year", MAY_10, "2022-01-01", "2022-12-31", "year"),
    ("el año que viene", MAY_10, "2022-01-01", "2022-12-31", "year"),
    ("next quarter", DEC_20, "2022-01-01", "2022-03-31", "quarter"),
    ("next month", DEC_20, "2022-01-01", "2022-01-31", "month"),
    ("la semana pasada", MAY_10, "2021-05-03", "2021-05-09", "week"),
    pytest.param(
        "el último trimestre de 2021",
        IN_2022,
        "2021-10-01",
        "2021-12-31",
        "quarter",
        id="el ultimo trimestre de 2021",
    ),
    pytest.param(
        "the last quarter of 2021",
        IN_2022,
        "2021-10-01",
        "2021-12-31",
        "quarter",
        id="the last quarter of 2021",
    ),
]


PERIOD_CASES = [
    row if hasattr(row, "id") else pytest.param(*row, id=f"{row[0]} @ {row[1]}") for row in PERIODS
]


@pytest.mark.parametrize(("text", "today", "start", "end", "kind"), PERIOD_CASES)
def test_find_period(text: str, today: dt.date, start: str, end: str, kind: str) -> None:
    period = find_period(fold(text), today)
    assert period is not None
    assert (period.range.start, period.range.end, period.kind) == (d(start), d(end), kind)


def test_find_period_span_points_at_the_words() -> None:
    folded = fold("¿Qué toca en el próximo trimestre?")
    period = find_period(folded, MAY_10)
    assert period is not None
    assert folded[period.span[0] : period.span[1]].strip() == "proximo trimestre"


@pytest.mark.parametrize(
    "text",
    ["¿Quién lidera la OMS?", "may I ask who leads", "mar", "sep", "¿Qué es la actividad 2.1?", ""],
    ids=["no-period", "english-may", "mar-alone", "sep-alone", "activity-number", "empty"],
)
def test_find_period_finds_nothing(text: str) -> None:
    assert find_period(fold(text), MAY_10) is None


@pytest.mark.parametrize(
    "text",
    [
        "30 de junio de 2021",
        "¿Qué vence el 30 de Junio del 2021?",
        "June 30, 2021",
        "June 30th 2021",
        "2021-06-30",
        "30/06/2021",
    ],
)
def test_find_day(text: str) -> None:
    found = find_day(fold(text), MAY_10)
    assert found is not None
    assert found.date == d("2021-06-30")


def test_find_day_without_year_takes_this_year() -> None:
    found = find_day(fold("¿qué hay el 30 de junio?"), IN_2022)
    assert found is not None
    assert found.date == d("2022-06-30")
    assert found.text == "30 de junio"


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("31 de febrero de 2021", "31 de febrero de 2021"),
        ("¿qué vence el February 30 2021?", "february 30 2021"),
        ("2021-02-29", "2021-02-29"),
        ("31/04/2021", "31/04/2021"),
    ],
)
def test_find_day_reports_a_day_that_does_not_exist(text: str, typed: str) -> None:
    found = find_day(fold(text), MAY_10)
    assert found is not None
    assert found.date is None
    assert found.text == typed


def test_find_day_leap_day() -> None:
    found = find_day(fold("29 de febrero de 2024"), MAY_10)
    assert found is not None
    assert found.date == d("2024-02-29")


@pytest.mark.parametrize(
    "text",
    [
        "¿Quién lidera la OMS?",
        "segundo trimestre de 2021",
        "2021-2022",
        "actividad 2.1",
        pytest.param(
            "activity 2 may be late",
            id="activity 2 may be late",
        ),
    ],
)
def test_find_day_finds_nothing(text: str) -> None:
    assert find_day(fold(text), MAY_10) is None


MEXICO = ZoneInfo("America/Mexico_City")
RULE: dict[str, Any] = {"months": [3, 6, 9, 12], "weekday": 3, "week": "last"}


def next_occurrence(rule: dict[str, Any], time: str, today: str) -> dt.datetime:
    """The first meeting on or after `today` of a series with this rule, holidays left where they fall."""
    series = {"kind": "quarterly", "rule": rule, "time": time, "timezone": "America/Mexico_City"}
    settings = MeetingSettings(holidays={"country": "MX", "policy": "keep"})
    start = dt.datetime.combine(d(today), dt.time(0), tzinfo=MEXICO)
    found = series_occurrences("quarterly", series, settings, start, start + dt.timedelta(days=400))
    return found[0].starts_at


@pytest.mark.parametrize(
    ("rule", "time", "today", "expected"),
    [
        (RULE, "10:00", "2021-10-05", "2021-12-30"),  # last Thursday of December 2021
        (RULE, "10:00", "2021-12-30", "2021-12-30"),  # on the meeting day itself
        (RULE, "10:00", "2021-12-31", "2022-03-31"),  # year rollover
        (RULE, "10:00", "2021-09-30", "2021-09-30"),
        ({**RULE, "week": "first", "weekday": 0}, "10:00", "2021-10-05", "2021-12-06"),  # first Monday
        ({**RULE, "week": "first", "weekday": 0}, "10:00", "2021-12-31", "2022-03-07"),
        (
            {**RULE, "week": "first", "weekday": 0, "months": [1, 4, 7, 10]},
            "10:00",
            "2021-10-05",
            "2022-01-03",
        ),
        (RULE, "16:30", "2021-04-01", "2021-06-24"),
    ],
    ids=["last-thu", "same-day", "rollover", "sept", "first-mon", "first-mon-rollover", "jan-apr", "16:30"],
)
def test_the_next_meeting_of_a_rule(rule: dict[str, Any], time: str, today: str, expected: str) -> None:
    starts_at = next_occurrence(rule, time, today)
    hour, minute = (int(x) for x in time.split(":"))
    assert starts_at == dt.datetime.combine(d(expected), dt.time(hour, minute), tzinfo=MEXICO)
    assert getattr(starts_at.tzinfo, "key", None) == "America/Mexico_City"
