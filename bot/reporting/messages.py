"""What the clock sends: the status prompt, the nudge, and the group's summary when a period closes."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.render.answer import plain_moments
from bot.render.blocks import escape, fallback_text, render_blocks
from bot.render.i18n import Catalog
from bot.reporting.labels import period_text
from bot.reporting.schedule import Period
from bot.reporting.summary import summary_answer
from storage.models import WorkingGroup

OPEN_MODAL_ACTION = "open_status_modal"
NO_CHANGES_ACTION = "report_no_changes"
Blocks = list[dict[str, Any]]


def report_buttons(
    c: Catalog,
    group: WorkingGroup,
    period: Period,
    lang: str,
    no_changes: bool,
    label: str = "reporting.button",
) -> Blocks:
    """ "Informar avance" (opens the modal) and, when asked, "Sin cambios" (copies the last period's reports)."""
    value = json.dumps({"g": group.key, "p": period.key})
    elements: Blocks = [
        {
            "type": "button",
            "action_id": OPEN_MODAL_ACTION,
            "style": "primary",
            "text": {"type": "plain_text", "text": c.t(label, lang)},
            "value": value,
        }
    ]
    if no_changes:
        elements.append(
            {
                "type": "button",
                "action_id": NO_CHANGES_ACTION,
                "text": {"type": "plain_text", "text": c.t("reporting.no_changes_button", lang)},
                "value": value,
            }
        )
    return [{"type": "actions", "elements": elements}]


def prompt_message(
    c: Catalog, group: WorkingGroup, period: Period, lang: str, nudge: bool, zone: ZoneInfo | None = None
) -> tuple[Blocks, str]:
    key = "reporting.nudge" if nudge else "reporting.prompt"
    closes = c.moment(period.closes_at, lang, zone or ZoneInfo("America/Mexico_City"))
    text = c.t(key, lang, group=group.name_in(lang), period=period_text(c, period, lang), closes=closes)
    blocks: Blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": escape(text)}},
        *report_buttons(c, group, period, lang, no_changes=True),
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": escape(c.t("reporting.prompt_hint", lang))}],
        },
    ]
    return blocks, escape(plain_moments(text))


def summary_message(
    c: Catalog, session: Session, group: WorkingGroup, period: Period, lang: str
) -> tuple[Blocks, str]:
    answer = summary_answer(c, session, group, period, lang)
    return render_blocks(answer, c), fallback_text(answer, c)
