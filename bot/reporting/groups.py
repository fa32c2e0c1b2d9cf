"""Finding a working group by what people type: its key, its name in either language, or a fragment of
it ("detención", "vías regulares", "return"), typos of a letter or two included."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import OSA

from bot.knowledge.lexicon import GENERIC, STOPWORDS, key_tokens
from bot.reporting.schedule import GroupSchedule
from bot.text import fold
from storage.models import WorkingGroup

# Words every group's name has: they name no group in particular.
_GROUP_WORDS = GENERIC | {"working", "grupo", "group", "equipo", "team"}


def schedule_of(group: WorkingGroup) -> GroupSchedule:
    return GroupSchedule.from_row(group.schedule, group.open_for_minutes, group.nudge_minutes)


def specific_words(text: str) -> list[str]:
    """The words of `text` that could tell one group from another ("grupo de trabajo" has none)."""
    return [t for t in key_tokens(text) if t not in STOPWORDS and t not in _GROUP_WORDS]


def match_groups(groups: Sequence[WorkingGroup], text: str) -> list[WorkingGroup]:
    """The groups `text` names; several when it is ambiguous, none when it names none."""
    typed = fold(text).strip()
    exact = [g for g in groups if typed in (g.key, fold(g.name_es), fold(g.name_en))]
    if exact:
        return exact
    words = specific_words(text)
    if not words:
        return []
    return [g for g in groups if all(_names(word, _vocabulary(g)) for word in words)]


def _vocabulary(group: WorkingGroup) -> set[str]:
    return {*key_tokens(group.key), *key_tokens(group.name_es), *key_tokens(group.name_en)}


def _names(word: str, vocabulary: set[str]) -> bool:
    for known in vocabulary:
        if known == word or (len(word) >= 4 and known.startswith(word)):
            return True
        if len(word) >= 5 and OSA.distance(word, known) <= (1 if len(word) < 8 else 2):
            return True
    return False
