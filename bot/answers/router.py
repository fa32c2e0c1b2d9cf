"""From a parsed question to an answer: which kind of answer fits what the question names and asks.

Order matters: the most specific reading wins (a named date beats a named priority; a named priority
beats a named agency; the terms of reference come before free-text search).
"""

from __future__ import annotations

from bot.answer import Answer, Section
from bot.answers import agenda, entities, network, priorities
from bot.dates import DateRange
from bot.i18n import Catalog
from bot.knowledge import Knowledge
from bot.lexicon import Lexicon
from bot.understand import Parsed

MIN_SEARCH_COVERAGE = 0.5
TOR_TOPICS = (
    "membership", "participation_level", "network_objectives", "principles", "committee", "secretariat",
    "established", "context",
)  # fmt: skip


def respond(q: Parsed, k: Knowledge, lexicon: Lexicon, c: Catalog) -> Answer:
    lang = q.lang
    ps = [k.priority_by_key[key] for key in q.priorities if key in k.priority_by_key]
    es = [k.entities[key] for key in q.entities if key in k.entities]
    if q.day is not None and q.day.date is None:
        return invalid_date(c, q.day.text, lang)
    if not q.text.strip() or (q.has("help") and not (ps or es or q.objectives or q.areas or q.period)):
        return help_answer(c, lang)
    within = ps or None
    if q.has("overdue"):
        return agenda.overdue(c, k, q.today, lang, within)
    if (
        q.day is not None
        and q.day.date is not None
        and (q.has("due", "deadline", "before") or not (ps or es))
    ):
        day = q.day.date
        span = DateRange(min(a.due for _, a in k.activities() if a.due) if q.has("before") else day, day)
        label = agenda.period_label(c, None, span, lang)
        return agenda.due(c, k, span, label, lang, within)
    if q.period is not None and (
        q.has("due", "deadline", "activities") or not (ps or es or q.has("meeting"))
    ):
        label = agenda.period_label(c, q.period, q.period.range, lang)
        return agenda.due(c, k, q.period.range, label, lang, within)
    if q.has("meeting") and not ps:
        if q.has("next") or not q.has("frequency"):
            return network.next_meeting(c, k, q.today, lang, quarterly_only="trimestral" in q.text
                                        or "quarterly" in q.text)  # fmt: skip
        return network.meeting_rule(c, k, q.today, lang)
    if ps:
        return _about_priorities(q, k, c, ps)
    if q.objectives:
        return network.gcm_objective(c, k, q.objectives[0], lang)
    if q.areas:
        return network.thematic_area(c, k, q.areas[0], lang)
    if es:
        entity = es[0]
        if q.has("lead"):
            return entities.leads(c, k, entity, lang)
        if q.has("participate", "observe"):
            return entities.participation(c, k, entity, lang)
        return entities.overview(c, k, entity, lang)
    for name in TOR_TOPICS:
        if q.has(name):
            return network.topic(c, k, name, lang)
    if q.has("working_groups"):
        if q.has("participate", "lead", "priorities") or "cuales" in q.text or "which" in q.text:
            return priorities.listing(c, k, lang, kind="working_group")
        return network.topic(c, k, "working_groups", lang)
    if q.has("area"):
        return network.all_areas(c, k, lang)
    if q.has("cross_cutting"):
        return network.cross_cutting(c, k, lang)
    if q.has("objectives") and not q.search_stems:
        return network.topic(c, k, "network_objectives", lang)
    hits = agenda.search_activities(k, lexicon, q.search_stems)
    if hits and hits[0][0] >= MIN_SEARCH_COVERAGE:
        query = " ".join(_query_words(q))
        return agenda.found(c, k, hits, query, lang, deadline=q.has("deadline", "due"))
    if q.has("priorities", "activities"):
        return priorities.listing(c, k, lang)
    if q.has("plan"):
        return network.plan_info(c, k, lang)
    return not_understood(c, q.original, lang)


def _about_priorities(q: Parsed, k: Knowledge, c: Catalog, ps: list) -> Answer:  # type: ignore[type-arg]
    lang = q.lang
    if q.has("lead"):
        return priorities.leads(c, k, ps, lang)
    if q.has("participate", "observe"):
        return priorities.participants(c, k, ps, lang)
    if q.has("objectives"):
        return priorities.objectives(c, k, ps, lang)
    if q.has("deadline", "due"):
        return priorities.timelines(c, k, ps, lang)
    return priorities.overview(c, k, ps, lang)


def _query_words(q: Parsed) -> list[str]:
    stems = set(q.search_stems)
    from bot.lexicon import key_tokens, stem

    return [t for t in key_tokens(q.original) if stem(t) in stems] or q.search_stems


def help_answer(c: Catalog, lang: str) -> Answer:
    sections = (
        Section(text=c.t("help.intro", lang)),
        Section(heading=c.t("help.topics_heading", lang), items=tuple(_items(c.items("help.topics", lang)))),
    )
    return Answer(lang, c.t("help.title", lang), sections, examples=tuple(c.items("help.examples", lang)),
                  kind="help")  # fmt: skip


def not_understood(c: Catalog, question: str, lang: str) -> Answer:
    text = c.t("not_understood.text", lang)
    return Answer(lang, c.t("not_understood.title", lang), (Section(text=text),),
                  examples=tuple(c.items("help.examples", lang)), understood=False, kind="not_understood")  # fmt: skip


def invalid_date(c: Catalog, typed: str, lang: str) -> Answer:
    return Answer(lang, c.t("invalid_date.title", lang), (Section(text=c.t("invalid_date.text", lang, date=typed)),),
                  examples=tuple(c.items("invalid_date.examples", lang)), understood=False, kind="invalid_date")  # fmt: skip


def _items(texts: list[str]) -> list:  # type: ignore[type-arg]
    from bot.answer import Item

    return [Item(t) for t in texts]
