"""The status modal: which activity, its status, progress, obstacles and next steps.

Opening it shows what the person already reported this period; choosing an activity fills in their report
on it (this period's to edit, or else the previous period's, to change only what changed). An input whose
initial value must change gets a new block id, because Slack keeps what was typed under an old one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.render.blocks import cut, escape
from bot.render.i18n import Catalog
from bot.reporting.labels import STATUSES, activity_label, period_text
from bot.reporting.schedule import Period
from storage import reporting as store
from storage.models import Activity, StatusUpdate, WorkingGroup

CALLBACK_ID = "status_update"
ACTIVITY_BLOCK = "activity"
TEXT_FIELDS = ("progress", "obstacles", "next_steps")
MAX_TEXT = 3000
OPTION_TEXT = 75
View = dict[str, Any]


@dataclass(frozen=True)
class Draft:
    """What the form starts with: a chosen activity and the texts to show, and why they are there."""

    activity_id: int | None = None
    status: str | None = None
    texts: tuple[str, str, str] = ("", "", "")
    note: str | None = None  # "filled in from your report of ..."
    suffix: str = ""  # block id suffix: a new one makes Slack show the new initial values


def sign(secret: str, group: str, period: str, user: str) -> str:
    digest = hmac.new(secret.encode(), f"{group}|{period}|{user}".encode(), hashlib.sha256).hexdigest()[:32]
    return json.dumps({"g": group, "p": period, "u": user, "s": digest})


def verify(secret: str, metadata: str, user: str) -> tuple[str, str] | None:
    try:
        data = json.loads(metadata)
        group, period, signed_for, digest = str(data["g"]), str(data["p"]), str(data["u"]), str(data["s"])
    except (ValueError, KeyError, TypeError):
        return None
    expected = json.loads(sign(secret, group, period, user))["s"]
    if signed_for != user or not hmac.compare_digest(expected, digest):
        return None
    return group, period


def draft_for(
    c: Catalog, session: Session, group: WorkingGroup, period: Period, user: str, activity_id: int, lang: str
) -> Draft | None:
    """The person's report on an activity: this period's, else their latest earlier one; None if none."""
    current = store.update_by(session, group.key, period.key, activity_id, user)
    if current is not None:
        return _draft(current, c.t("reporting.modal.editing", lang))
    earlier = [
        u
        for u in store.previous_updates(session, group.key, user, period.key)
        if u.activity_id == activity_id
    ]
    if earlier:
        when = c.date(dt.date.fromisoformat(earlier[0].period_key), lang)
        return _draft(earlier[0], c.t("reporting.modal.prefilled", lang, date=when))
    return None


def _draft(update: StatusUpdate, note: str) -> Draft:
    texts = (update.progress, update.obstacles, update.next_steps)
    return Draft(update.activity_id, update.status, texts, note, f"@{update.activity_id}-{update.id}")


def modal_view(
    c: Catalog, session: Session, group: WorkingGroup, period: Period, lang: str, secret: str, user: str,
    zone: ZoneInfo, draft: Draft | None = None, warning: str | None = None,
) -> View:  # fmt: skip
    activities = store.followed_activities(session, group.follows)
    if draft is None and len(activities) == 1:  # nothing to choose: fill in their report on it, if any
        draft = draft_for(c, session, group, period, user, activities[0].id, lang) or Draft(activities[0].id)
    draft = draft or Draft()
    context = [
        c.t("reporting.modal.intro", lang, group=group.name_in(lang), period=period_text(c, period, lang),
            closes=c.moment(period.closes_at, lang, zone)),
    ]  # fmt: skip
    done = [u for u in store.updates_for(session, group.key, period.key) if u.author == user]
    if done:
        listed = "; ".join(
            f"{activity_label(c, u.activity, lang)} ({c.t(f'reporting.status.{u.status}', lang)})"
            for u in done
        )
        context.append(c.t("reporting.modal.already", lang, count=len(done), activities=listed))
    blocks: list[dict[str, Any]] = []
    if warning:
        blocks.append(_context(f"⚠️ {warning}"))
    blocks.append(_context("\n".join(context)))
    blocks.append(_activity_select(c, activities, draft.activity_id, lang))
    if draft.note:
        blocks.append(_context(draft.note))
    blocks.append(_status_select(c, draft, lang))
    labels = {name: c.t(f"reporting.modal.{name}", lang) for name in TEXT_FIELDS}
    hints = {"progress": c.t("reporting.modal.progress_hint", lang)}
    for name, value in zip(TEXT_FIELDS, draft.texts, strict=True):
        blocks.append(
            _text_input(name + draft.suffix, labels[name], name != "progress", value, hints.get(name))
        )
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": sign(secret, group.key, period.key, user),
        "title": {"type": "plain_text", "text": cut(c.t("reporting.modal.title", lang), 24)},
        "submit": {"type": "plain_text", "text": c.t("reporting.modal.submit", lang)},
        "close": {"type": "plain_text", "text": c.t("reporting.modal.close", lang)},
        "blocks": blocks,
    }


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": cut(escape(text), 2000)}]}


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": cut(text, OPTION_TEXT)}, "value": value}


def _activity_select(c: Catalog, activities: list[Activity], chosen: int | None, lang: str) -> dict[str, Any]:
    options = [
        _option(f"{activity_label(c, a, lang)}: {a.text_en if lang == 'en' else a.text_es}", str(a.id))
        for a in activities[:100]
    ]
    element: dict[str, Any] = {"type": "static_select", "action_id": "value", "options": options}
    initial = next((o for o in options if o["value"] == str(chosen)), None)
    if initial is not None:
        element["initial_option"] = initial
    # Choosing an activity tells the app at once, so it can fill in the person's report on it.
    return {"type": "input", "block_id": ACTIVITY_BLOCK, "dispatch_action": True,
            "label": {"type": "plain_text", "text": c.t("reporting.modal.activity", lang)}, "element": element}  # fmt: skip


def _status_select(c: Catalog, draft: Draft, lang: str) -> dict[str, Any]:
    options = [_option(c.t(f"reporting.status.{s}", lang), s) for s in STATUSES]
    element: dict[str, Any] = {"type": "static_select", "action_id": "value", "options": options}
    initial = next((o for o in options if o["value"] == draft.status), None)
    if initial is not None:
        element["initial_option"] = initial
    return {"type": "input", "block_id": "status" + draft.suffix,
            "label": {"type": "plain_text", "text": c.t("reporting.modal.status", lang)}, "element": element}  # fmt: skip


def _text_input(block: str, label: str, optional: bool, value: str, hint: str | None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": True,
        "max_length": MAX_TEXT,
    }
    if value:
        element["initial_value"] = value[:MAX_TEXT]
    if hint:
        element["placeholder"] = {"type": "plain_text", "text": hint}
    return {"type": "input", "block_id": block, "optional": optional,
            "label": {"type": "plain_text", "text": label}, "element": element}  # fmt: skip
