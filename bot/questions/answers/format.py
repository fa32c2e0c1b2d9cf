"""Shared pieces of answers: how priorities, activities, roles and dates are named."""

from __future__ import annotations

from collections.abc import Iterable

from bot.knowledge.snapshot import ActivityInfo, Knowledge, PriorityInfo, RoleInfo
from bot.render.answer import Item
from bot.render.i18n import Catalog
from bot.render.timelines import timeline_words
from bot.text import shorten
from bot.time.dates import DateRange


def priority_name(c: Catalog, p: PriorityInfo, lang: str) -> str:
    if p.kind == "working_group":
        return c.t("priority.working_group", lang, name=p.short_name(lang))
    return c.t(f"priority.{p.kind}", lang, number=p.number)


def priority_label(c: Catalog, p: PriorityInfo, lang: str) -> str:
    """ "Prioridad temática 3: <title>", or the group's full title for working groups."""
    if p.kind == "working_group":
        return c.t("priority.working_group", lang, name=p.title(lang))
    return f"{priority_name(c, p, lang)}: {p.title(lang)}"


def source_for(c: Catalog, k: Knowledge, lang: str, priority: PriorityInfo | None = None) -> str:
    plan = k.plan
    title = (plan.title_en if lang == "en" else plan.title_es) if plan else ""
    if priority is None:
        return c.t("source.plan", lang, plan=title)
    return c.t("source.priority", lang, plan=title, name=priority_name(c, priority, lang).lower())


def roles_text(c: Catalog, roles: Iterable[RoleInfo], lang: str) -> str:
    labels = [r.label(lang) for r in roles]
    return ", ".join(labels)


def timeline_text(
    c: Catalog, a: ActivityInfo, lang: str, within: DateRange | None = None, original: bool = False
) -> str:
    """The plan's own phrases in Spanish; in English, the same phrases said in English, each followed by the
    plan's own words when `original` (an activity's card). Then each window's deadline, or only those
    `within` a period (what is due then, what is overdue)."""
    if not a.timeline:
        return c.t("activity.no_timeline", lang)
    if lang == "es":
        phrases = "; ".join(a.timeline)
    elif original:
        phrases = "; ".join(
            c.t("activity.timeline_original", lang, words=timeline_words(c, t, lang), original=t.phrase)
            for t in a.timelines
        )
    else:
        phrases = "; ".join(timeline_words(c, t, lang) for t in a.timelines)
    parts = [phrases]
    dates = a.deadlines_in(within) if within is not None else a.deadlines
    if dates:
        said = [c.date(d, lang) for d in dates]
        listed = (
            said[0]
            if len(said) == 1
            else c.t("activity.and", lang, first=", ".join(said[:-1]), last=said[-1])
        )
        parts.append(c.t("activity.due_on" if len(said) == 1 else "activity.due_each", lang, date=listed))
    if a.continues_after:
        parts.append(c.t("activity.continues", lang))
    return " · ".join(parts)


def activity_item(
    c: Catalog,
    p: PriorityInfo,
    a: ActivityInfo,
    lang: str,
    with_priority: bool = False,
    full: bool = False,
    within: DateRange | None = None,
) -> Item:
    text = a.text(lang) if full else shorten(a.text(lang))
    heading = c.t("activity.label", lang, number=a.number)
    if with_priority:
        heading = f"{priority_name(c, p, lang)}, {heading.lower()}"
    details = [c.t("activity.timeline", lang, timeline=timeline_text(c, a, lang, within))]
    leads = a.leads or p.leads
    if leads:
        details.append(c.t("labels.leads_inline", lang, leads=roles_text(c, leads, lang), count=len(leads)))
    return Item(f"{heading}: {text}", tuple(details))
