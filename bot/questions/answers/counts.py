"""How many: "¿Cuántas actividades tiene la prioridad temática 2?", "how many principles does the Network
follow?", "¿en cuántas actividades participa la OIM?". The number comes first, in a sentence whose plural the
catalog picks; the things counted follow, so the person can check the count.

A count of something the documents do not enumerate (the people on a body, say) is not answered here: it
falls through to bot.questions.silence.
"""

from __future__ import annotations

from bot.knowledge.snapshot import EntityInfo, Knowledge, PriorityInfo
from bot.questions.answers.format import activity_item, priority_label, priority_name, source_for
from bot.questions.answers.network import tor_source
from bot.questions.understand import Parsed
from bot.render.answer import Answer, Item, Section
from bot.render.i18n import Catalog

KIND_ORDER = ("core", "thematic", "working_group")


def count_answer(c: Catalog, k: Knowledge, q: Parsed) -> Answer | None:
    """The count the question asks for, or None when it counts nothing the documents list."""
    lang = q.lang
    ps = [k.priority_by_key[key] for key in q.priorities if key in k.priority_by_key]
    es = [k.entities[key] for key in q.entities if key in k.entities]
    if ps:
        return _activities_of(c, k, ps, lang)
    if es and q.has("lead", "participate", "activities"):
        return _roles_of(c, k, es[0], lang, leads=q.has("lead"))
    if q.has("principles"):
        return _listed(c, k, "principle", "counts.principles", lang)
    if q.has("network_objectives"):
        return _listed(c, k, "objective", "counts.network_objectives", lang)
    if q.has("objectives"):
        items = [Item(f"{n}. {k.objectives[n].text(lang)}") for n in sorted(k.objectives)]
        title = c.t("counts.gcm_objectives", lang, count=len(items))
        return Answer(lang, title, (Section(items=tuple(items)),), c.t("source.gcm", lang))
    if q.has("area"):
        items = [Item(f"{n}. {k.areas[n].text(lang)}") for n in sorted(k.areas)]
        title = c.t("counts.areas", lang, count=len(items))
        return Answer(lang, title, (Section(items=tuple(items)),), source_for(c, k, lang))
    if q.has("working_groups"):
        groups = [p for p in k.priorities if p.kind == "working_group"]
        items = [Item(p.title(lang)) for p in groups]
        title = c.t("counts.working_groups", lang, count=len(groups))
        return Answer(lang, title, (Section(items=tuple(items)),), source_for(c, k, lang))
    if q.has("priorities"):
        return _priorities(c, k, lang)
    if q.has("activities"):
        total = sum(1 for _ in k.activities())
        title = c.t("counts.plan_activities", lang, activities=c.t("counts.activities", lang, count=total),
                    priorities=c.t("counts.priority_word", lang, count=sum(_by_kind(k).values())))  # fmt: skip
        return Answer(lang, title, _per_priority(c, k, k.priorities, lang), source_for(c, k, lang))
    return None


def _activities_of(c: Catalog, k: Knowledge, ps: list[PriorityInfo], lang: str) -> Answer:
    lines = [
        c.t("counts.of_priority", lang, name=priority_name(c, p, lang),
            activities=c.t("counts.activities", lang, count=len(p.activities)))
        for p in ps
    ]  # fmt: skip
    sections = tuple(
        Section(
            heading=priority_label(c, p, lang),
            items=tuple(activity_item(c, p, a, lang) for a in p.activities),
        )
        for p in ps
    )
    return Answer(lang, " · ".join(lines), sections, source_for(c, k, lang, ps[0] if len(ps) == 1 else None))


def _roles_of(c: Catalog, k: Knowledge, entity: EntityInfo, lang: str, *, leads: bool) -> Answer:
    found = []
    for p, a in k.activities():
        roles = (*(a.leads or p.leads),)
        if not leads:  # taking part includes leading
            roles += (*(a.participants if a.participants is not None else p.participants),)
        if any(r.entity.key == entity.key for r in roles):
            found.append(activity_item(c, p, a, lang, with_priority=True))
    key = "counts.entity_leads" if leads else "counts.entity_takes_part"
    title = c.t(
        key, lang, entity=entity.short(lang), activities=c.t("counts.activities", lang, count=len(found))
    )
    return Answer(lang, title, (Section(items=tuple(found)),) if found else (), source_for(c, k, lang))


def _listed(c: Catalog, k: Knowledge, section: str, key: str, lang: str) -> Answer:
    passages = k.texts.get(section, [])
    items = [Item(f"{p.name(lang)}: {p.text(lang)}" if p.name(lang) else p.text(lang)) for p in passages]
    return Answer(lang, c.t(key, lang, count=len(items)), (Section(items=tuple(items)),), tor_source(c, lang))


def _by_kind(k: Knowledge) -> dict[str, int]:
    """Priorities per kind in the plan's own numbering: core priority 2 comes in two parts (2.1 and 2.2), so
    five core priorities."""
    counts = {}
    for kind in KIND_ORDER:
        of_kind = [p for p in k.priorities if p.kind == kind]
        numbers = {(p.number or p.key).split(".")[0] for p in of_kind}
        counts[kind] = len(numbers) if kind != "working_group" else len(of_kind)
    return counts


def _priorities(c: Catalog, k: Knowledge, lang: str) -> Answer:
    counts = _by_kind(k)
    parts = [c.t(f"counts.kind.{kind}", lang, count=counts[kind]) for kind in KIND_ORDER if counts[kind]]
    split = [p.number for p in k.priorities if p.kind == "core" and p.number and "." in p.number]
    title = c.t("counts.priorities", lang, parts=_join(c, parts, lang))
    sections = list(_per_priority(c, k, k.priorities, lang))
    if split:
        sections.insert(0, Section(text=c.t("counts.split", lang, numbers=_join(c, split, lang))))
    return Answer(lang, title, tuple(sections), source_for(c, k, lang))


def _per_priority(c: Catalog, k: Knowledge, ps: list[PriorityInfo], lang: str) -> tuple[Section, ...]:
    items = [
        Item(c.t("counts.of_priority", lang, name=priority_name(c, p, lang),
                 activities=c.t("counts.activities", lang, count=len(p.activities))))
        for p in ps
    ]  # fmt: skip
    return (Section(items=tuple(items)),)


def _join(c: Catalog, parts: list[str], lang: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {c.t('counts.and', lang)} {parts[-1]}"
