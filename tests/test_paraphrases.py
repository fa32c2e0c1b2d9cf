"""The paraphrase set (tests/paraphrases.yaml): questions as people write them, in both languages, across
the families of issue 10, each with what a right answer contains and what it must not.

Two bars: no answer ever states what `none` forbids (an invented or wrong fact), and the share of right
answers stays at or above FLOOR overall. The failures are printed, family by family, so a change that
helps one family and hurts another shows up.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests import yamlfile

QUESTIONS: list[dict[str, Any]] = yamlfile.read(Path(__file__).with_name("paraphrases.yaml"))
FLOOR = 0.90  # issue 10: at least 90% right on questions of these families
FAMILIES = {"tor", "who", "what", "when", "past", "count", "list", "where", "yesno", "half", "gcm", "undated",
            "none", "silence", "two", "robust", "meeting"}  # fmt: skip


def fold(text: object) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", str(text)).lower() if not unicodedata.combining(c)
    )


def verdict(item: dict[str, Any], answer: str) -> tuple[list[list[str]], list[str]]:
    """(what is missing, what is there that must not be), as ../shared/tools/qa-check judges."""
    text = fold(answer)
    missing = [alts for alts in item.get("all", []) if not any(fold(a) in text for a in alts)]
    present = [bad for bad in item.get("none", []) if fold(bad) in text]
    return missing, present


def test_the_set_is_large_bilingual_and_labelled() -> None:
    assert len(QUESTIONS) >= 150
    assert {item["family"] for item in QUESTIONS} <= FAMILIES
    english = sum(1 for item in QUESTIONS if item.get("lang") == "en")
    assert 0.25 <= english / len(QUESTIONS) <= 0.6
    assert len({item["q"] for item in QUESTIONS}) == len(QUESTIONS)
    assert all(item.get("all") for item in QUESTIONS)


def test_paraphrases_are_answered_right_and_nothing_is_invented(ask: Callable[..., str]) -> None:
    wrong: dict[str, list[str]] = {}
    invented = []
    for item in QUESTIONS:
        answer = ask(item["q"], item.get("lang"), item.get("today"))
        missing, present = verdict(item, answer)
        if present:
            invented.append(f"{item['q']!r}: says {present}")
        if missing or present:
            wrong.setdefault(item["family"], []).append(f"{item['q']!r}: missing {missing}")
    failed = sum(len(v) for v in wrong.values())
    report = "\n".join(f"[{family}] {line}" for family, lines in sorted(wrong.items()) for line in lines)
    print(f"{len(QUESTIONS) - failed} of {len(QUESTIONS)} right\n{report}")
    assert not invented, "\n".join(invented)
    assert (len(QUESTIONS) - failed) / len(QUESTIONS) >= FLOOR, report


def test_the_judge_can_fail() -> None:
    item = {"q": "x", "all": [["oim", "iom"]], "none": ["@"]}
    assert verdict(item, "La OIM coordina.") == ([], [])
    assert verdict(item, "El PNUD coordina.") == ([["oim", "iom"]], [])
    assert verdict(item, "Escribe a red@example.org (OIM)") == ([], ["@"])
    assert Counter(i["family"] for i in QUESTIONS)["silence"] >= 5
