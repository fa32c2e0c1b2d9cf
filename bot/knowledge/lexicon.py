"""What the question engine recognises, built once per knowledge version.

- every label of every entity and every alias of every priority, as token tuples;
- a vocabulary for correcting typos (a typed word one or two edits from a known word becomes it);
- an inverted index over activity texts for free-text search.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge.snapshot import Knowledge
from bot.text import fold

_NON_ALNUM = re.compile(r"[^a-z0-9]+")

STOPWORDS = frozenset(
    """
    a al algo algun alguna ante con contra cual cuales cuando de del desde donde el ella en entre es
    esta estan este esto ha hay la las le les lo los mas me mi muy no nos o para pero por que quien
    quienes se si sin sobre su sus te tiene tienen un una uno unos y ya son ser fue sera como
    hace hacen dime decir dame quiero saber puedes podrias favor porfa gracias tu usted ustedes yo mis
    the an and are as at be by do does did for from has have how i in is it its of on or our that this
    to was what when where which who whom why will with you your me my please tell show give list can
    could would should there their they them we us about any all also into
    """.split()
)
# Words too general to find an activity by.
GENERIC = frozenset(
    """
    red network redes networks migracion migration migrante migrantes migrants migrant pacto compact
    mundial global naciones unidas united nations onu un prioridad prioridades priority priorities
    actividad actividades activity activities plan trabajo work grupo grupos group groups tematica
    tematico thematic basica core
    """.split()
)


def key_tokens(text: str) -> list[str]:
    """Tokens for matching names: folded, with punctuation and hyphens as spaces ("ONU-Mujeres" -> onu mujeres)."""
    return _NON_ALNUM.sub(" ", fold(text)).split()


def stem(token: str) -> str:
    if len(token) > 6:
        return token[:6]
    if len(token) > 4 and token.endswith("es"):
        return token[:-2]
    if len(token) > 3 and token.endswith("s"):
        return token[:-1]
    return token


@dataclass
class Lexicon:
    version: int
    entity_labels: dict[tuple[str, ...], str] = field(default_factory=dict)
    # Acronyms that are also ordinary words ("who") count only when typed in capitals.
    word_like_acronyms: frozenset[str] = frozenset()
    priority_aliases: dict[tuple[str, ...], str] = field(default_factory=dict)
    # Working groups the plan names only in passing ("acuerdos bilaterales de migración laboral").
    passage_aliases: dict[tuple[str, ...], str] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)
    known_words: frozenset[str] = frozenset()
    postings: dict[str, dict[tuple[str, int], int]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    max_label_tokens: int = 1

    def entity_named(self, text: str) -> str | None:
        """The entity whose name, acronym or alias `text` is ("ACNUR", "unhcr", "ONU Mujeres"), if any."""
        return self.entity_labels.get(tuple(key_tokens(text)))

    def correct(self, token: str) -> str:
        """The known word a typed token most likely meant; the token itself when none is close."""
        if token in self.known_words or len(token) < 5 or token.isdigit():
            return token
        limit = 1 if len(token) < 8 else 2
        best = process.extractOne(token, self.vocabulary, scorer=OSA.distance, score_cutoff=limit)
        return best[0] if best else token


def build_lexicon(knowledge: Knowledge, extra_words: set[str]) -> Lexicon:
    lexicon = Lexicon(knowledge.version)
    words: set[str] = set(extra_words) | set(STOPWORDS) | set(GENERIC)
    for entity in knowledge.entities.values():
        labels = {entity.name_es, entity.name_en, *entity.aliases}
        acronyms = {a for a in (entity.acronym_es, entity.acronym_en) if a}
        for label in labels | acronyms:
            tokens = tuple(key_tokens(label))
            if tokens:
                lexicon.entity_labels.setdefault(tokens, entity.key)
                words.update(tokens)
        lexicon.word_like_acronyms = lexicon.word_like_acronyms | {
            fold(a) for a in acronyms if fold(a) in STOPWORDS or fold(a) in extra_words
        }
    for priority in knowledge.priorities:
        for alias in (*priority.aliases, priority.short_name_es, priority.short_name_en):
            tokens = tuple(key_tokens(alias))
            if tokens:
                lexicon.priority_aliases.setdefault(tokens, priority.key)
                words.update(tokens)
    for passage in knowledge.plan_passages:
        for alias in (*passage.aliases, passage.name_es or "", passage.name_en or ""):
            tokens = tuple(key_tokens(alias))
            if tokens:
                lexicon.passage_aliases.setdefault(tokens, passage.key)
                words.update(tokens)
    documents: dict[tuple[str, int], list[str]] = {}
    for priority, activity in knowledge.activities():
        text = " ".join((activity.text_es, activity.text_en))
        text_tokens = key_tokens(text)
        words.update(t for t in text_tokens if not t.isdigit())
        documents[(priority.key, activity.number)] = [
            stem(t) for t in text_tokens if t not in STOPWORDS and t not in GENERIC and not t.isdigit()
        ]
    for objective in knowledge.objectives.values():
        words.update(key_tokens(objective.es + " " + objective.en))
    postings: dict[str, dict[tuple[str, int], int]] = defaultdict(dict)
    for doc, stems in documents.items():
        for s in stems:
            postings[s][doc] = postings[s].get(doc, 0) + 1
    total = max(len(documents), 1)
    lexicon.postings = dict(postings)
    lexicon.idf = {s: math.log(1 + total / len(docs)) for s, docs in postings.items()}
    lexicon.known_words = frozenset(words)
    lexicon.vocabulary = sorted(w for w in words if len(w) >= 4 and not w.isdigit())
    lexicon.max_label_tokens = max(
        (len(t) for t in (*lexicon.entity_labels, *lexicon.priority_aliases, *lexicon.passage_aliases)),
        default=1,
    )
    return lexicon
