"""The work plan's "Cronograma:" phrases, read straight from the seed, as date ranges.

Expected ranges are written by hand from the calendar, never computed with bot.time.dates.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest

from bot.render.i18n import Catalog
from bot.render.timelines import timeline_words
from bot.time.timeline import MONTHS, ORDINALS, Schedule, TimelineError, parse_timeline, schedule_of

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
WORK_PLAN = SEEDS / "002_3217d75b67be4f47.txt"
_CRONOGRAMA = re.compile(r"Cronograma:(?P<rest>.*)")


def seed_phrases() -> list[str]:
    """Every "Cronograma:" phrase of the work plan, markdown stripped, in document order."""
    if not WORK_PLAN.is_file():
        pytest.skip(f"seed not found: {WORK_PLAN} (the shared seeds directory is missing)")
    phrases = []
    for line in WORK_PLAN.read_text(encoding="utf-8").splitlines():
        match = _CRONOGRAMA.search(line)
        if match is None:
            continue
        rest = match.group("rest").strip()
        rest = re.sub(r"\]\([^)]*\)\s*$", "", rest)  # [Cronograma: 2021](#)
        phrases.append(rest.strip().strip("*").strip())  # **Cronograma:** x, **Cronograma: x**
    return phrases


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def rng(start: str, end: str) -> tuple[dt.date, dt.date]:
    return d(start), d(end)


Y2021 = rng("2021-01-01", "2021-12-31")
Y2021_2022 = rng("2021-01-01", "2022-12-31")
Q1_2021 = rng("2021-01-01", "2021-03-31")
Q2_2021 = rng("2021-04-01", "2021-06-30")
H1_2021 = rng("2021-01-01", "2021-06-30")
H2_2021 = rng("2021-07-01", "2021-12-31")
H1_2022 = rng("2022-01-01", "2022-06-30")
JULY_2021 = rng("2021-07-01", "2021-07-31")

# phrase, ranges, due, continues_after, by_deadline, continuation
EXPECTED = [
    ("2021-2022", [Y2021_2022], "2022-12-31", False, False, []),
    ("2021- 2022", [Y2021_2022], "2022-12-31", False, False, []),
    ("2021 – 2022", [Y2021_2022], "2022-12-31", False, False, []),
    ("2021 - 2022", [Y2021_2022], "2022-12-31", False, False, []),
    ("2021", [Y2021], "2021-12-31", False, False, []),
    ("segundo trimestre de 2021", [Q2_2021], "2021-06-30", False, False, []),
    ("primer trimestre de 2021", [Q1_2021], "2021-03-31", False, False, []),
    ("febrero de 2021", [rng("2021-02-01", "2021-02-28")], "2021-02-28", False, False, []),
    ("Primer y segundo trimestre de 2021", [H1_2021], "2021-06-30", False, False, []),
    ("primer y segundo trimestre de 2021", [H1_2021], "2021-06-30", False, False, []),
    ("primer y segundo trimestre de 2022", [H1_2022], "2022-06-30", False, False, []),
    ("2021 – primer trimestre de 2022", [rng("2021-01-01", "2022-03-31")], "2022-03-31", False, False, []),
    (
        "Tercer y cuarto trimestre de 2021; primer y segundo trimestre de 2022",
        [H2_2021, H1_2022],
        "2022-06-30",
        False,
        False,
        [],
    ),
    ("julio de 2021 a más tardar", [JULY_2021], "2021-07-31", False, True, []),
    (
        "julio de 2021 a más tardar (continuación durante los trimestres tercero y cuarto)",
        [JULY_2021],
        "2021-07-31",
        True,
        True,
        [H2_2021],
    ),
    (
        "segundo trimestre de 2021 (continuación durante los trimestres tercero y cuarto)",
        [Q2_2021],
        "2021-06-30",
        True,
        False,
        [H2_2021],
    ),
    (
        "primer trimestre de 2021 y segundo trimestre de 2022",
        [Q1_2021, rng("2022-04-01", "2022-06-30")],
        "2022-06-30",
        False,
        False,
        [],
    ),
    (
        "segundo y tercer trimestre de 2021 y etapas posteriores",
        [rng("2021-04-01", "2021-09-30")],
        "2021-09-30",
        True,
        False,
        [],
    ),
    (
        "trimestres segundo a cuarto de 2021",
        [rng("2021-04-01", "2021-12-31")],
        "2021-12-31",
        False,
        False,
        [],
    ),
]


def test_the_seed_has_at_least_50_timeline_phrases() -> None:
    phrases = seed_phrases()
    assert len(phrases) >= 50
    for phrase in phrases:
        assert phrase, "an empty Cronograma phrase was extracted"
        assert not re.search(r"[*\[\]#]|^-", phrase), f"markdown left in {phrase!r}"


def test_every_seed_timeline_parses_within_the_plan_period() -> None:
    failures = []
    for phrase in seed_phrases():
        try:
            timeline = parse_timeline(phrase)
        except TimelineError as error:
            failures.append(f"{phrase!r}: {error}")
            continue
        assert timeline.phrase == phrase
        assert timeline.ranges, phrase
        for r in (*timeline.ranges, *timeline.continuation):
            assert d("2021-01-01") <= r.start <= r.end <= d("2022-12-31"), (phrase, r)
    assert not failures, "\n".join(failures)


def test_every_distinct_seed_phrase_has_an_expected_row() -> None:
    table = {row[0] for row in EXPECTED}
    distinct = set(seed_phrases())
    assert distinct - table == set(), "add the new seed phrases to EXPECTED"
    assert table - distinct == set(), "EXPECTED lists phrases the seed no longer has"


@pytest.mark.parametrize(
    ("phrase", "ranges", "due", "continues_after", "by_deadline", "continuation"),
    EXPECTED,
    ids=[row[0] for row in EXPECTED],
)
def test_seed_phrase_reads_as_expected(
    phrase: str,
    ranges: list[tuple[dt.date, dt.date]],
    due: str,
    continues_after: bool,
    by_deadline: bool,
    continuation: list[tuple[dt.date, dt.date]],
) -> None:
    timeline = parse_timeline(phrase)
    assert [(r.start, r.end) for r in timeline.ranges] == ranges
    assert timeline.due == d(due)
    assert timeline.continues_after is continues_after
    assert timeline.by_deadline is by_deadline
    assert [(r.start, r.end) for r in timeline.continuation] == continuation
    assert timeline.phrase == phrase


@pytest.mark.parametrize(
    "phrase",
    [
        "pronto",
        "quinto trimestre de 2021",
        "segundo trimestre",
        "trimestres cuarto a segundo de 2021",
        "31 de febrero de 2021",
        "2021/2022",
        "julio",
    ],
    ids=["word", "fifth-quarter", "no-year", "quarters-backwards", "day-date", "slash", "month-no-year"],
)
def test_unreadable_phrase_raises_with_the_phrase(phrase: str) -> None:
    with pytest.raises(TimelineError) as caught:
        parse_timeline(phrase)
    assert repr(phrase) in str(caught.value)


@pytest.mark.parametrize("phrase", ["", "   ", "."], ids=["empty", "blank", "dot"])
def test_empty_phrase_raises(phrase: str) -> None:
    with pytest.raises(TimelineError, match="empty"):
        parse_timeline(phrase)


@pytest.mark.parametrize(
    "phrase", ["2022 - 2021", "julio de 2022 - enero de 2021"], ids=["years-backwards", "months-backwards"]
)
def test_backwards_span_raises(phrase: str) -> None:
    with pytest.raises(TimelineError) as caught:
        parse_timeline(phrase)
    assert repr(phrase) in str(caught.value)


def test_schedule_of_two_phrases_takes_the_latest_end() -> None:
    schedule = schedule_of(["primer y segundo trimestre de 2022", "2021- 2022"])
    assert [(r.start, r.end) for r in schedule.ranges] == [H1_2022, Y2021_2022]
    assert schedule.due == d("2022-12-31")
    assert schedule.continues_after is False


def test_schedule_of_carries_continues_after() -> None:
    schedule = schedule_of(["2021", "segundo y tercer trimestre de 2021 y etapas posteriores"])
    assert schedule.due == d("2021-12-31")
    assert schedule.continues_after is True


def test_schedule_of_nothing_has_no_due_date() -> None:
    assert schedule_of([]) == Schedule((), None, False)


def test_schedule_of_rejects_an_unreadable_phrase() -> None:
    with pytest.raises(TimelineError, match="pronto"):
        schedule_of(["2021", "pronto"])


# --- the phrases in English -------------------------------------------------------------------------------

# Every Spanish word the grammar reads; none may reach an English answer.
SPANISH_WORDS = re.compile(
    r"\b(?:" + "|".join([*ORDINALS, *MONTHS, "trimestres?", "de", "y", "a", "tardar", "etapas", "posteriores",
                         "continuaci[oó]n", "durante", "los", "el", "del"]) + r")\b",
    re.IGNORECASE,
)  # fmt: skip
ENGLISH_BY_HAND = {
    "segundo trimestre de 2021": "second quarter of 2021",
    "Primer y segundo trimestre de 2021": "first and second quarters of 2021",
    "trimestres segundo a cuarto de 2021": "second to fourth quarters of 2021",
    "2021 – primer trimestre de 2022": "2021 – first quarter of 2022",
    "2021- 2022": "2021-2022",
    "febrero de 2021": "February 2021",
    "julio de 2021 a más tardar (continuación durante los trimestres tercero y cuarto)": (
        "July 2021 at the latest (continuing through the third and fourth quarters)"
    ),
    "segundo y tercer trimestre de 2021 y etapas posteriores": "second and third quarters of 2021 and later stages",
    "Tercer y cuarto trimestre de 2021; primer y segundo trimestre de 2022": (
        "third and fourth quarters of 2021; first and second quarters of 2022"
    ),
    "primer trimestre de 2021 y segundo trimestre de 2022": "first quarter of 2021 and second quarter of 2022",
    "julio de 2021 (continuación durante marzo)": "July 2021 (continuing through March)",
}


# Every kind of point and suffix the grammar reads, beyond the ones the plan happens to use.
GRAMMAR_POINTS = ["2023", "marzo de 2024", "setiembre 2021", "cuarto trimestre de 2021",
                  "primer, segundo y tercer trimestre de 2022", "trimestres primero a tercero de 2023",
                  "segundo a cuarto trimestre de 2022"]  # fmt: skip
# The continuations leave their year implied: a quarter list, a single quarter, a month.
GRAMMAR_SUFFIXES = [" a más tardar", " y etapas posteriores",
                    " (continuación durante los trimestres tercero y cuarto)",
                    " a más tardar (continuación durante el cuarto trimestre)",
                    " (continuación durante marzo)"]  # fmt: skip


def grammar_phrases() -> list[str]:
    """Phrases built from every production of the grammar, beyond the ones the plan happens to use."""
    points = GRAMMAR_POINTS
    phrases = list(points)
    phrases += [f"{a} - {b}" for a, b in itertools.product(points[:4], points[:4]) if a < b or a[0].isdigit()]
    phrases += [f"{a}{joint} {b}" for a, b in itertools.combinations(points, 2) for joint in (";", ",", " y")]
    phrases += [p + s for p in points for s in GRAMMAR_SUFFIXES]
    readable = []
    for phrase in phrases:
        try:
            parse_timeline(phrase)
        except TimelineError:
            continue  # a span that runs backwards: not a phrase the plan can hold
        readable.append(phrase)
    return readable


def test_the_grammar_phrases_cover_every_production(catalog: Catalog) -> None:
    """Every point and suffix reaches the rendering tests, and every rendering has a value for each slot:
    a point whose year the phrase leaves implied once read "marzo de None"."""
    phrases = grammar_phrases()
    assert len(phrases) > 80
    for part in (*GRAMMAR_POINTS, *GRAMMAR_SUFFIXES):
        assert any(part in phrase for phrase in phrases), part
    for phrase in phrases:
        for lang in ("es", "en"):
            words = timeline_words(catalog, parse_timeline(phrase), lang)
            assert "None" not in words, (phrase, lang, words)


@pytest.mark.parametrize("source", ["seed", "grammar"])
def test_every_phrase_has_an_english_rendering_with_no_spanish(catalog: Catalog, source: str) -> None:
    phrases = seed_phrases() if source == "seed" else grammar_phrases()
    for phrase in phrases:
        timeline = parse_timeline(phrase)
        english = timeline_words(catalog, timeline, "en")
        assert not SPANISH_WORDS.search(english), (phrase, english)
        assert re.findall(r"\d{4}", english) == re.findall(r"\d{4}", phrase), (phrase, english)
        assert ("at the latest" in english) is timeline.by_deadline, (phrase, english)
        assert ("later stages" in english) is ("etapas posteriores" in phrase), (phrase, english)


@pytest.mark.parametrize("source", ["seed", "grammar"])
def test_the_rendering_keeps_every_date_of_the_phrase(catalog: Catalog, source: str) -> None:
    """Said again in Spanish from its structure, a phrase reads back to the same dates and flags: the
    structure behind the English holds everything the phrase says."""
    phrases = seed_phrases() if source == "seed" else grammar_phrases()
    for phrase in phrases:
        timeline = parse_timeline(phrase)
        again = parse_timeline(timeline_words(catalog, timeline, "es"))
        assert (again.ranges, again.continuation, again.continues_after, again.by_deadline) == (
            timeline.ranges, timeline.continuation, timeline.continues_after, timeline.by_deadline,
        ), phrase  # fmt: skip


@pytest.mark.parametrize(("phrase", "english"), ENGLISH_BY_HAND.items())
def test_english_rendering_by_hand(catalog: Catalog, phrase: str, english: str) -> None:
    assert timeline_words(catalog, parse_timeline(phrase), "en") == english
