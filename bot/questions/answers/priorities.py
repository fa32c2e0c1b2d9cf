"""Answers about one or more priorities: what they are, who leads, who takes part, objectives, timelines."""

from __future__ import annotations

from bot.knowledge.snapshot import Knowledge, PriorityInfo
from bot.questions.answers.format import (
    activity_item,
    priority_label,
    priority_name,
    roles_text,
    source_for,
    timeline_text,
)
from bot.questions.answers.plan_text import quoted_sections
from bot.render.answer import NOT_FOUND, Answer, Item, Section
from bot.render.i18n import Catalog
from bot.text import shorten


def _source(c: Catalog, k: Knowledge, ps: list[PriorityInfo], lang: str) -> str:
    return source_for(c, k, lang, ps[0] if len(ps) == 1 else None)


def _title(c: Catalog, key: str, ps: list[PriorityInfo], lang: str) -> str:
    names = ", ".join(priority_name(c, p, lang) for p in ps)
    return c.t(key, lang, name=names)


def overview(c: Catalog, k: Knowledge, ps: list[PriorityInfo], lang: str) -> Answer:
    sections: list[Section] = []
    for p in ps:
        fields = [(c.t("labels.leads", lang, count=lead_count(p)), leads_summary(c, p, lang))]
        fields.append((c.t("labels.gcm_objectives", lang), objectives_summary(c, p, lang)))
        if p.thematic_area and p.thematic_area in k.areas:
            area = k.areas[p.thematic_area].text(lang)
            fields.append((c.t("labels.thematic_area", lang), f"{p.thematic_area}. {area}"))
        sections.append(Section(heading=priority_label(c, p, lang), fields=tuple(fields)))
        items = [activity_item(c, p, a, lang, full=True) for a in p.activities]
        sections.append(Section(heading=c.t("labels.activities", lang), items=tuple(items)))
        participants = participants_sections(c, p, lang, compact=True)
        sections.extend(participants)
        sections.extend(quoted_sections(c, k, lang, related=p.key))  # the plan's word on it elsewhere
    return Answer(
        lang, _title(c, "priority.overview_title", ps, lang), tuple(sections), _source(c, k, ps, lang)
    )


def lead_count(p: PriorityInfo) -> int:
    """How many entities lead the priority, whole or per activity: its "lead entities" label agrees with it
    (an unnamed lead reads as one: "Entidad encargada: no se especifica")."""
    return len({r.entity.key for r in p.all_leads()}) or 1


def leads_summary(c: Catalog, p: PriorityInfo, lang: str) -> str:
    if p.leads:
        return roles_text(c, p.leads, lang)
    per_activity = [a for a in p.activities if a.leads]
    if not per_activity:
        return c.t("leads.not_specified_short", lang)
    return c.t("leads.per_activity", lang)


def objectives_summary(c: Catalog, p: PriorityInfo, lang: str) -> str:
    if p.gcm_scope == "todos":
        return c.t("gcm.all", lang)
    if p.gcm_scope == "transversal":
        return c.t("gcm.transversal", lang)
    if not p.gcm_numbers:
        return c.t("gcm.none", lang)
    return ", ".join(str(n) for n in p.gcm_numbers)


def leads(c: Catalog, k: Knowledge, ps: list[PriorityInfo], lang: str) -> Answer:
    sections = []
    for p in ps:
        if p.leads:
            text = c.t("leads.priority_level", lang, leads=roles_text(c, p.leads, lang), count=len(p.leads))
            sections.append(Section(heading=priority_label(c, p, lang), text=text))
            continue
        items = [
            Item(
                c.t("activity.label", lang, number=a.number) + ": " + _short(a.text(lang)),
                (
                    c.t("labels.leads_inline", lang, leads=roles_text(c, a.leads, lang), count=len(a.leads))
                    if a.leads
                    else c.t("leads.activity_not_specified", lang),
                ),
            )
            for a in p.activities
        ]
        if any(a.leads for a in p.activities):
            sections.append(Section(heading=priority_label(c, p, lang), text=c.t("leads.by_activity", lang),
                                    items=tuple(items)))  # fmt: skip
        else:
            sections.append(
                Section(heading=priority_label(c, p, lang), text=c.t("leads.not_specified", lang))
            )
    return Answer(lang, _title(c, "leads.title", ps, lang), tuple(sections), _source(c, k, ps, lang))


def _short(text: str) -> str:
    return shorten(text, 120)


def participants_sections(c: Catalog, p: PriorityInfo, lang: str, compact: bool = False) -> list[Section]:
    sections = []
    label = p.participants_label(lang)
    if p.participants:
        heading = c.t("labels.participants", lang) + (f" ({label})" if label else "")
        sections.append(Section(heading=heading, text=roles_text(c, p.participants, lang)))
    if p.observers:
        sections.append(Section(heading=c.t("labels.observers", lang), text=roles_text(c, p.observers, lang)))
    items = []
    for a in p.activities:
        if a.participants is None and not a.participants_note(lang):
            continue
        parts = [r.label(lang) for r in a.participants or ()]
        note = a.participants_note(lang)
        if note:
            parts.append(note)
        items.append(
            Item(
                c.t("activity.label", lang, number=a.number) + ": "
                + (", ".join(parts) if parts else c.t("participants.activity_none", lang))
            )
        )  # fmt: skip
    if items:
        sections.append(Section(heading=c.t("participants.by_activity", lang), items=tuple(items)))
    if not sections and not compact:
        sections.append(Section(text=c.t("participants.not_specified", lang)))
    return sections


def participants(c: Catalog, k: Knowledge, ps: list[PriorityInfo], lang: str) -> Answer:
    sections: list[Section] = []
    for p in ps:
        sections.append(Section(heading=priority_label(c, p, lang)))
        sections.extend(participants_sections(c, p, lang))
    return Answer(lang, _title(c, "participants.title", ps, lang), tuple(sections), _source(c, k, ps, lang))


def observers(c: Catalog, k: Knowledge, ps: list[PriorityInfo], lang: str) -> Answer:
    """Observers are named for few priorities: for the others, the answer says the plan names none."""
    sections = []
    for p in ps:
        if p.observers:
            sections.append(
                Section(heading=priority_label(c, p, lang), text=roles_text(c, p.observers, lang))
            )
        else:
            name = priority_name(c, p, lang)
            none = c.t(f"observers.none.{p.kind}", lang, name=name[:1].lower() + name[1:])
            sections.append(Section(text=none))
    title = c.t("observers.title", lang, names=", ".join(priority_name(c, p, lang) for p in ps))
    return Answer(lang, title, tuple(sections), _source(c, k, ps, lang))


def objectives(c: Catalog, k: Knowledge, ps: list[PriorityInfo], lang: str) -> Answer:
    sections = []
    for p in ps:
        if p.gcm_numbers:
            items = tuple(
                Item(f"{n}. {k.objectives[n].text(lang)}" if n in k.objectives else str(n))
                for n in p.gcm_numbers
            )
            sections.append(Section(heading=priority_label(c, p, lang), items=items))
        else:
            sections.append(Section(heading=priority_label(c, p, lang), text=objectives_summary(c, p, lang)))
    return Answer(lang, _title(c, "gcm.priority_title", ps, lang), tuple(sections), _source(c, k, ps, lang))


def timelines(c: Catalog, k: Knowledge, ps: list[PriorityInfo], lang: str) -> Answer:
    sections = []
    for p in ps:
        items = tuple(
            Item(c.t("activity.label", lang, number=a.number) + ": " + _short(a.text(lang)),
                 (timeline_text(c, a, lang),))
            for a in p.activities
        )  # fmt: skip
        sections.append(Section(heading=priority_label(c, p, lang), items=items))
    return Answer(lang, _title(c, "timeline.title", ps, lang), tuple(sections), _source(c, k, ps, lang))


def listing(c: Catalog, k: Knowledge, lang: str, kind: str | None = None) -> Answer:
    sections = []
    for group in ("core", "working_group", "thematic"):
        if kind and group != kind:
            continue
        items = tuple(Item(priority_label(c, p, lang)) for p in k.priorities if p.kind == group)
        if items:
            sections.append(Section(heading=c.t(f"priority.group_heading.{group}", lang), items=items))
    return Answer(lang, c.t("priority.list_title", lang), tuple(sections), source_for(c, k, lang),
                  examples=tuple(c.items("priority.list_examples", lang)))  # fmt: skip


def activity_detail(c: Catalog, k: Knowledge, p: PriorityInfo, number: int, lang: str) -> Answer:
    """Everything the plan says about one activity."""
    activity = next((a for a in p.activities if a.number == number), None)
    if activity is None:
        text = c.t(
            "activity.unknown", lang, name=priority_name(c, p, lang), number=number, count=len(p.activities)
        )
        return overview(c, k, [p], lang) if not p.activities else Answer(
            lang, c.t("activity.unknown_title", lang), (Section(text=text),), _source(c, k, [p], lang),
            examples=(c.t("activity.example", lang, name=priority_name(c, p, lang).lower()),), understood=False,
            kind=NOT_FOUND,
        )  # fmt: skip
    fields = [(c.t("labels.timeline", lang), timeline_text(c, activity, lang, original=True))]
    if activity.leads:
        label = c.t("labels.leads", lang, count=len(activity.leads))
        fields.append((label, roles_text(c, activity.leads, lang)))
    elif p.leads:
        label = c.t("labels.leads", lang, count=len(p.leads))
        fields.append((label, roles_text(c, p.leads, lang) + c.t("activity.priority_level", lang)))
    else:
        fields.append((c.t("labels.leads", lang, count=1), c.t("leads.not_specified_short", lang)))
    parts = [r.label(lang) for r in activity.participants or ()]
    note = activity.participants_note(lang)
    if note:
        parts.append(note)
    if parts:
        fields.append((c.t("labels.participants", lang), ", ".join(parts)))
    elif activity.participants is not None:
        fields.append((c.t("labels.participants", lang), c.t("participants.activity_none", lang)))
    elif p.participants:
        value = roles_text(c, p.participants, lang) + c.t("activity.priority_level", lang)
        fields.append((c.t("labels.participants", lang), value))
    title = f"{priority_name(c, p, lang)}, {c.t('activity.label', lang, number=number).lower()}"
    sections = (Section(text=activity.text(lang)), Section(fields=tuple(fields)),
                Section(text=priority_label(c, p, lang)))  # fmt: skip
    return Answer(lang, title, sections, _source(c, k, [p], lang))
