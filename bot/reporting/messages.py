"""What the clock sends: the status prompt, the nudge, and the group's summary when a period closes."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from bot.answer import Answer, Item, Section, mention
from bot.i18n import Catalog
from bot.render_blocks import escape, render_blocks
from bot.reporting.schedule import Period
from storage import reporting as store
from storage.models import StatusUpdate, WorkingGroup

OPEN_MODAL_ACTION = "open_status_modal"
STATUSES = ("no_iniciado", "en_curso", "en_riesgo", "bloqueado", "completado")
# Blocked and at-risk activities lead the summary.
SUMMARY_ORDER = {"bloqueado": 0, "en_riesgo": 1, "en_curso": 2, "no_iniciado": 3, "completado": 4}
Blocks = list[dict[str, Any]]


def group_name(group: WorkingGroup, lang: str) -> str:
    return group.name_en if lang == "en" else group.name_es


def period_text(c: Catalog, period: Period, lang: str) -> str:
    return c.t(
        "reporting.period",
        lang,
        opens=c.date(period.opens_at.date(), lang),
        closes=c.date(period.closes_at.date(), lang),
    )


def prompt_message(
    c: Catalog, group: WorkingGroup, period: Period, lang: str, nudge: bool
) -> tuple[Blocks, str]:
    key = "reporting.nudge" if nudge else "reporting.prompt"
    closes = f"{c.weekday(period.closes_at.date(), lang)} {c.date(period.closes_at.date(), lang)}, {period.closes_at:%H:%M}"
    text = c.t(key, lang, group=group_name(group, lang), period=period_text(c, period, lang), closes=closes)
    button: dict[str, Any] = {
        "type": "button",
        "action_id": OPEN_MODAL_ACTION,
        "style": "primary",
        "text": {"type": "plain_text", "text": c.t("reporting.button", lang)},
        "value": json.dumps({"g": group.key, "p": period.key}),
    }
    blocks: Blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": escape(text)}},
        {"type": "actions", "elements": [button]},
    ]
    return blocks, text


def summary_answer(c: Catalog, session: Session, group: WorkingGroup, period: Period, lang: str) -> Answer:
    updates = store.updates_for(session, group.key, period.key)
    latest: dict[int, StatusUpdate] = {}
    for update in updates:  # the most recent word on each activity
        latest[update.activity_id] = update
    sections: list[Section] = []
    items = []
    for update in sorted(latest.values(), key=lambda u: (SUMMARY_ORDER.get(u.status, 9), u.activity_id)):
        activity = update.activity
        label = activity_label(c, activity, lang)
        details = [c.t("reporting.progress", lang, text=update.progress)]
        if update.obstacles:
            details.append(c.t("reporting.obstacles", lang, text=update.obstacles))
        if update.next_steps:
            details.append(c.t("reporting.next_steps", lang, text=update.next_steps))
        details.append(c.t("reporting.by", lang, author=mention(update.author)))
        status = c.t(f"reporting.status.{update.status}", lang)
        items.append(Item(f"{status.upper()} · {label}: {_activity_text(activity, lang)}", tuple(details)))
    if items:
        sections.append(Section(heading=c.t("reporting.by_activity", lang), items=tuple(items)))
    else:
        sections.append(Section(text=c.t("reporting.no_reports", lang)))
    followed = store.followed_activities(session, group.follows)
    silent = [a for a in followed if a.id not in latest]
    if silent:
        names = "; ".join(activity_label(c, a, lang) for a in silent)
        sections.append(Section(heading=c.t("reporting.no_news", lang), text=names))
    reported = store.reporters(session, group.key, period.key)
    members = [m.slack_user_id for m in group.members]
    sections.append(Section(fields=(
        (c.t("reporting.reported", lang), ", ".join(mention(u) for u in members if u in reported) or "—"),
        (c.t("reporting.not_reported", lang), ", ".join(mention(u) for u in members if u not in reported) or "—"),
    )))  # fmt: skip
    title = c.t("reporting.summary_title", lang, group=group_name(group, lang))
    return Answer(lang, title, (Section(text=period_text(c, period, lang)), *sections), kind="summary")


def summary_message(
    c: Catalog, session: Session, group: WorkingGroup, period: Period, lang: str
) -> tuple[Blocks, str]:
    answer = summary_answer(c, session, group, period, lang)
    from bot.render_blocks import fallback_text

    return render_blocks(answer, c), fallback_text(answer, c)


def activity_label(c: Catalog, activity: Any, lang: str) -> str:
    """ "Prioridad temática 1, actividad 6" from an activity row."""
    p = activity.priority
    if p.kind == "working_group":
        name = c.t("priority.working_group", lang, name=p.short_name_en if lang == "en" else p.short_name_es)
    else:
        name = c.t(f"priority.{p.kind}", lang, number=p.number)
    return f"{name}, {c.t('activity.label', lang, number=activity.number).lower()}"


def _activity_text(activity: Any, lang: str) -> str:
    from bot.answers.format import shorten

    return shorten(activity.text_en if lang == "en" else activity.text_es, 140)
