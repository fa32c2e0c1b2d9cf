"""Answers from the work plan's text outside its priorities: a working group it names only in passing (what
the plan says of it, and plainly that it gives no activities, leads or participants for it)."""

from __future__ import annotations

from bot.knowledge.plan_text import GROUP_KINDS, PassageInfo
from bot.knowledge.snapshot import Knowledge
from bot.questions.answers.format import priority_label, source_for
from bot.render.answer import Answer, Item, Section
from bot.render.i18n import Catalog


def mentioned_group(c: Catalog, k: Knowledge, passage: PassageInfo, lang: str) -> Answer:
    sections = [
        Section(text=c.t(f"passage.{passage.kind}", lang)),
        Section(heading=c.t("passage.plan_says", lang), text=passage.text(lang)),
    ]
    related = k.priority_by_key.get(passage.related or "")
    if related is not None:
        sections.append(
            Section(heading=c.t("passage.related", lang), items=(Item(priority_label(c, related, lang)),))
        )
    title = c.t("passage.group_title", lang, name=passage.name(lang))
    return Answer(lang, title, tuple(sections), source_for(c, k, lang))


def on_topic(k: Knowledge, topic: str) -> list[PassageInfo]:
    return [p for p in k.plan_passages if topic in p.topics]


def quoted_sections(
    c: Catalog, k: Knowledge, lang: str, topic: str | None = None, related: str | None = None
) -> list[Section]:
    """The plan's passages on a topic, or related to a priority, each as a section of its own, headed once
    by where they come from (they join answers whose source is another: the terms of reference)."""
    found = [
        p for p in k.plan_passages if (topic in p.topics) or (related is not None and p.related == related)
    ]
    return [
        Section(heading=c.t("passage.from_plan", lang) if i == 0 else None, text=p.text(lang))
        for i, p in enumerate(found)
    ]


def plan_sections(c: Catalog, k: Knowledge, lang: str) -> list[Section]:
    """The plan's introduction, then its core components (what the core priorities comprise)."""
    sections = [Section(heading=c.t("passage.introduction", lang) if i == 0 else None, text=p.text(lang))
                for i, p in enumerate(on_topic(k, "plan"))]  # fmt: skip
    components = on_topic(k, "components")
    lead = [p for p in components if p.kind != "core_component"]
    items = tuple(Item(p.text(lang)) for p in components if p.kind == "core_component")
    if items:
        text = lead[0].text(lang) if lead else None
        sections.append(Section(heading=c.t("passage.components", lang), text=text, items=items))
    return sections


def mentioned_groups_section(c: Catalog, k: Knowledge, lang: str) -> Section | None:
    """The groups the plan names only in passing, each with what it says of them, for the groups listing."""
    items = tuple(
        Item(p.name(lang), (c.t(f"passage.{p.kind}_short", lang),))
        for p in k.plan_passages
        if p.kind in GROUP_KINDS
    )
    return Section(heading=c.t("passage.groups_heading", lang), items=items) if items else None
