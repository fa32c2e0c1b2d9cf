"""Answers from the terms of reference and reference data: the Network itself, meetings, GCM objectives,
thematic areas."""

from __future__ import annotations

from bot.knowledge.snapshot import Knowledge
from bot.questions.answers.format import priority_label, source_for
from bot.questions.answers.plan_text import mentioned_groups_section, plan_sections, quoted_sections
from bot.questions.answers.priorities import objectives_summary
from bot.render.answer import NOT_FOUND, Answer, Item, Section
from bot.render.i18n import Catalog

# Which terms-of-reference passages answer which topic, in order.
TOPICS: dict[str, tuple[str, ...]] = {
    "secretariat": ("secretariat", "context.global_network"),
    "committee": ("executive_committee", "executive_committee.decision_making", "executive_committee.member"),
    "principles": ("principle",),
    "network_objectives": ("objective",),
    "established": ("established",),
    "membership": ("membership", "participation_level"),
    "participation_level": ("participation_level",),
    "working_groups": (
        "working_groups.purpose",
        "working_groups.who_may_join",
        "working_groups.creation",
        "working_groups.reporting",
    ),
    "context": (  # the ToR's section 1 after its global part, in its order
        "established",
        "context.mexico_migration",
        "context.destination_and_covid",
        "context.cooperation_framework",
        "context.national_network",
        "context.champion_country",
        "context.agenda_2030",
    ),
    "meeting_rule": ("meetings.frequency",),
    "network": ("established", "membership", "secretariat", "meetings.frequency"),
}


def tor_source(c: Catalog, lang: str) -> str:
    return c.t("source.tor", lang)


def topic(c: Catalog, k: Knowledge, name: str, lang: str) -> Answer:
    sections = []
    for section in TOPICS[name]:
        for passage in k.texts.get(section, []):
            label = passage.name(lang)
            if label:
                sections.append(Section(items=(Item(f"{label}: {passage.text(lang)}"),)))
            else:
                sections.append(Section(text=passage.text(lang)))
    if name == "secretariat":
        entity = k.entities.get(str(k.settings.get("secretariat", {}).get("entity", "")))
        if entity:
            sections.insert(0, Section(fields=((c.t("network.secretariat_label", lang), entity.full(lang)),)))
    if name == "committee":
        members = k.settings.get("executive_committee", {}).get("members", [])
        names = [k.entities[m].full(lang) for m in members if m in k.entities]
        if names:
            sections.insert(0, Section(fields=((c.t("network.committee_members", lang), ", ".join(names)),)))
    merged = _merge_items(sections)
    if name == "secretariat":  # the work plan's word on it ("supervisará la aplicación de las decisiones")
        merged = (*merged, *quoted_sections(c, k, lang, topic="secretariat"))
    return Answer(lang, c.t(f"network.{name}_title", lang), merged, tor_source(c, lang))


def _merge_items(sections: list[Section]) -> tuple[Section, ...]:
    """Consecutive one-item sections (principles, objectives) read better as one list."""
    merged: list[Section] = []
    for section in sections:
        if merged and section.items and not section.text and merged[-1].items and not merged[-1].text:
            merged[-1] = Section(merged[-1].heading, None, merged[-1].items + section.items)
        else:
            merged.append(section)
    return tuple(merged)


def working_groups(c: Catalog, k: Knowledge, lang: str) -> Answer:
    """The terms of reference on working groups, and the plan's thematic working groups."""
    answer = topic(c, k, "working_groups", lang)
    groups = tuple(Item(priority_label(c, p, lang)) for p in k.priorities if p.kind == "working_group")
    if not groups:
        return answer
    extra = Section(heading=c.t("network.plan_groups", lang), items=groups)
    in_passing = mentioned_groups_section(c, k, lang)
    more = (extra, in_passing) if in_passing else (extra,)
    return Answer(lang, answer.title, (*answer.sections, *more), answer.source)


def overview(c: Catalog, k: Knowledge, lang: str) -> Answer:
    """What the Network is: its name, when it was established, who belongs, who coordinates, how it meets."""
    answer = topic(c, k, "network", lang)
    name = k.text("name")
    title = name.text(lang) if name else answer.title
    examples = tuple(c.items("network.overview_examples", lang))
    return Answer(lang, title, answer.sections, answer.source, examples=examples)


def gcm_objectives(c: Catalog, k: Knowledge, numbers: list[int], lang: str) -> Answer:
    unknown = [n for n in numbers if n not in k.objectives]
    if unknown:
        return Answer(lang, c.t("gcm.unknown_title", lang),
                      (Section(text=c.t("gcm.unknown", lang, number=unknown[0])),), understood=False,
                      examples=tuple(c.items("gcm.examples", lang)), kind=NOT_FOUND)  # fmt: skip
    sections: list[Section] = []
    for number in numbers:
        sections.extend(_objective_sections(c, k, number, lang, with_heading=len(numbers) > 1))
    title = c.t("gcm.objective_title", lang, number=", ".join(str(n) for n in numbers))
    return Answer(lang, title, tuple(sections), c.t("source.gcm", lang))


def _objective_sections(
    c: Catalog, k: Knowledge, number: int, lang: str, with_heading: bool
) -> list[Section]:
    objective = k.objectives[number]
    direct = [p for p in k.priorities if number in p.gcm_numbers]
    broad = [p for p in k.priorities if p.gcm_scope in ("todos", "transversal")]
    heading = c.t("gcm.objective_heading", lang, number=number) if with_heading else None
    sections = [Section(heading=heading, text=objective.text(lang))]
    if direct:
        items = tuple(Item(priority_label(c, p, lang)) for p in direct)
        sections.append(Section(heading=c.t("gcm.addressed_by", lang), items=items))
    else:
        sections.append(Section(text=c.t("gcm.no_direct", lang)))
    if broad:
        items = tuple(Item(priority_label(c, p, lang), (objectives_summary(c, p, lang),)) for p in broad)
        sections.append(Section(heading=c.t("gcm.broad", lang), items=items))
    return sections


def thematic_area(c: Catalog, k: Knowledge, number: int, lang: str) -> Answer:
    area = k.areas.get(number)
    if area is None:
        known = ", ".join(str(n) for n in sorted(k.areas))
        examples = (
            (c.t("area.example", lang, number=min(k.areas)), c.t("area.list_example", lang))
            if k.areas
            else ()
        )
        return Answer(lang, c.t("area.unknown_title", lang),
                      (Section(text=c.t("area.unknown", lang, number=number, known=known)),), understood=False,
                      examples=examples, kind=NOT_FOUND)  # fmt: skip
    priorities = [p for p in k.priorities if p.thematic_area == number]
    sections = [Section(text=area.text(lang))]
    if priorities:
        items = tuple(Item(priority_label(c, p, lang)) for p in priorities)
        sections.append(Section(heading=c.t("area.priorities", lang), items=items))
    else:
        sections.append(Section(text=c.t("area.no_priorities", lang)))
    return Answer(lang, c.t("area.title", lang, number=number), tuple(sections), source_for(c, k, lang))


def all_areas(c: Catalog, k: Knowledge, lang: str) -> Answer:
    """The five thematic areas, after the plan's sentence on them (approved by the Executive Committee)."""
    items = []
    for number, area in sorted(k.areas.items()):
        count = sum(1 for p in k.priorities if p.thematic_area == number)
        items.append(Item(f"{number}. {area.text(lang)}", (c.t("area.count", lang, count=count),)))
    said = [Section(text=p.text(lang)) for p in k.plan_passages if "areas" in p.topics]
    sections = (*said, Section(items=tuple(items)))
    return Answer(lang, c.t("area.list_title", lang), sections, source_for(c, k, lang))


def cross_cutting(c: Catalog, k: Knowledge, lang: str) -> Answer:
    plan = k.plan
    text = plan.cross_cutting.text(lang) if plan else ""
    broad = [p for p in k.priorities if p.gcm_scope in ("todos", "transversal")]
    sections = [Section(text=text)]
    if broad:
        items = tuple(Item(priority_label(c, p, lang), (objectives_summary(c, p, lang),)) for p in broad)
        sections.append(Section(heading=c.t("plan.cross_cutting_priorities", lang), items=items))
    return Answer(lang, c.t("plan.cross_cutting_title", lang), tuple(sections), source_for(c, k, lang))


def plan_info(c: Catalog, k: Knowledge, lang: str) -> Answer:
    plan = k.plan
    if plan is None:
        return Answer(lang, c.t("plan.none", lang), kind=NOT_FOUND)
    fields = (
        (c.t("plan.title_label", lang), plan.title_en if lang == "en" else plan.title_es),
        (c.t("plan.date_label", lang), c.date(plan.date, lang)),
        (c.t("plan.contents_label", lang), _contents(c, k, lang)),
    )
    sections = (Section(fields=fields), *plan_sections(c, k, lang))
    return Answer(lang, c.t("plan.info_title", lang), sections, source_for(c, k, lang),
                  examples=tuple(c.items("priority.list_examples", lang)))  # fmt: skip


def _contents(c: Catalog, k: Knowledge, lang: str) -> str:
    """What the plan holds, numbered as the plan numbers it: five core priorities, the second in two parts
    (2.1 and 2.2); four existing thematic working groups, one of them without a section of its own."""
    core = [p.number for p in k.priorities if p.kind == "core" and p.number]
    sections = sum(1 for p in k.priorities if p.kind == "working_group")
    named_only = sum(1 for p in k.plan_passages if p.kind == "group_existing")
    numbers = core[0] if len(core) < 2 else c.t("words.and", lang, first=", ".join(core[:-1]), last=core[-1])
    return c.t(
        "plan.contents", lang,
        core=len({n.split(".")[0] for n in core}), core_numbers=numbers,
        working_group=sections + named_only, with_section=sections,
        thematic=sum(1 for p in k.priorities if p.kind == "thematic"),
    )  # fmt: skip
