"""The Network's knowledge as the secretariat keeps it in config/, read and checked.

Everything is checked before anything touches the database, so a bad file never leaves the database
half loaded. See config/README.md for every field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config_schema import ConfigError, Node, read_yaml
from bot.knowledge.network import NetworkConfig, read_network
from bot.knowledge.plan_text import PassageInfo, read_plan_passages
from bot.text import fold
from bot.time.timeline import Schedule, TimelineError, schedule_of

PRIORITY_KINDS = ("core", "working_group", "thematic")
ENTITY_KINDS = (
    "un", "intergovernmental", "civil_society", "academia", "government",
    "human_rights_institution", "network_body", "framework", "other",
)  # fmt: skip
GCM_SCOPES = ("todos", "transversal")
_KEY = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")
# The article an entity's short name takes in a sentence ("¿Qué lidera la OMS?"); "none" for "ONU-Mujeres".
ARTICLES = {"es": ("el", "la", "los", "las", "none"), "en": ("the", "none")}


@dataclass(frozen=True)
class EntityConfig:
    key: str
    kind: str
    acronym_es: str | None
    acronym_en: str | None
    name_es: str
    name_en: str
    aliases: tuple[str, ...]
    article_es: str = ""  # "" when the name takes no article
    article_en: str = ""


@dataclass(frozen=True)
class AreaConfig:
    number: int
    title_es: str
    title_en: str


@dataclass(frozen=True)
class ObjectiveConfig:
    number: int
    title_es: str
    title_en: str
    keywords_es: tuple[str, ...]
    keywords_en: tuple[str, ...]


@dataclass(frozen=True)
class RoleRef:
    entity: str
    note_es: str | None = None
    note_en: str | None = None
    # Who speaks for it there: "Comité de Acción de la Sociedad Civil, representado por Migrant Forum in Asia".
    represented_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActivityConfig:
    number: int
    text_es: str
    text_en: str
    timeline: tuple[str, ...]
    schedule: Schedule
    leads: tuple[RoleRef, ...]
    participants: tuple[RoleRef, ...] | None
    participants_note_es: str | None
    participants_note_en: str | None


@dataclass(frozen=True)
class PriorityConfig:
    key: str
    kind: str
    number: str | None
    title_es: str
    title_en: str
    short_name_es: str
    short_name_en: str
    aliases: tuple[str, ...]
    leads: tuple[RoleRef, ...]
    participants: tuple[RoleRef, ...]
    participants_label_es: str | None
    participants_label_en: str | None
    observers: tuple[RoleRef, ...]
    gcm_scope: str
    gcm_numbers: tuple[int, ...]
    thematic_area: int | None
    activities: tuple[ActivityConfig, ...]


@dataclass(frozen=True)
class PlanConfig:
    key: str
    title_es: str
    title_en: str
    date: dt.date
    source: str
    cross_cutting_es: str
    cross_cutting_en: str
    priorities: tuple[PriorityConfig, ...]
    passages: tuple[PassageInfo, ...] = ()


@dataclass(frozen=True)
class PersonConfig:
    slack_user_id: str
    agency: str
    name: str | None


@dataclass(frozen=True)
class KnowledgeConfig:
    entities: tuple[EntityConfig, ...]
    areas: tuple[AreaConfig, ...]
    objectives: tuple[ObjectiveConfig, ...]
    plans: tuple[PlanConfig, ...]
    network: NetworkConfig
    people: tuple[PersonConfig, ...] = ()
    files: tuple[Path, ...] = field(default=())


def read_knowledge(folder: Path) -> KnowledgeConfig:
    """Read and check every knowledge file in the config folder."""
    entities = _read_entities(folder / "entities.yaml")
    areas = _read_areas(folder / "thematic-areas.yaml")
    objectives = _read_objectives(folder / "gcm-objectives.yaml")
    known = EntityIndex(entities)
    plan_files = sorted(folder.glob("workplan-*.yaml"))
    if not plan_files:
        raise ConfigError(folder, "(folder)", "no work plan file (workplan-*.yaml) found")
    plans = tuple(
        _read_plan(path, known, {a.number for a in areas}, {o.number for o in objectives})
        for path in plan_files
    )
    _unique(folder, "work plans", [p.key for p in plans])
    network = read_network(folder / "network.yaml", known)
    people = _read_people(folder / "people.yaml", known) if (folder / "people.yaml").exists() else ()
    files = (folder / "entities.yaml", folder / "thematic-areas.yaml", folder / "gcm-objectives.yaml")
    return KnowledgeConfig(entities, areas, objectives, plans, network, people, (*files, *plan_files))


def _read_people(path: Path, known: EntityIndex) -> tuple[PersonConfig, ...]:
    """Optional: which Slack user works for which agency, for a personal App Home."""
    root = Node.of(path, "(file)", read_yaml(path) or {"people": []})
    people = []
    for index, item in enumerate(root.items("people", required=False), start=1):
        node = Node.of(path, f"people #{index}", item)
        user = node.text("slack_user_id")
        if not re.fullmatch(r"[UW][A-Z0-9]{2,30}", user):
            raise node.error(f"'slack_user_id' must look like U0123ABCD, found {user!r}")
        agency = node.text("agency")
        known.refs(Node(path, node.entry, {"agency": [agency]}), "agency")
        people.append(PersonConfig(user, agency, node.optional_text("name")))
    _unique(path, "people", [p.slack_user_id for p in people])
    return tuple(people)


class EntityIndex:
    def __init__(self, entities: tuple[EntityConfig, ...]) -> None:
        self.keys = {e.key for e in entities}

    def refs(self, node: Node, key: str) -> tuple[RoleRef, ...]:
        refs = []
        for index, item in enumerate(node.items(key, required=False), start=1):
            if isinstance(item, str):
                ref = RoleRef(item.strip())
            else:
                entry = Node.of(node.file, f"{node.entry} > {key} #{index}", item)
                note_es, note_en = entry.optional_bilingual("note")
                represented_by = tuple(str(k).strip() for k in entry.items("represented_by", required=False))
                ref = RoleRef(entry.text("entity"), note_es, note_en, represented_by)
            for entity in (ref.entity, *ref.represented_by):
                if entity not in self.keys:
                    raise node.error(f"'{key}' names unknown entity '{entity}' (add it to entities.yaml)")
            refs.append(ref)
        _unique(node.file, f"{node.entry} > {key}", [r.entity for r in refs])
        return tuple(refs)


def _read_entities(path: Path) -> tuple[EntityConfig, ...]:
    root = Node.of(path, "(file)", read_yaml(path))
    entities = []
    for index, item in enumerate(root.items("entities"), start=1):
        node = Node.of(path, f"entities #{index}", item)
        key = node.text("id")
        node.entry = f"entity '{key}'"
        if not _KEY.match(key):
            raise node.error("'id' must be lowercase letters, digits, dots and dashes")
        acronym_es, acronym_en = node.optional_bilingual("acronym")
        name_es, name_en = node.bilingual("name")
        article_es, article_en = _articles(node)
        entities.append(
            EntityConfig(
                key, node.one_of("kind", ENTITY_KINDS), acronym_es, acronym_en, name_es, name_en,
                tuple(node.strings("aliases")), article_es, article_en,
            )
        )  # fmt: skip
    _unique(path, "entities", [e.key for e in entities])
    _check_alias_clashes(path, entities)
    return tuple(entities)


def _articles(node: Node) -> tuple[str, str]:
    """Spanish is required (a forgotten article reads "¿Qué lidera OMS?"); English only where it needs one."""
    if not node.has("article"):
        raise node.error("'article' is missing: write article: {es: la} (el, la, los, las or none)")
    articles = node.child("article")
    unknown = set(articles.data) - set(ARTICLES)
    if unknown:
        raise articles.error(f"only 'es' and 'en' are allowed, found {', '.join(sorted(unknown))}")
    spanish = articles.one_of("es", ARTICLES["es"])
    english = articles.one_of("en", ARTICLES["en"], default="none")
    return ("" if spanish == "none" else spanish), ("" if english == "none" else english)


def entity_labels(entity: EntityConfig) -> set[str]:
    """Every folded label a person may use for the entity."""
    labels = {entity.name_es, entity.name_en, *entity.aliases}
    labels.update(a for a in (entity.acronym_es, entity.acronym_en) if a)
    return {fold(label) for label in labels if label}


def _check_alias_clashes(path: Path, entities: list[EntityConfig]) -> None:
    owner: dict[str, str] = {}
    for entity in entities:
        for label in entity_labels(entity):
            other = owner.setdefault(label, entity.key)
            if other != entity.key:
                raise ConfigError(path, f"entity '{entity.key}'", f"'{label}' also names entity '{other}'")


def _read_areas(path: Path) -> tuple[AreaConfig, ...]:
    root = Node.of(path, "(file)", read_yaml(path))
    areas = []
    for index, item in enumerate(root.items("areas"), start=1):
        node = Node.of(path, f"areas #{index}", item)
        areas.append(AreaConfig(node.integer("number", 1, 99), *node.bilingual("title")))
    _unique(path, "areas", [a.number for a in areas])
    return tuple(areas)


def _read_objectives(path: Path) -> tuple[ObjectiveConfig, ...]:
    root = Node.of(path, "(file)", read_yaml(path))
    objectives = []
    for index, item in enumerate(root.items("objectives"), start=1):
        node = Node.of(path, f"objectives #{index}", item)
        number = node.integer("number", 1, 23)
        node.entry = f"objective {number}"
        keywords = node.child("keywords") if node.has("keywords") else None
        objectives.append(
            ObjectiveConfig(
                number, *node.bilingual("title"),
                tuple(keywords.strings("es")) if keywords else (),
                tuple(keywords.strings("en")) if keywords else (),
            )
        )  # fmt: skip
    _unique(path, "objectives", [o.number for o in objectives])
    return tuple(objectives)


def _read_plan(path: Path, known: EntityIndex, areas: set[int], objectives: set[int]) -> PlanConfig:
    root = Node.of(path, "(file)", read_yaml(path))
    plan = root.child("plan")
    cross_es, cross_en = plan.optional_bilingual("cross_cutting_issues")
    priorities = []
    for index, item in enumerate(root.items("priorities"), start=1):
        priorities.append(
            _read_priority(Node.of(path, f"priorities #{index}", item), known, areas, objectives)
        )
    _unique(path, "priorities", [p.key for p in priorities])
    passages = read_plan_passages(root, {p.key for p in priorities})
    return PlanConfig(
        plan.text("key"), *plan.bilingual("title"), plan.date("date"), plan.text("source"),
        cross_es or "", cross_en or "", tuple(priorities), passages,
    )  # fmt: skip


def _read_priority(node: Node, known: EntityIndex, areas: set[int], objectives: set[int]) -> PriorityConfig:
    key = node.text("key")
    node.entry = f"priority '{key}'"
    if not _KEY.match(key):
        raise node.error("'key' must be lowercase letters, digits, dots and dashes")
    kind = node.one_of("kind", PRIORITY_KINDS)
    number = node.optional_text("number")
    if kind != "working_group" and number is None:
        raise node.error("'number' is missing (only working groups go without one)")
    scope, numbers = _read_gcm(node, objectives)
    area = node.integer("thematic_area") if node.has("thematic_area") else None
    if area is not None and area not in areas:
        raise node.error(f"'thematic_area' {area} is not in thematic-areas.yaml")
    activities = []
    for index, item in enumerate(node.items("activities"), start=1):
        activity = Node.of(node.file, f"{node.entry} > activity #{index}", item)
        activities.append(_read_activity(activity, known))
    _unique(node.file, f"{node.entry} > activities", [a.number for a in activities])
    label_es, label_en = node.optional_bilingual("participants_label")
    return PriorityConfig(
        key, kind, number, *node.bilingual("title"), *node.bilingual("short_name"),
        tuple(fold(a) for a in node.strings("aliases")),
        known.refs(node, "leads"), known.refs(node, "participants"), label_es, label_en,
        known.refs(node, "observers"), scope, numbers, area, tuple(activities),
    )  # fmt: skip


def _read_gcm(node: Node, objectives: set[int]) -> tuple[str, tuple[int, ...]]:
    value = node.data.get("gcm_objectives")
    if value is None:
        return "none", ()
    if isinstance(value, str):
        if fold(value) not in GCM_SCOPES:
            raise node.error(
                f"'gcm_objectives' must be a list of numbers, 'todos' or 'transversal', found {value!r}"
            )
        return fold(value), ()
    numbers = node.items("gcm_objectives")
    for number in numbers:
        if isinstance(number, bool) or not isinstance(number, int) or number not in objectives:
            raise node.error(f"'gcm_objectives' has {number!r}, which is not an objective from 1 to 23")
    return "list", tuple(numbers)


def _read_activity(node: Node, known: EntityIndex) -> ActivityConfig:
    number = node.integer("number", 1, 999)
    node.entry = node.entry.rsplit(" > ", 1)[0] + f" > activity {number}"
    timeline = tuple(node.strings("timeline"))
    try:
        schedule = schedule_of(list(timeline))
    except TimelineError as error:
        raise node.error(f"timeline: {error}") from None
    note_es, note_en = node.optional_bilingual("participants_note")
    participants = known.refs(node, "participants") if "participants" in node.data else None
    return ActivityConfig(
        number, *node.bilingual("text"), timeline, schedule, known.refs(node, "leads"),
        participants, note_es, note_en,
    )  # fmt: skip


def _unique(file: Path | str, entry: str, keys: list[Any]) -> None:
    seen: set[Any] = set()
    for key in keys:
        if key in seen:
            raise ConfigError(file, entry, f"{key!r} appears twice")
        seen.add(key)
