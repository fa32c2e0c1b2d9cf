"""Answers about time: what is due in a period, what is overdue, deadlines found by words.

Once the plan's period is over, these answers say so once, plainly: nothing of the plan falls due any more,
and what is "overdue" becomes what was not reported completed by the end of the plan.
"""

from __future__ import annotations

import datetime as dt

from bot.knowledge.deadlines import Pair, Scope, due_between, past_due, plan_is_over
from bot.knowledge.lexicon import Lexicon
from bot.knowledge.snapshot import Knowledge
from bot.questions.answers.format import activity_item, source_for
from bot.questions.answers.next_steps import period_examples
from bot.questions.answers.when import is_past, plan_end_sentence, when
from bot.render.answer import NOTHING_FOUND, Answer, Item, Section
from bot.render.i18n import Catalog
from bot.time.dates import DateRange

__all__ = ["due", "found", "overdue", "search_activities"]
MAX_SEARCH_HITS = 6


def _scope_section(c: Catalog, scope: Scope, lang: str) -> list[Section]:
    if scope.entity is None:
        return []
    return [Section(text=c.t("due.scope_entity", lang, **scope.entity.subject(lang)))]


def due(
    c: Catalog, k: Knowledge, span: DateRange, kind: str, lang: str, scope: Scope, today: dt.date
) -> Answer:
    """What is due in a period; `kind` says how the period reads (bot.questions.answers.when.when)."""
    pairs = due_between(k, span, scope)
    phrase = when(c, span, kind, lang)
    past = "_past" if is_past(span, today) else ""
    title = c.t(f"due.title{past}", lang, when=phrase)
    sections = _scope_section(c, scope, lang)
    plan = k.plan_period
    if not pairs:
        examples = period_examples(c, k, span, scope, today, lang)
        if plan is not None and span.start > plan.end:
            text = f"{plan_end_sentence(c, plan, today, lang)} {c.t('due.after_plan', lang, when=phrase)}"
            if plan_is_over(k, today):
                examples += (c.t("overdue.example", lang),)
        else:
            text = c.t(f"due.none{past}", lang, when=phrase)
        sections.append(Section(text=text))
        return Answer(
            lang, title, tuple(sections), source_for(c, k, lang), examples=examples, kind=NOTHING_FOUND
        )
    items = tuple(activity_item(c, p, a, lang, with_priority=True, within=span) for p, a in pairs)
    sections.append(Section(text=c.t(f"due.count{past}", lang, count=len(pairs), when=phrase), items=items))
    undated = sum(1 for p, a in k.activities() if not a.due and scope.includes(p, a))
    if undated:
        sections.append(Section(text=c.t("due.undated", lang, count=undated)))
    if plan is not None and span.end > plan.end:
        sections.append(Section(text=plan_end_sentence(c, plan, today, lang)))
    return Answer(lang, title, tuple(sections), source_for(c, k, lang))


def overdue(
    c: Catalog, k: Knowledge, today: dt.date, lang: str, scope: Scope, completed: frozenset[int]
) -> Answer:
    """Past the plan's deadline and not reported completed by a working group (`completed`: activity ids).
    After the plan's end: what reached its deadline without being reported completed."""
    past = past_due(k, today, scope)
    pairs = [(p, a) for p, a in past if a.id not in completed]
    done = len(past) - len(pairs)
    over = plan_is_over(k, today)
    title = (
        c.t("overdue.title_after_plan", lang)
        if over
        else c.t("overdue.title", lang, date=c.date(today, lang))
    )
    sections = _scope_section(c, scope, lang)
    plan = k.plan_period
    ended = f"{plan_end_sentence(c, plan, today, lang)} " if over and plan is not None else ""
    if not pairs:
        key = "overdue.all_completed" if done else "overdue.none"
        sections.append(Section(text=ended + c.t(key, lang, date=c.date(today, lang))))
        examples = period_examples(c, k, DateRange(today, today), scope, today, lang)
        return Answer(
            lang, title, tuple(sections), source_for(c, k, lang), examples=examples, kind=NOTHING_FOUND
        )
    items = []
    before = DateRange(dt.date.min, today - dt.timedelta(days=1))
    for p, a in pairs:
        item = activity_item(c, p, a, lang, with_priority=True, within=before)
        if a.continues_after:
            item = Item(item.text, (*item.details, c.t("overdue.continues", lang)))
        items.append(item)
    count_key = "overdue.count_after_plan" if over else "overdue.count"
    sections.append(Section(text=ended + c.t(count_key, lang, count=len(items)), items=tuple(items)))
    if done:
        sections.append(Section(text=c.t("overdue.completed", lang, count=done)))
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


def undated(c: Catalog, k: Knowledge, lang: str, scope: Scope) -> Answer:
    """The activities the plan gives no timeline, by priority (core priority 4's statements, say)."""
    pairs = [(p, a) for p, a in k.activities() if not a.timeline and scope.includes(p, a)]
    items = tuple(activity_item(c, p, a, lang, with_priority=True) for p, a in pairs)
    title = c.t("undated.title", lang, count=len(pairs))
    sections = (Section(items=items),) if items else (Section(text=c.t("undated.none", lang)),)
    return Answer(lang, title, sections, source_for(c, k, lang))
