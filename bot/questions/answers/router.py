"""From a parsed question to an answer: which kind of answer fits what the question names and asks.

Order matters: the most specific reading wins (a named date beats a named priority; a named priority
beats a named agency; the terms of reference come before free-text search).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from bot.knowledge.deadlines import Pair, Scope
from bot.knowledge.lexicon import Lexicon, key_tokens, stem
from bot.knowledge.snapshot import Knowledge, PriorityInfo
from bot.questions import silence
from bot.questions.answers import agenda, counts, entities, meetings, network, plan_text, priorities
from bot.questions.understand import Parsed
from bot.render.answer import INVALID_DATE, NOT_UNDERSTOOD, Answer, Item, Section
from bot.render.i18n import Catalog
from bot.time.dates import DateRange

MIN_SEARCH_COVERAGE = 0.5
TOR_TOPICS = (
    "membership", "participation_level", "network_objectives", "principles", "committee", "secretariat",
    "established", "context",
)  # fmt: skip


def respond(
    q: Parsed, k: Knowledge, lexicon: Lexicon, c: Catalog, completed: Callable[[], frozenset[int]],
    calendar: meetings.Calendar,
) -> Answer:  # fmt: skip
    """The answer to a parsed question. `completed` gives the ids of activities the working groups reported
    completed; it is called only for overdue questions, the only ones that read the reports. `calendar`
    is the meetings calendar in the database."""
    gap = silence.gap_of(q)
    answer = _respond(q, k, lexicon, c, completed, calendar)
    return silence.with_silence(c, k, q, gap, answer) if gap else answer


def _respond(
    q: Parsed, k: Knowledge, lexicon: Lexicon, c: Catalog, completed: Callable[[], frozenset[int]],
    calendar: meetings.Calendar,
) -> Answer:  # fmt: skip
    if q.period is not None and q.period.kind == "span" and q.has("context"):
        q = replace(q, period=None)  # "Marco de Cooperación 2020-2025" names a framework, not a deadline
    lang = q.lang
    ps = [k.priority_by_key[key] for key in q.priorities if key in k.priority_by_key]
    es = [k.entities[key] for key in q.entities if key in k.entities]
    if q.day is not None and q.day.date is None:
        return invalid_date(c, q.day.text, lang)
    if not q.text.strip() or (q.has("help") and not (ps or es or q.objectives or q.areas or q.period)):
        return help_answer(c, lang)
    if q.has("count") and not (q.period or q.day or q.has("overdue", "due", "meeting")):
        counted = counts.count_answer(c, k, q)
        if counted is not None:
            return counted
    asks_more = q.has("overdue", "due", "deadline", "lead", "participate", "observe") or q.period or q.day
    if (
        es
        and q.has("acronym")
        and not asks_more
        and not q.objectives
        and set(q.priorities) <= set(q.alias_priorities)
    ):
        return entities.overview(c, k, es[0], lang)
    named = {p.key: p for p in k.plan_passages}
    if q.passages and q.passages[0] in named and set(q.priorities) <= set(q.alias_priorities):
        # A group the plan names only in passing: what the plan says of it, not another group's card.
        return plan_text.mentioned_group(c, k, named[q.passages[0]], lang)
    scope = Scope(ps or None, es[0] if es and not ps else None)
    if q.has("undated"):
        return agenda.undated(c, k, lang, scope)
    if q.has("overdue"):
        return agenda.overdue(c, k, q.today, lang, scope, completed())
    if (
        q.day is not None
        and q.day.date is not None
        and (q.has("due", "deadline", "before") or not (ps or es))
    ):
        day = q.day.date
        if q.has("before"):
            return agenda.due(c, k, DateRange(dt.date.min, day), "until", lang, scope, q.today)
        return agenda.due(c, k, DateRange(day, day), "day", lang, scope, q.today)
    if q.period is not None and (
        q.has("due", "deadline", "activities") or not (ps or es or q.has("meeting"))
    ):
        return agenda.due(c, k, q.period.range, q.period.kind, lang, scope, q.today)
    if q.has("meeting"):
        quarterly = "trimestral" in q.text or "quarterly" in q.text
        if ps and q.activity_number is None and not q.has("lead", "participate", "observe", "objectives"):
            return meetings.group_meeting(c, k, calendar, ps, q.today, lang)
        if not ps and (q.has("next") or not q.has("frequency")):
            answer = meetings.next_meeting(c, k, calendar, q.today, lang, quarterly, q.has("committee"))
            return replace(answer, basis=("meeting", "next"))
        if not ps:
            return replace(
                meetings.meeting_rule(c, k, calendar, q.today, lang), basis=("meeting", "frequency")
            )
    if ps:
        return _about_priorities(q, k, lexicon, c, ps)
    if q.objectives:
        return network.gcm_objectives(c, k, q.objectives, lang)
    if q.areas:
        return network.thematic_area(c, k, q.areas[0], lang)
    if es:
        entity = es[0]
        if q.has("lead"):
            return entities.leads(c, k, entity, lang)
        if q.has("participate", "observe"):
            return entities.participation(c, k, entity, lang)
        return entities.overview(c, k, entity, lang)
    if q.has("working_groups"):
        return network.working_groups(c, k, lang)
    for name in TOR_TOPICS:
        if q.has(name):
            return replace(network.topic(c, k, name, lang), basis=(name,))
    if q.has("area"):
        return network.all_areas(c, k, lang)
    if q.has("cross_cutting"):
        return network.cross_cutting(c, k, lang)
    if q.has("objectives") and not q.search_stems:
        return network.topic(c, k, "network_objectives", lang)
    hits = agenda.search_activities(k, lexicon, q.search_stems)
    if hits and hits[0][0] >= MIN_SEARCH_COVERAGE:
        query = " ".join(_query_words(q))
        return replace(
            agenda.found(c, k, hits, query, lang, deadline=q.has("deadline", "due")), basis=("search",)
        )
    if q.has("priorities", "activities"):
        return priorities.listing(c, k, lang)
    if q.has("plan"):
        return network.plan_info(c, k, lang)
    if q.has("network"):
        return network.overview(c, k, lang)
    return not_understood(c, q.original, lang)


def _activities_named_by_alias(
    q: Parsed, k: Knowledge, lexicon: Lexicon, ps: list[PriorityInfo]
) -> list[tuple[float, Pair]]:
    """For "¿plazo de la estrategia de comunicaciones?": the activities the alias words point to."""
    if not q.alias_priorities or len(ps) != 1:
        return []
    hits = agenda.search_activities(k, lexicon, q.alias_stems + q.search_stems)
    return [hit for hit in hits if hit[1][0] is ps[0]]


def _about_priorities(
    q: Parsed, k: Knowledge, lexicon: Lexicon, c: Catalog, ps: list[PriorityInfo]
) -> Answer:
    lang = q.lang
    if q.activity_number is not None and len(ps) == 1:
        return priorities.activity_detail(c, k, ps[0], q.activity_number, lang)
    if q.has("lead"):
        return priorities.leads(c, k, ps, lang)
    if q.has("observe") and not q.has("participate"):
        return priorities.observers(c, k, ps, lang)
    if q.has("participate", "observe"):
        return priorities.participants(c, k, ps, lang)
    if q.has("objectives"):
        return priorities.objectives(c, k, ps, lang)
    if q.has("deadline", "due"):
        hits = _activities_named_by_alias(q, k, lexicon, ps)
        if hits:
            query = " ".join(_query_words(q, q.alias_stems))
            return agenda.found(c, k, hits, query, lang, deadline=True)
        return priorities.timelines(c, k, ps, lang)
    return priorities.overview(c, k, ps, lang)


def _query_words(q: Parsed, extra_stems: list[str] | None = None) -> list[str]:
    """The words of the question that the search used, as the person typed them."""
    stems = set(q.search_stems) | set(extra_stems or [])
    return [t for t in key_tokens(q.original) if stem(t) in stems] or q.search_stems


def help_answer(c: Catalog, lang: str) -> Answer:
    sections = (
        Section(text=c.t("help.intro", lang)),
        Section(heading=c.t("help.topics_heading", lang), items=tuple(_items(c.items("help.topics", lang)))),
        commands_section(c, lang),
    )
    return Answer(lang, c.t("help.title", lang), sections, examples=tuple(c.items("help.examples", lang)),
                  kind="help")  # fmt: skip


def commands_section(c: Catalog, lang: str) -> Section:
    """The commands (/red, a direct message or a mention), one section shared by the help answer and the
    App Home."""
    return Section(
        heading=c.t("help.commands_heading", lang), items=tuple(_items(c.items("help.commands", lang)))
    )


def not_understood(c: Catalog, question: str, lang: str) -> Answer:
    text = c.t("not_understood.text", lang)
    return Answer(lang, c.t("not_understood.title", lang), (Section(text=text),),
                  examples=tuple(c.items("help.examples", lang)), understood=False, kind=NOT_UNDERSTOOD)  # fmt: skip


def invalid_date(c: Catalog, typed: str, lang: str) -> Answer:
    return Answer(lang, c.t("invalid_date.title", lang), (Section(text=c.t("invalid_date.text", lang, date=typed)),),
                  examples=tuple(c.items("invalid_date.examples", lang)), understood=False, kind=INVALID_DATE)  # fmt: skip


def _items(texts: list[str]) -> list[Item]:
    return [Item(t) for t in texts]
