"""Bring the database in line with config/, changing only what changed.

Rows are matched by their natural keys. A priority or activity that left the YAML is archived, not
deleted: status updates attach to activities and must survive any reload. The caller owns the
transaction, so a failure part-way leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.knowledge.config import ActivityConfig, KnowledgeConfig, PlanConfig, PriorityConfig, RoleRef
from storage import queries
from storage.models import (
    Activity,
    ActivityPeriod,
    Base,
    Entity,
    GcmObjective,
    NetworkSetting,
    NetworkText,
    Person,
    Plan,
    PlanPassage,
    Priority,
    Role,
    ThematicArea,
)

Row = TypeVar("Row", bound=Base)


@dataclass
class LoadReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    archived: Counter[str] = field(default_factory=Counter)
    version: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any((self.created, self.updated, self.removed, self.archived))

    def summary(self) -> str:
        notes = "".join(f"\nWarning: {warning}" for warning in self.warnings)
        return self._changes() + notes

    def _changes(self) -> str:
        if not self.changed:
            return f"Nothing changed (content version {self.version})."
        parts = []
        for label, counter in (
            ("created", self.created),
            ("updated", self.updated),
            ("removed", self.removed),
            ("archived", self.archived),
        ):
            if counter:
                parts.append(f"{label}: " + ", ".join(f"{n} {kind}" for kind, n in sorted(counter.items())))
        return "; ".join(parts) + f" (content version {self.version})."


class Section(Protocol):
    """A capability's own part of config (working groups, meetings), loaded in the same transaction as the
    knowledge it refers to: after the plan, before entities that left the YAML are removed."""

    name: str

    def settings(self) -> dict[str, Any]: ...

    def sync(self, session: Session, sync: Sync) -> None: ...

    def warnings(self) -> list[str]: ...


class SettingSection:
    """A Section that only stores one network setting (digests, passages): nothing else to sync."""

    def __init__(self, name: str, value: dict[str, Any]) -> None:
        self.name, self.value = name, value

    def settings(self) -> dict[str, Any]:
        return self.value

    def sync(self, session: Session, sync: Sync) -> None:
        return None

    def warnings(self) -> list[str]:
        return []


def load_knowledge(
    session: Session, knowledge: KnowledgeConfig, now: dt.datetime, sections: Iterable[Section] = ()
) -> LoadReport:
    sections = tuple(sections)
    report = LoadReport()
    sync = Sync(session, report)
    sync.rows(Entity, "entities", {e.key: _entity_values(e) for e in knowledge.entities}, remove=False)
    sync.rows(
        ThematicArea,
        "thematic areas",
        {a.number: {"title_es": a.title_es, "title_en": a.title_en} for a in knowledge.areas},
        remove=False,
    )
    sync.rows(
        GcmObjective,
        "GCM objectives",
        {
            o.number: {
                "title_es": o.title_es,
                "title_en": o.title_en,
                "keywords_es": list(o.keywords_es),
                "keywords_en": list(o.keywords_en),
            }
            for o in knowledge.objectives
        },
        remove=False,
    )
    session.flush()
    for plan in knowledge.plans:
        sync.plan(plan)
    sync.rows(
        PlanPassage,
        "plan passages",
        {
            (plan.key, p.key): {
                "kind": p.kind,
                "position": position,
                "name_es": p.name_es,
                "name_en": p.name_en,
                "text_es": p.text_es,
                "text_en": p.text_en,
                "aliases": list(p.aliases),
                "related": p.related,
                "topics": list(p.topics),
            }
            for plan in knowledge.plans
            for position, p in enumerate(plan.passages, start=1)
        },
    )
    sync.rows(
        NetworkText,
        "network texts",
        {
            (t.section, t.position): {
                "name_es": t.name_es,
                "name_en": t.name_en,
                "text_es": t.text_es,
                "text_en": t.text_en,
            }
            for t in knowledge.network.texts
        },
    )
    settings = {**knowledge.network.settings, **{s.name: s.settings() for s in sections}}
    sync.rows(NetworkSetting, "network settings", {k: {"value": v} for k, v in settings.items()})
    sync.rows(
        Person,
        "people",
        {p.slack_user_id: {"entity_key": p.agency, "name": p.name} for p in knowledge.people},
    )
    for section in sections:
        section.sync(session, sync)
    session.flush()
    # Reference rows go last: roles that pointed at them are gone by now.
    sync.remove_missing(Entity, "entities", {e.key for e in knowledge.entities})
    queries.release_thematic_areas(session, {a.number for a in knowledge.areas})
    sync.remove_missing(ThematicArea, "thematic areas", {a.number for a in knowledge.areas})
    sync.remove_missing(GcmObjective, "GCM objectives", {o.number for o in knowledge.objectives})
    session.flush()
    for section in sections:
        report.warnings.extend(section.warnings())
    report.version = queries.content_version(session)
    if report.changed:
        report.version = queries.bump_content_version(session, now)
    return report


class Sync:
    def __init__(self, session: Session, report: LoadReport) -> None:
        self.session = session
        self.report = report

    def rows(
        self, model: type[Row], label: str, wanted: dict[Any, dict[str, Any]], remove: bool = True
    ) -> None:
        existing = {_identity(row): row for row in self.session.scalars(select(model))}
        for key, values in wanted.items():
            row = existing.get(key)
            if row is None:
                self.session.add(model(**_identity_values(model, key), **values))
                self.report.created[label] += 1
            elif apply_values(row, values):
                self.report.updated[label] += 1
        if remove:
            self.remove_missing(model, label, set(wanted))

    @staticmethod
    def apply(row: Base, values: dict[str, Any]) -> bool:
        return apply_values(row, values)

    def remove_missing(self, model: type[Row], label: str, wanted: set[Any]) -> None:
        for row in self.session.scalars(select(model)):
            if _identity(row) not in wanted:
                self.session.delete(row)
                self.report.removed[label] += 1

    def plan(self, config: PlanConfig) -> None:
        plan = self.session.scalar(select(Plan).where(Plan.key == config.key))
        values = {
            "title_es": config.title_es,
            "title_en": config.title_en,
            "date": config.date,
            "source": config.source,
            "cross_cutting_es": config.cross_cutting_es,
            "cross_cutting_en": config.cross_cutting_en,
        }
        if plan is None:
            plan = Plan(key=config.key, **values)
            self.session.add(plan)
            self.session.flush()
            self.report.created["plans"] += 1
        elif apply_values(plan, values):
            self.report.updated["plans"] += 1
        existing = {p.key: p for p in plan.priorities}
        for position, priority_config in enumerate(config.priorities, start=1):
            self.priority(plan, existing.pop(priority_config.key, None), priority_config, position)
        for leftover in existing.values():
            if not leftover.archived:
                leftover.archived = True
                self.report.archived["priorities"] += 1
            for activity in leftover.activities:
                self._archive(activity)
            # Roles are derived from the YAML and nothing attaches to them; an archived priority keeps none,
            # so the entities only it named can leave entities.yaml.
            self.roles(leftover, {})

    def priority(self, plan: Plan, row: Priority | None, config: PriorityConfig, position: int) -> None:
        values = {
            "kind": config.kind,
            "number": config.number,
            "position": position,
            "title_es": config.title_es,
            "title_en": config.title_en,
            "short_name_es": config.short_name_es,
            "short_name_en": config.short_name_en,
            "aliases": list(config.aliases),
            "gcm_scope": config.gcm_scope,
            "gcm_numbers": list(config.gcm_numbers),
            "thematic_area_number": config.thematic_area,
            "participants_label_es": config.participants_label_es,
            "participants_label_en": config.participants_label_en,
            "archived": False,
        }
        if row is None:
            row = Priority(plan=plan, key=config.key, **values)
            self.session.add(row)
            self.session.flush()
            self.report.created["priorities"] += 1
        elif apply_values(row, values):
            self.report.updated["priorities"] += 1
        existing = {a.number: a for a in row.activities}
        for activity_config in config.activities:
            self.activity(row, existing.pop(activity_config.number, None), activity_config)
        for leftover in existing.values():
            self._archive(leftover)
        self.roles(row, _wanted_roles(config))

    def activity(self, priority: Priority, row: Activity | None, config: ActivityConfig) -> None:
        values = {
            "text_es": config.text_es,
            "text_en": config.text_en,
            "timeline": list(config.timeline),
            "due_date": config.schedule.due,
            "continues_after": config.schedule.continues_after,
            "participants_stated": config.participants is not None,
            "participants_note_es": config.participants_note_es,
            "participants_note_en": config.participants_note_en,
            "archived": False,
        }
        periods = [(r.start, r.end) for r in config.schedule.ranges]
        if row is None:
            row = Activity(priority=priority, number=config.number, **values)
            self.session.add(row)
            self.report.created["activities"] += 1
        else:
            changed = apply_values(row, values)
            if [(p.start, p.end) for p in row.periods] != periods:
                row.periods.clear()
                self.session.flush()
                changed = True
            if not changed:
                return
            self.report.updated["activities"] += 1
        if not row.periods:
            row.periods.extend(
                ActivityPeriod(position=i, start=start, end=end) for i, (start, end) in enumerate(periods, 1)
            )

    def _archive(self, activity: Activity) -> None:
        if not activity.archived:
            activity.archived = True
            self.report.archived["activities"] += 1

    def roles(self, priority: Priority, wanted: dict[tuple[int, str, str], dict[str, Any]]) -> None:
        existing = {(r.activity_number, r.entity_key, r.role): r for r in priority.roles}
        for key, values in wanted.items():
            row = existing.pop(key, None)
            if row is None:
                activity_number, entity_key, role = key
                self.session.add(
                    Role(
                        priority=priority,
                        activity_number=activity_number,
                        entity_key=entity_key,
                        role=role,
                        **values,
                    )
                )
                self.report.created["roles"] += 1
            elif apply_values(row, values):
                self.report.updated["roles"] += 1
        for leftover in existing.values():
            priority.roles.remove(leftover)
            self.session.delete(leftover)
            self.report.removed["roles"] += 1


def _wanted_roles(config: PriorityConfig) -> dict[tuple[int, str, str], dict[str, Any]]:
    wanted: dict[tuple[int, str, str], dict[str, Any]] = {}

    def add(activity_number: int, role: str, refs: Iterable[RoleRef]) -> None:
        for ref in refs:
            wanted[(activity_number, ref.entity, role)] = {
                "position": len(wanted) + 1,
                "note_es": ref.note_es,
                "note_en": ref.note_en,
                "represents": None,
            }
            for representative in ref.represented_by:  # a role of its own, so it is found by its name
                wanted[(activity_number, representative, "representative")] = {
                    "position": len(wanted) + 1,
                    "note_es": None,
                    "note_en": None,
                    "represents": ref.entity,
                }

    add(0, "lead", config.leads)
    add(0, "participant", config.participants)
    add(0, "observer", config.observers)
    for activity in config.activities:
        add(activity.number, "lead", activity.leads)
        add(activity.number, "participant", activity.participants or ())
    return wanted


def _entity_values(entity: Any) -> dict[str, Any]:
    return {
        "kind": entity.kind,
        "acronym_es": entity.acronym_es,
        "acronym_en": entity.acronym_en,
        "name_es": entity.name_es,
        "name_en": entity.name_en,
        "aliases": list(entity.aliases),
        "article_es": entity.article_es,
        "article_en": entity.article_en,
    }


_IDENTITY = {
    Entity: ("key",),
    ThematicArea: ("number",),
    GcmObjective: ("number",),
    NetworkText: ("section", "position"),
    PlanPassage: ("plan_key", "key"),
    NetworkSetting: ("name",),
    Person: ("slack_user_id",),
}


def _identity(row: Base) -> Any:
    names = _IDENTITY[type(row)]
    values = tuple(getattr(row, n) for n in names)
    return values[0] if len(values) == 1 else values


def _identity_values(model: type[Base], key: Any) -> dict[str, Any]:
    names = _IDENTITY[model]
    return dict(zip(names, key if len(names) > 1 else (key,), strict=True))


def apply_values(row: Base, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed
