"""Answers about an agency or organisation: what its acronym means, what it leads, where it takes part."""

from __future__ import annotations

from bot.knowledge.snapshot import EntityInfo, Knowledge, PriorityInfo, RoleInfo
from bot.questions.answers.format import priority_label, source_for
from bot.render.answer import NOTHING_FOUND, Answer, Item, Section
from bot.render.i18n import Catalog


def _activity_numbers(c: Catalog, numbers: list[int], lang: str) -> str:
    if len(numbers) == 1:
        return c.t("entity.activity_one", lang, number=numbers[0])
    return c.t("entity.activity_many", lang, numbers=", ".join(str(n) for n in numbers))


def led_by(k: Knowledge, entity: EntityInfo) -> list[tuple[PriorityInfo, list[int] | None]]:
    """(priority, None) when the entity leads the whole priority, else the activities it leads."""
    result: list[tuple[PriorityInfo, list[int] | None]] = []
    for p in k.priorities:
        if any(r.entity.key == entity.key for r in p.leads):
            result.append((p, None))
            continue
        numbers = [a.number for a in p.activities if any(r.entity.key == entity.key for r in a.leads)]
        if numbers:
            result.append((p, numbers))
    return result


def takes_part_in(k: Knowledge, entity: EntityInfo) -> list[tuple[PriorityInfo, RoleInfo, list[int] | None]]:
    """(priority, role, activities or None for the whole priority) where the entity participates, observes or
    represents a participant."""
    result: list[tuple[PriorityInfo, RoleInfo, list[int] | None]] = []
    for p in k.priorities:
        for roles in (p.participants, p.observers, p.representatives):
            result.extend((p, r, None) for r in roles if r.entity.key == entity.key)
        numbers = [
            a.number for a in p.activities if any(r.entity.key == entity.key for r in a.participants or ())
        ]
        if numbers:
            result.append((p, RoleInfo(entity, "participant"), numbers))
    return result


# Spanish contracts "de" with the article "el" ("en representación del Comité"); English keeps "the".
_DE = {"el": "del", "la": "de la", "los": "de los", "las": "de las", "": "de"}


def _after_de(entity: EntityInfo, lang: str) -> str:
    """The entity after Spanish "de" ("del Comité de Acción ..."), or named in English ("the Civil ...")."""
    if lang == "en":
        return entity.named(lang)
    return f"{_DE.get(entity.article_es, 'de')} {entity.short(lang)}"


def _lead_items(c: Catalog, k: Knowledge, entity: EntityInfo, lang: str) -> tuple[Item, ...]:
    return tuple(
        Item(
            priority_label(c, p, lang),
            (c.t("entity.whole_priority", lang) if numbers is None else _activity_numbers(c, numbers, lang),),
        )
        for p, numbers in led_by(k, entity)
    )


def _part_items(c: Catalog, k: Knowledge, entity: EntityInfo, lang: str) -> tuple[Item, ...]:
    items = []
    for p, role, numbers in takes_part_in(k, entity):
        if role.represents is not None:
            detail = c.t("entity.role.representative", lang, entity=_after_de(role.represents, lang))
        else:
            detail = c.t(f"entity.role.{role.role}", lang)
        if numbers is not None:
            detail += " · " + _activity_numbers(c, numbers, lang)
        items.append(Item(priority_label(c, p, lang), (detail,)))
    return tuple(items)


def leads(c: Catalog, k: Knowledge, entity: EntityInfo, lang: str) -> Answer:
    items = _lead_items(c, k, entity, lang)
    title = c.t("entity.leads_title", lang, **entity.subject(lang))
    if not items:
        text = c.t("entity.leads_none", lang, **entity.subject(lang))
        # An agency that leads nothing may still take part somewhere: that question finds something.
        examples = (
            (c.t("entity.participation_example", lang, **entity.subject(lang)),)
            if takes_part_in(k, entity)
            else _what_it_is(c, entity, lang)
        )
        return Answer(lang, title, (Section(text=text),), source_for(c, k, lang), examples=examples,
                      kind=NOTHING_FOUND)  # fmt: skip
    return Answer(lang, title, (Section(text=entity.full(lang), items=items),), source_for(c, k, lang))


def participation(c: Catalog, k: Knowledge, entity: EntityInfo, lang: str) -> Answer:
    items = _part_items(c, k, entity, lang)
    title = c.t("entity.participation_title", lang, **entity.subject(lang))
    sections = []
    if items:
        sections.append(Section(text=entity.full(lang), items=items))
    else:
        text = c.t("entity.participation_none", lang, **entity.subject(lang))
        sections.append(Section(text=text))
    led = _lead_items(c, k, entity, lang)
    if led:
        sections.append(Section(heading=c.t("entity.also_leads", lang), items=led))
    if items or led:
        return Answer(lang, title, tuple(sections), source_for(c, k, lang))
    return Answer(lang, title, tuple(sections), source_for(c, k, lang),
                  examples=_what_it_is(c, entity, lang), kind=NOTHING_FOUND)  # fmt: skip


def _what_it_is(c: Catalog, entity: EntityInfo, lang: str) -> tuple[str, ...]:
    """Where an agency has no role in the plan: what it is and the Network's own questions (it may be named
    only in the terms of reference)."""
    what = c.t("entity.meaning_example", lang, entity=entity.short(lang), count=entity.count)
    return (what, *c.items("network.overview_examples", lang)[:2])


def _network_roles(c: Catalog, k: Knowledge, entity: EntityInfo, lang: str) -> list[tuple[str, str]]:
    """The entity's roles in the terms of reference: the secretariat, Executive Committee members."""
    roles = []
    if k.settings.get("secretariat", {}).get("entity") == entity.key:
        roles.append((c.t("entity.network_role", lang), c.t("network.secretariat_label", lang)))
    members = k.settings.get("executive_committee", {}).get("members", [])
    if entity.key in members:
        passages = k.texts.get("executive_committee.member", [])
        index = members.index(entity.key)
        text = passages[index].text(lang) if index < len(passages) else c.t("network.committee_title", lang)
        roles.append((c.t("entity.network_role", lang), text))
    return roles


def overview(c: Catalog, k: Knowledge, entity: EntityInfo, lang: str) -> Answer:
    fields = [(c.t("entity.name", lang), entity.name(lang))]
    other = "en" if lang == "es" else "es"
    if entity.acronym(lang):
        fields.insert(0, (c.t("entity.acronym", lang), entity.acronym(lang) or ""))
    if entity.name(other) != entity.name(lang) or entity.acronym(other) != entity.acronym(lang):
        fields.append((c.t("entity.other_language", lang), entity.full(other)))
    fields.extend(_network_roles(c, k, entity, lang))
    sections = [Section(fields=tuple(fields))]
    if entity.kind == "framework":
        return Answer(lang, entity.full(lang), tuple(sections))
    led = _lead_items(c, k, entity, lang)
    part = _part_items(c, k, entity, lang)
    if led:
        sections.append(Section(heading=c.t("entity.leads_heading", lang), items=led))
    if part:
        sections.append(Section(heading=c.t("entity.participates_heading", lang), items=part))
    if not led and not part:
        sections.append(Section(text=c.t("entity.no_roles", lang, **entity.subject(lang))))
    return Answer(lang, entity.full(lang), tuple(sections), source_for(c, k, lang))
