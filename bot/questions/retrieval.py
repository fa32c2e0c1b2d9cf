"""The passages of both documents ranked for a question, and when the best one answers instead of the router.

Ranking is BM25 (bm25s) over Snowball stems (PyStemmer), Spanish and English, each passage indexed in both
languages; the question's words are stemmed both ways, plus the names and acronyms of the organisations it
names (the lexicon's aliases), so "IOM" finds "OIM".

The router keeps what it does well (a priority, objective, date or nearby period named, an organisation's
roles, a count). Otherwise the best passage answers instead when the router's reading is weak: when it did
not understand, or when its answer contains less than half of the question's words (weighted by rarity;
the words that chose a topic count for it) while a passage contains nearly all of them, i.e. a single word
such as "reunión" or "establece" drove the router to a card about something else. Such an answer quotes
the passage with its section and source. "Where does it say..." is always answered from the passages.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.knowledge.lexicon import STOPWORDS
from bot.knowledge.passages import Passage, all_passages
from bot.knowledge.snapshot import Knowledge
from bot.questions.understand import Parsed, intent_words
from bot.render.answer import INVALID_DATE, NOT_UNDERSTOOD, Answer, Section
from bot.render.i18n import Catalog
from bot.render.plain import render_text
from bot.text import fold

_WORD = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
# Words every question has and no passage decides on.
QUESTION_ONLY = frozenset(
    """que quien quienes cual cuales cuando donde como cuanto cuanta cuantos cuantas dice dicen sobre segun
    what who whom which when where how does do say says about according tell me la the up
    menciona mencionan mention mentions habla hablan talk talks explica explain significa significan
    mean means stand stands siglas acronym seccion section parte part apartado capitulo donde where find
    documento documentos document documents terminos referencia terms reference
    puede pueden can could may might would should es son is are
    red network naciones unidas united nations onu migracion migration""".split()
)  # fmt: skip
MIN_WORDS = 2  # a question of fewer content words is the router's
# The share of the question's words the passage must contain: all of two or three, three of four...
MIN_COVERAGE = 0.75
# The router's answer keeps the question when it contains at least this share of the question's words.
ROUTER_HOLDS = 0.5
# A document named in the question narrows "where" to it.
DOCUMENTS = {
    "tor": re.compile(r"terminos de referencia|terms of reference|\btor\b"),
    "workplan": re.compile(r"plan de trabajo|work ?plan|\bel plan\b|\bthe plan\b"),
}
WHERE_COVERAGE = 0.5  # "where does it say X": the passage must contain half of X
SAID = 1500  # characters of the router's answer that say what it is about (its title and first lines)
POOL = 10  # the best passages by BM25, reordered by how much of the question each contains
SHOWN = 2  # passages quoted at most
KEEP = frozenset({"help", "silence", "status", INVALID_DATE})  # answers the passages never replace


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    coverage: float  # share of the question's content words it contains


def content_words(text: str) -> list[str]:
    """The question's words that a passage may contain: not its stopwords nor its question words."""
    return [
        w for w in _WORD.findall(fold(text)) if len(w) > 1 and w not in STOPWORDS and w not in QUESTION_ONLY
    ]


class PassageIndex:
    """Built once per knowledge version (bm25s and the stemmers load on first use: start-up stays short)."""

    def __init__(self, passages: list[Passage]) -> None:
        import bm25s
        import Stemmer

        self._stemmers = {"es": Stemmer.Stemmer("spanish"), "en": Stemmer.Stemmer("english")}
        self.passages = passages
        corpus = [
            self.terms(f"{p.section_es} {p.es}", "es") + self.terms(f"{p.section_en} {p.en}", "en")
            for p in passages
        ]
        self._sets = [set(doc) for doc in corpus]
        counts: dict[str, int] = {}
        for terms in self._sets:
            for term in terms:
                counts[term] = counts.get(term, 0) + 1
        # Rare words weigh more: "México" is in half the passages, "fiduciario" in one.
        self._idf = {term: math.log(1 + len(corpus) / n) for term, n in counts.items()}
        self._unseen = math.log(1 + len(corpus))
        self._bm25: Any = bm25s.BM25()
        self._bm25.index(corpus, show_progress=False)

    @classmethod
    def of(cls, k: Knowledge) -> PassageIndex:
        return cls(all_passages(k))

    def terms(self, text: str, lang: str) -> list[str]:
        words = [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS]
        return list(self._stemmers[lang].stemWords(words))

    def question_words(self, text: str) -> list[frozenset[str]]:
        """Each content word of the question as its stems in either language."""
        words = content_words(text)
        es, en = self._stemmers["es"].stemWords(words), self._stemmers["en"].stemWords(words)
        return list(dict.fromkeys(frozenset({a, b}) for a, b in zip(es, en, strict=True)))

    def search(self, text: str, also: tuple[str, ...] = (), k: int = SHOWN) -> list[Hit]:
        """The k best passages: the POOL best by BM25, those containing more of the question first."""
        words = self.question_words(text)
        if not words:
            return []
        query = sorted({s for w in words for s in w} | {s for name in also for s in self._both(name)})
        scores = self._bm25.get_scores(query)
        pool = sorted(range(len(scores)), key=lambda i: -float(scores[i]))[:POOL]
        hits = [Hit(self.passages[i], float(scores[i]), self._coverage(words, self._sets[i]))
                for i in pool if scores[i] > 0]  # fmt: skip
        return sorted(hits, key=lambda h: (-h.coverage, -h.score))[:k]

    def coverage(self, words: list[frozenset[str]], text: str) -> float:
        """The share of the question's words (question_words) a text contains, in either language."""
        return self._coverage(words, set(self.terms(text, "es")) | set(self.terms(text, "en")))

    def _both(self, text: str) -> set[str]:
        return set(self.terms(text, "es")) | set(self.terms(text, "en"))

    def _coverage(self, words: list[frozenset[str]], terms: set[str]) -> float:
        """The share of the question's words the terms contain, each word weighted by its rarity."""
        weights = [min((self._idf.get(s, self._unseen) for s in w), default=self._unseen) for w in words]
        total = sum(weights)
        found = sum(wt for w, wt in zip(words, weights, strict=True) if _contains(w, terms))
        return found / total if total else 0.0


def _contains(word: frozenset[str], terms: set[str]) -> bool:
    """The word's stem is among the terms, or one of four letters or more begins the other ("alinea" and
    "alinearán" stem apart: "aline", "alin")."""
    if word & terms:
        return True
    stems = [s for s in word if len(s) >= 4]
    return any(t.startswith(s) or s.startswith(t) for s in stems for t in terms if len(t) >= 4)


def prefer(
    c: Catalog, k: Knowledge, passages: Callable[[], PassageIndex], q: Parsed, answer: Answer
) -> Answer:
    """The router's answer, or the best passages when they answer the question clearly better. `passages`
    gives the index, built on first use: a question the router reads well never pays for it."""
    if q.has("where") and answer.kind not in KEEP:
        return _located(c, k, passages(), q) or answer
    if answer.kind in KEEP or (answer.kind != NOT_UNDERSTOOD and _structured(q, k)):
        return answer
    if len(content_words(q.original)) < MIN_WORDS:
        return answer
    index = passages()
    words = index.question_words(q.original)
    if len(words) < MIN_WORDS:
        return answer
    if answer.kind != NOT_UNDERSTOOD:  # checked first: most answers hold, and ranking costs more
        # What the answer is about shows in its first lines; a free-text search's title only echoes the
        # question, so its best hit stands for it.
        said = _best_hit(answer) if "search" in answer.basis else render_text(answer, c)[:SAID]
        chosen_by = " ".join(w for intent in answer.basis for w in intent_words(q, intent))  # "set up"
        if index.coverage(words, f"{said} {chosen_by}") >= ROUTER_HOLDS:
            return answer
    names = tuple(alias for key in q.entities if key in k.entities for alias in _names(k, key))
    hits = index.search(q.original, names)
    enough = MIN_COVERAGE if len(words) >= 4 else 1.0
    if not hits or hits[0].coverage < enough:
        return answer
    return quoted(c, q.lang, [h for h in hits if h.coverage >= enough])


def _located(c: Catalog, k: Knowledge, index: PassageIndex, q: Parsed) -> Answer | None:
    """ "Where does it say...": the passages that say it, each under its section, the first named up front."""
    names = tuple(alias for key in q.entities if key in k.entities for alias in _names(k, key))
    named = [source for source, pattern in DOCUMENTS.items() if pattern.search(q.text)]
    hits = [h for h in index.search(q.original, names, k=POOL)
            if h.coverage >= WHERE_COVERAGE and (not named or h.passage.source in named)][:SHOWN]  # fmt: skip
    if not hits:
        return None
    first = hits[0].passage
    answer = quoted(c, q.lang, hits)
    document = c.t(f"retrieval.source.{first.source}", q.lang)
    title = c.t("retrieval.where", q.lang, section=first.section(q.lang), document=document)
    return Answer(q.lang, title, answer.sections, answer.source, kind="passage")


def _best_hit(answer: Answer) -> str:
    first = next((s for s in answer.sections if s.items), None)
    return first.items[0].text if first is not None else ""


def _structured(q: Parsed, k: Knowledge) -> bool:
    """A reading the router does well: a priority, objective, area, period or date named, or what an
    organisation leads or takes part in. A bare organisation name is not: its card is what "any acronym
    in the question" hijacks."""
    named = q.priorities or q.objectives or q.areas or q.day or q.activity_number is not None
    plan = k.plan_period
    near = q.period is not None and (  # a period near the plan's, not "Agenda 2030"
        plan is None or plan.start.year - 1 <= q.period.range.start.year <= plan.end.year + 1
    )
    return bool(named) or near or bool(q.entities and q.has("lead", "participate", "observe"))


def _names(k: Knowledge, key: str) -> tuple[str, ...]:
    entity = k.entities[key]
    return tuple(n for n in (entity.acronym_es, entity.acronym_en, entity.name_es, entity.name_en) if n)


def quoted(c: Catalog, lang: str, hits: list[Hit]) -> Answer:
    """The passages as they are written, each under its section, with the document it comes from."""
    sections = []
    for hit in hits:
        p = hit.passage
        sections.append(Section(heading=p.section(lang), text=f"«{p.text(lang)}»"))
        if lang == "en":
            sections.append(Section(text=c.t("retrieval.original", lang, text=p.es)))
    first = hits[0].passage
    title = c.t(f"retrieval.title.{first.source}", lang, section=first.section(lang))
    return Answer(lang, title, tuple(sections), c.t(f"retrieval.source.{first.source}", lang), kind="passage")
