"""Answers about time: what is due in a period, what is overdue, deadlines found by words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.answer import Answer, Item, Section
from bot.answers.format import activity_item, source_for
from bot.answers.when import is_past, when
from bot.dates import DateRange
from bot.i18n import Catalog
from bot.knowledge import ActivityInfo, EntityInfo, Knowledge, PriorityInfo
from bot.lexicon import Lexicon

Pair = tuple[PriorityInfo, ActivityInfo]
MAX_SEARCH_HITS = 6


@dataclass(frozen=True)
class Scope:
    """Which activities a time question is about: some priorities, one entity's, or all."""

    priorities: list[PriorityInfo] | None = None
    entity: EntityInfo | None = None

    def includes(self, p: PriorityInfo, a: ActivityInfo) -> bool:
        if self.priorities is not None and p not in self.priorities:
            return False
        return self.entity is None or involves(p, a, self.entity)


ALL = Scope()


def involves(p: PriorityInfo, a: ActivityInfo, entity: EntityInfo) -> bool:
    roles = (*p.leads, *p.participants, *p.observers, *a.leads, *(a.participants or ()))
    return any(r.entity.key == entity.key for r in roles)


def due_between(k: Knowledge, span: DateRange, scope: Scope = ALL) -> list[Pair]:
    pairs = [(p, a) for p, a in k.activities() if a.due and span.contains(a.due) and scope.includes(p, a)]
    return sorted(pairs, key=lambda pair: (pair[1].due or dt.date.max, k.priorities.index(pair[0])))


def overdue_on(k: Knowledge, today: dt.date, scope: Scope = ALL) -> list[Pair]:
    pairs = [(p, a) for p, a in k.activities() if a.due and a.due < today and scope.includes(p, a)]
    return sorted(pairs, key=lambda pair: (pair[1].due or dt.date.min, k.priorities.index(pair[0])))


def _scope_section(c: Catalog, scope: Scope, lang: str) -> list[Section]:
    if scope.entity is None:
        return []
    entity = scope.entity
    return [Section(text=c.t("due.scope_entity", lang, entity=entity.named(lang), count=entity.count))]


def due(
    c: Catalog, k: Knowledge, span: DateRange, kind: str, lang: str, scope: Scope, today: dt.date
) -> Answer:
    """What is due in a period; `kind` says how the period reads (bot.answers.when.KINDS)."""
    pairs = due_between(k, span, scope)
    phrase = when(c, span, kind, lang)
    past = "_past" if is_past(span, today) else ""
    title = c.t(f"due.title{past}", lang, when=phrase)
    sections = _scope_section(c, scope, lang)
    if not pairs:
        sections.append(Section(text=c.t(f"due.none{past}", lang, when=phrase)))
        return Answer(lang, title, tuple(sections), source_for(c, k, lang))
    items = tuple(activity_item(c, p, a, lang, with_priority=True) for p, a in pairs)
    sections.append(Section(text=c.t(f"due.count{past}", lang, count=len(pairs), when=phrase), items=items))
    undated = sum(1 for p, a in k.activities() if not a.due and scope.includes(p, a))
    if undated:
        sections.append(Section(text=c.t("due.undated", lang, count=undated)))
    return Answer(lang, title, tuple(sections), source_for(c, k, lang))


def overdue(c: Catalog, k: Knowledge, today: dt.date, lang: str, scope: Scope) -> Answer:
    pairs = overdue_on(k, today, scope)
    title = c.t("overdue.title", lang, date=c.date(today, lang))
    sections = _scope_section(c, scope, lang)
    if not pairs:
        sections.append(Section(text=c.t("overdue.none", lang)))
        return Answer(lang, title, tuple(sections), source_for(c, k, lang))
    items = []
    for p, a in pairs:
        item = activity_item(c, p, a, lang, with_priority=True)
        if a.continues_after:
            item = Item(item.text, (*item.details, c.t("overdue.continues", lang)))
        items.append(item)
    sections.append(Section(text=c.t("overdue.count", lang, count=len(items)), items=tuple(items)))
    sections.append(Section(text=c.t("overdue.note", lang)))
    return Answer(lang, title, tuple(sections), source_for(c, k, lang))


def search_activities(k: Knowledge, lexicon: Lexicon, stems: list[str]) -> list[tuple[float, Pair]]:
    """Activities ranked by the weight of the question's words they contain."""
    wanted = [s for s in dict.fromkeys(stems) if s in lexicon.postings]
    if not wanted:
        return []
    scores: dict[tuple[str, int], float] = {}
    for s in wanted:
        for doc in lexicon.postings[s]:
            scores[doc] = scores.get(doc, 0.0) + lexicon.idf[s]
    total = sum(lexicon.idf[s] for s in dict.fromkeys(stems) if s in lexicon.idf) or 1.0
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best = ranked[0][1]
    hits: list[tuple[float, Pair]] = []
    for (priority_key, number), score in ranked:
        if score < 0.6 * best or len(hits) >= MAX_SEARCH_HITS:
            break
        priority = k.priority_by_key[priority_key]
        activity = next(a for a in priority.activities if a.number == number)
        hits.append((score / total, (priority, activity)))
    return hits


def found(
    c: Catalog, k: Knowledge, hits: list[tuple[float, Pair]], query: str, lang: str, deadline: bool
) -> Answer:
    key = "search.deadline_title" if deadline else "search.title"
    items = tuple(activity_item(c, p, a, lang, with_priority=True, full=len(hits) == 1) for _, (p, a) in hits)
    return Answer(lang, c.t(key, lang, query=query), (Section(items=items),), source_for(c, k, lang))
