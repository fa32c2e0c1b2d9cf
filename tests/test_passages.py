"""config/passages.yaml against the seed documents themselves, read at test time.

The seeds are split here, independently of whatever produced the YAML, into units: every sentence of a
paragraph, every list item (its sentences), every "Cronograma:" / "Entidad encargada:" line and every
heading. Both sides are normalised the same way (PDF markup and footnote markers dropped, case folded,
white space collapsed), then:

- each passage's `es` is found in its seed, in document order, as one or more pieces (the pieces of a
  work-plan activity row, split at ". ") that follow each other with nothing but punctuation between;
- each unit lies inside some passage, or is a heading that is the `section` of the passage after it,
  or is one of the few lines of page furniture named in NOT_PASSAGES;
- each passage's `section` is the heading it sits under.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests import yamlfile
from tests.conftest import CONFIG, SEEDS

PASSAGES = CONFIG / "passages.yaml"
SOURCES = {"tor": SEEDS / "000_3bc15398b6284943.txt", "workplan": SEEDS / "002_3217d75b67be4f47.txt"}
pytestmark = pytest.mark.skipif(
    not all(path.is_file() for path in SOURCES.values()), reason=f"seed documents not found in {SEEDS}"
)

# Lines of the seeds that are not sentences and head no passage: the logos repeated on the pages, and
# the work plan's grouping titles above the priorities' own headings. Compared after clean(), with case.
NOT_PASSAGES = {
    "United Nations Network on Migration",
    "Working Better Together",
    "Red de las Naciones Unidas sobre la migración",
    "Trabajando mejor juntos",
    "PRIORIDADES BÁSICAS",
    "OBJETIVOS TEMÁTICOS",
    "Grupos de trabajo temáticos existentes",
    "Prioridades temáticas nuevas",
}
# A label with nothing after it ("Actividades:", an empty "Participantes:") carries no sentence.
EMPTY_LABEL = re.compile(r"^[\w()]+(?: [\w()]+){0,2}:$")
# A sentence ends at . ! or ? followed by a capital (or an opening quote).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ¿¡“\"])")
LIST_MARKER = re.compile(r"^(?:- )?(?:\d+\.\s+)?")
ID = re.compile(r"^(?P<source>tor|workplan)-(?P<section>[a-z0-9.]+)-(?P<number>\d{2,})$")
LIST_LABEL = re.compile(r"^(Participantes|Entidad(es)? encargadas?|Observadores)\b")
KEYS = {"id", "source", "section", "es", "en"}


def clean(text: str) -> str:
    """The seed's words without PDF markup: [text](#) links, *italics*, **bold**, <sup>n</sup> markers."""
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text)
    text = re.sub(r"<sup>\d+</sup>", "", text).replace("*", "")
    return " ".join(text.split())


def norm(text: str) -> str:
    return clean(text).casefold()


@dataclass(frozen=True)
class Unit:
    text: str  # clean(), with case
    start: int  # where it sits in the normalised seed
    end: int


def raw_units(seed: str) -> list[str]:
    """Headings, paragraphs and list items, in order, with the PDF's page breaks mended (a paragraph
    that starts in lower case or with "(" continues the one before), then split into sentences."""
    blocks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", seed):
        current: list[str] = []
        for line in paragraph.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            starts_item = stripped.startswith(("#", "- ")) or re.match(r"^\d+\.\s", stripped) is not None
            if current and (starts_item or stripped == "-"):
                blocks.append(" ".join(current))
                current = []
            current.append(stripped.lstrip("#").strip() if stripped.startswith("#") else stripped)
        if current:
            text = " ".join(current)
            first = clean(text)[:1]
            if (
                blocks
                and not paragraph.lstrip().startswith(("#", "- "))
                and (first.islower() or first == "(")
            ):
                blocks[-1] += " " + text
            else:
                blocks.append(text)
    units: list[str] = []
    for block in blocks:
        text = clean(block)
        if text in {"", "-"}:
            continue
        marker = LIST_MARKER.match(text)
        head = marker.group(0) if marker else ""
        sentences = SENTENCE_END.split(text[len(head) :])
        sentences[0] = head.removeprefix("- ") + sentences[0]
        units.extend(sentence for sentence in sentences if sentence)
    return units


def seed_units(seed: str) -> list[Unit]:
    normalised = norm(seed)
    units: list[Unit] = []
    position = 0
    for text in raw_units(seed):
        # Closing punctuation is left out on both sides: a passage built from a row adds its own.
        key = norm(text).rstrip(".;:, ")
        start = normalised.find(key, position)
        assert start >= 0, f"the splitter lost its place in the seed at {text!r}"
        position = start + len(key)
        units.append(Unit(text, start, position))
    return units


def pieces_pattern(es: str) -> re.Pattern[str]:
    """The passage's pieces in order, with only punctuation and list dashes allowed between them."""
    pieces = [piece.strip().rstrip(".;:,").strip() for piece in re.split(r"\.\s+", norm(es))]
    return re.compile(r"\W{0,8}".join(re.escape(piece) for piece in pieces if piece))


def problems(passages: list[dict[str, Any]], source: str) -> list[str]:
    """Everything wrong between one seed and its passages; empty when they agree."""
    seed = SOURCES[source].read_text(encoding="utf-8")
    normalised = norm(seed)
    found: list[str] = []
    spans: list[tuple[int, int, dict[str, Any]]] = []
    position = 0
    for passage in (p for p in passages if p["source"] == source):
        match = pieces_pattern(passage["es"]).search(normalised, position)
        if match is None:
            found.append(f"{passage['id']}: its es is not in the seed (after the passage before it)")
            continue
        spans.append((match.start(), match.end(), passage))
        position = match.end()
    headings: list[Unit] = []
    for unit in seed_units(seed):
        inside = any(start <= unit.start and unit.end <= end for start, end, _ in spans)
        if inside or unit.text in NOT_PASSAGES or EMPTY_LABEL.match(unit.text):
            continue
        following = [passage for start, _, passage in spans if start >= unit.end]
        if following and norm(following[0]["section"]["es"]) == norm(unit.text):
            headings.append(unit)
        else:
            found.append(f"not in any passage: {unit.text!r}")
    # A passage's section is the last heading before it, or its predecessor's when no heading comes between.
    for (_, previous_end, previous), (start, _, passage) in pairwise(spans):
        between = [unit for unit in headings if previous_end <= unit.start and unit.end <= start]
        expected = between[-1].text if between else previous["section"]["es"]
        if norm(passage["section"]["es"]) != norm(expected):
            found.append(
                f"{passage['id']}: section {passage['section']['es']!r}, but it sits under {expected!r}"
            )
    return found


@pytest.fixture(scope="module")
def passages() -> list[dict[str, Any]]:
    document = yamlfile.read(PASSAGES)
    assert isinstance(document, dict) and isinstance(document.get("passages"), list)
    return list(document["passages"])


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_every_seed_sentence_is_a_passage_in_order_under_its_heading(
    passages: list[dict[str, Any]], source: str
) -> None:
    assert problems(passages, source) == []


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_a_passage_left_out_is_reported(passages: list[dict[str, Any]], source: str) -> None:
    """The check above can fail: without any one passage, some sentence of the seed is unaccounted for."""
    own = [passage for passage in passages if passage["source"] == source]
    silent = [p["id"] for p in own if not problems([q for q in passages if q is not p], source)]
    assert silent == []


def test_a_sentence_missing_from_the_seed_side_is_reported(passages: list[dict[str, Any]]) -> None:
    """A passage whose words are not the seed's (here one word changed) is reported."""
    altered = [dict(p) for p in passages]
    target = next(p for p in altered if p["id"].startswith("tor-4"))
    target["es"] = target["es"].replace("Red", "Organización", 1)
    assert any(problem.startswith(target["id"]) for problem in problems(altered, "tor"))


def test_entries_are_complete(passages: list[dict[str, Any]]) -> None:
    for passage in passages:
        assert set(passage) == KEYS, passage.get("id")
        assert passage["source"] in SOURCES, passage["id"]
        for text in (passage["es"], passage["en"], passage["section"]["es"], passage["section"]["en"]):
            assert isinstance(text, str) and text.strip(), passage["id"]
            assert text == " ".join(text.split()), f"{passage['id']}: white space not normalised"
        assert "<sup>" not in passage["es"] and "](#)" not in passage["es"], passage["id"]


def test_ids_are_unique_and_name_their_source(passages: list[dict[str, Any]]) -> None:
    ids = Counter(passage["id"] for passage in passages)
    assert [id_ for id_, count in ids.items() if count > 1] == []
    for passage in passages:
        match = ID.match(passage["id"])
        assert match, passage["id"]
        assert match["source"] == passage["source"], passage["id"]


def test_each_source_has_passages(passages: list[dict[str, Any]]) -> None:
    assert {passage["source"] for passage in passages} == set(SOURCES)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_english_is_not_the_spanish_copied(passages: list[dict[str, Any]]) -> None:
    copied = [p["id"] for p in passages if len(words(p["es"])) > 5 and norm(p["en"]) == norm(p["es"])]
    assert copied == []
    # Nor left mostly in Spanish. Names of organisations stay as the seed writes them, so a list of
    # participants keeps its Spanish names and only its label is checked; any other sentence must not
    # read like Spanish (all but one Spanish sentence of the seeds has one of these words in four or more).
    spanish = {"el", "la", "los", "las", "del", "de", "y", "en", "para", "con", "que", "una", "un", "por"}
    spanish |= {"sus", "su", "como", "sobre", "se", "al", "lo"}
    untranslated = []
    for passage in passages:
        en_words = [word.casefold() for word in words(passage["en"])]
        if LIST_LABEL.match(passage["es"]):
            if LIST_LABEL.match(passage["en"]):
                untranslated.append(passage["id"])
        elif len(en_words) > 5 and sum(word in spanish for word in en_words) / len(en_words) > 0.22:
            untranslated.append(passage["id"])
    assert untranslated == []


def acronyms(text: str) -> Counter[str]:
    """All-capital words (OIM, PMM, COVID, G20), leaving out stretches written in capitals throughout."""
    found: Counter[str] = Counter()
    for piece in re.split(r"\.\s+", text):
        tokens = words(piece)
        capitals = [token for token in tokens if len(token) > 1 and token.isupper()]
        if tokens and len(capitals) > len(tokens) / 2:
            continue
        found.update(capitals)
    return found


def test_english_keeps_numbers_and_acronyms(passages: list[dict[str, Any]]) -> None:
    """Dates, objective numbers and acronyms are the facts most easily lost or invented in translation."""
    for passage in passages:
        es, en = passage["es"], passage["en"]
        assert Counter(re.findall(r"\d+", es)) == Counter(re.findall(r"\d+", en)), passage["id"]
        assert acronyms(es) - acronyms(en) == Counter(), passage["id"]


def test_the_file_says_what_it_is() -> None:
    header = Path(PASSAGES).read_text(encoding="utf-8").split("\npassages:")[0]
    assert "tests/test_passages.py" in header
