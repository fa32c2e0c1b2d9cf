"""An immutable, indexed snapshot of what the database knows, for answering in microseconds.

Built once from the database and rebuilt when a load bumps the content version.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy.orm import Session

from bot.knowledge.plan_text import PassageInfo
from bot.text import fold
from bot.time.dates import DateRange
from bot.time.timeline import Timeline, parse_timeline
from storage import queries


@dataclass(frozen=True)
class EntityInfo:
    key: str
    kind: str
    acronym_es: str | None
    acronym_en: str | None
    name_es: str
    name_en: str
    aliases: tuple[str, ...]
    article_es: str = ""
    article_en: str = ""

    def acronym(self, lang: str) -> str | None:
        return self.acronym_en if lang == "en" else self.acronym_es

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_es

    def short(self, lang: str) -> str:
        return self.acronym(lang) or self.name(lang)

    def named(self, lang: str) -> str:
        """The short name as it reads inside a sentence: "la OMS", "el ACNUR", "ONU-Mujeres", "the RCO"."""
        article = self.article_en if lang == "en" else self.article_es
        return f"{article} {self.short(lang)}" if article else self.short(lang)

    @property
    def count(self) -> int:
        """Its grammatical number, for verbs that agree with it: "Qué lideran los ODS" (2) or "lidera" (1)."""
        return 2 if self.article_es in ("los", "las") else 1

    def subject(self, lang: str) -> dict[str, object]:
        """The values of a catalog sentence about it: `{entity}` as named in a sentence, and the `count` its
        verb agrees with (`c.t(key, lang, **entity.subject(lang))`)."""
        return {"entity": self.named(lang), "count": self.count}

    def full(self, lang: str) -> str:
        acronym = self.acronym(lang)
        return f"{self.name(lang)} ({acronym})" if acronym and acronym != self.name(lang) else self.name(lang)


@dataclass(frozen=True)
class RoleInfo:
    entity: EntityInfo
    role: str
    note_es: str | None = None
    note_en: str | None = None
    represents: EntityInfo | None = None  # a representative's: whom it speaks for there

    def label(self, lang: str) -> str:
        note = self.note_en if lang == "en" else self.note_es
        return f"{self.entity.short(lang)} ({note})" if note else self.entity.short(lang)


@dataclass(frozen=True)
class ActivityInfo:
    priority_key: str
    number: int
    text_es: str
    text_en: str
    timeline: tuple[str, ...]
    periods: tuple[DateRange, ...]
    due: dt.date | None
    continues_after: bool
    leads: tuple[RoleInfo, ...]
    participants: tuple[RoleInfo, ...] | None
    participants_note_es: str | None
    participants_note_en: str | None
    # The timeline phrases as the grammar read them, so an answer can say them in English.
    timelines: tuple[Timeline, ...]
    id: int  # the database row: status reports refer to it

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" else self.text_es

    @cached_property
    def deadlines(self) -> tuple[dt.date, ...]:
        """Each window's own deadline, in order: "primer trimestre de 2021 y segundo trimestre de 2022" is due
        on March 31, 2021 and again on June 30, 2022, not only on the last date (`due`)."""
        return tuple(sorted({r.end for r in self.periods}))

    def deadlines_in(self, span: DateRange) -> tuple[dt.date, ...]:
        return tuple(d for d in self.deadlines if span.contains(d))

    def deadline_for(self, span: DateRange | None, latest: bool = False) -> dt.date | None:
        """The window's deadline a list about `span` shows: the first in it (what falls due), or the latest
        (what is overdue); the final due date when no span is given or none falls in it."""
        found = self.deadlines_in(span) if span is not None else ()
        return (found[-1] if latest else found[0]) if found else self.due

    def participants_note(self, lang: str) -> str | None:
        return self.participants_note_en if lang == "en" else self.participants_note_es


@dataclass(frozen=True)
class PriorityInfo:
    key: str
    kind: str
    number: str | None
    title_es: str
    title_en: str
    short_name_es: str
    short_name_en: str
    aliases: tuple[str, ...]
    leads: tuple[RoleInfo, ...]
    participants: tuple[RoleInfo, ...]
    participants_label_es: str | None
    participants_label_en: str | None
    observers: tuple[RoleInfo, ...]
    # Those who represent a participant ("Comité de Acción de la Sociedad Civil, representado por ...").
    representatives: tuple[RoleInfo, ...]
    gcm_scope: str
    gcm_numbers: tuple[int, ...]
    thematic_area: int | None
    activities: tuple[ActivityInfo, ...]
    plan_key: str

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_es

    def short_name(self, lang: str) -> str:
        return self.short_name_en if lang == "en" else self.short_name_es

    def participants_label(self, lang: str) -> str | None:
        return self.participants_label_en if lang == "en" else self.participants_label_es

    def all_leads(self) -> Iterator[RoleInfo]:
        yield from self.leads
        for activity in self.activities:
            yield from activity.leads

    def all_participants(self) -> Iterator[RoleInfo]:
        yield from self.participants
        for activity in self.activities:
            yield from activity.participants or ()


@dataclass(frozen=True)
class Bilingual:
    es: str
    en: str
    name_es: str | None = None
    name_en: str | None = None

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.es

    def name(self, lang: str) -> str | None:
        return self.name_en if lang == "en" else self.name_es


@dataclass(frozen=True)
class PlanInfo:
    key: str
    title_es: str
    title_en: str
    date: dt.date
    source: str
    cross_cutting: Bilingual


@dataclass
class Knowledge:
    version: int
    plans: list[PlanInfo]
    priorities: list[PriorityInfo]
    entities: dict[str, EntityInfo]
    objectives: dict[int, Bilingual]
    objective_keywords: dict[int, tuple[str, ...]]
    areas: dict[int, Bilingual]
    texts: dict[str, list[Bilingual]]
    settings: dict[str, dict[str, Any]]
    # The current plans' text outside their priorities, in order (bot/knowledge/plan_text.py).
    plan_passages: list[PassageInfo] = field(default_factory=list)
    priority_by_key: dict[str, PriorityInfo] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.priority_by_key = {p.key: p for p in self.priorities}

    def activities(self) -> Iterator[tuple[PriorityInfo, ActivityInfo]]:
        for priority in self.priorities:
            for activity in priority.activities:
                yield priority, activity

    def text(self, section: str) -> Bilingual | None:
        items = self.texts.get(section)
        return items[0] if items else None

    @property
    def plan(self) -> PlanInfo | None:
        return self.plans[-1] if self.plans else None

    @cached_property
    def plan_period(self) -> DateRange | None:
        """The current plan's period, from its first dated day to its last deadline: derived from its
        activities' timelines (2021-01-01 to 2022-12-31 for the 2021-2022 plan), never written down twice."""
        plan = self.plan
        if plan is None:
            return None
        ranges = [r for p, a in self.activities() if p.plan_key == plan.key for r in a.periods]
        if not ranges:
            return None
        return DateRange(min(r.start for r in ranges), max(r.end for r in ranges))


def build_knowledge(session: Session) -> Knowledge:
    version = queries.content_version(session)
    entities = {
        e.key: EntityInfo(
            e.key,
            e.kind,
            e.acronym_es,
            e.acronym_en,
            e.name_es,
            e.name_en,
            tuple(e.aliases),
            e.article_es,
            e.article_en,
        )
        for e in queries.all_entities(session)
    }
    plans: list[PlanInfo] = []
    priorities: list[PriorityInfo] = []
    for plan in queries.current_plans(session):
        plans.append(
            PlanInfo(
                plan.key, plan.title_es, plan.title_en, plan.date, plan.source,
                Bilingual(plan.cross_cutting_es, plan.cross_cutting_en),
            )
        )  # fmt: skip
        for priority in plan.priorities:
            if not priority.archived:
                priorities.append(_priority_info(priority, entities, plan.key))
    objectives = {o.number: Bilingual(o.title_es, o.title_en) for o in queries.all_gcm_objectives(session)}
    keywords = {
        o.number: tuple(fold(k) for k in (*o.keywords_es, *o.keywords_en))
        for o in queries.all_gcm_objectives(session)
    }
    areas = {a.number: Bilingual(a.title_es, a.title_en) for a in queries.all_thematic_areas(session)}
    texts: dict[str, list[Bilingual]] = {}
    for row in queries.network_texts(session):
        texts.setdefault(row.section, []).append(
            Bilingual(row.text_es, row.text_en, row.name_es, row.name_en)
        )
    current = {p.key for p in plans}
    passages = [
        PassageInfo(
            r.key,
            r.kind,
            r.name_es,
            r.name_en,
            r.text_es,
            r.text_en,
            tuple(r.aliases),
            r.related,
            tuple(r.topics),
        )
        for r in queries.plan_passages(session)
        if r.plan_key in current
    ]
    return Knowledge(
        version, plans, priorities, entities, objectives, keywords, areas, texts,
        queries.network_settings(session), passages,
    )  # fmt: skip


def _priority_info(priority: Any, entities: dict[str, EntityInfo], plan_key: str) -> PriorityInfo:
    def roles(activity_number: int, role: str) -> tuple[RoleInfo, ...]:
        return tuple(
            RoleInfo(entities[r.entity_key], r.role, r.note_es, r.note_en, entities.get(r.represents or ""))
            for r in priority.roles
            if r.activity_number == activity_number and r.role == role
        )

    activities = tuple(
        ActivityInfo(
            priority.key, a.number, a.text_es, a.text_en, tuple(a.timeline),
            tuple(DateRange(p.start, p.end) for p in a.periods), a.due_date, a.continues_after,
            roles(a.number, "lead"),
            roles(a.number, "participant") if a.participants_stated else None,
            a.participants_note_es, a.participants_note_en, tuple(parse_timeline(t) for t in a.timeline),
            a.id,
        )
        for a in priority.activities
        if not a.archived
    )  # fmt: skip
    return PriorityInfo(
        priority.key, priority.kind, priority.number, priority.title_es, priority.title_en,
        priority.short_name_es, priority.short_name_en, tuple(priority.aliases),
        roles(0, "lead"), roles(0, "participant"), priority.participants_label_es,
        priority.participants_label_en, roles(0, "observer"), roles(0, "representative"), priority.gcm_scope,
        tuple(priority.gcm_numbers), priority.thematic_area_number, activities, plan_key,
    )  # fmt: skip


_built: dict[tuple[str, int], Knowledge] = {}
_built_lock = threading.Lock()


def current_knowledge(session: Session) -> Knowledge:
    """The snapshot of the database's loaded content version, built once per database and version and
    shared by the question engine, agendas and digests."""
    key = (str(session.get_bind().engine.url), queries.content_version(session))
    with _built_lock:
        found = _built.get(key)
    if found is None:
        found = build_knowledge(session)
        with _built_lock:
            for old in [k for k in _built if k[0] == key[0]]:
                del _built[old]  # an older version of the same database is never read again
            _built[key] = found
    return found
