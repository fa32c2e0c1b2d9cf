"""The status modal: what it shows, and what happens to a submission.

private_metadata carries the group, the period and the person, signed with an HMAC, so a forged or
altered submission is refused. Invalid input is answered inside the modal (Slack's response_action
errors); nothing is stored unless everything is right, and what is right is never lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import unicodedata
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.i18n import Catalog
from bot.reporting.messages import STATUSES, activity_label, group_name, period_text
from bot.reporting.schedule import Period, current_or_next_period
from storage import reporting as store
from storage.models import Activity, WorkingGroup

CALLBACK_ID = "status_update"
MAX_TEXT = 3000
MIN_PROGRESS = 3
OPTION_TEXT = 75


@dataclass(frozen=True)
class Outcome:
    errors: dict[str, str]
    saved: str | None = None  # the thank-you text when stored


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


def may_report(group: WorkingGroup, user: str, admins: list[str]) -> bool:
    return user in admins or any(m.slack_user_id == user for m in group.members)


def modal_view(
    c: Catalog, session: Session, group: WorkingGroup, period: Period, lang: str, secret: str, user: str
) -> dict[str, Any]:
    activities = store.followed_activities(session, group.follows)

    def option(text: str, value: str) -> dict[str, Any]:
        return {"text": {"type": "plain_text", "text": _cut(text, OPTION_TEXT)}, "value": value}

    activity_options = [
        option(f"{activity_label(c, a, lang)}: {a.text_en if lang == 'en' else a.text_es}", str(a.id))
        for a in activities[:100]
    ]
    status_options = [option(c.t(f"reporting.status.{s}", lang), s) for s in STATUSES]
    intro = c.t(
        "reporting.modal.intro", lang, group=group_name(group, lang), period=period_text(c, period, lang)
    )

    def text_input(block: str, label: str, optional: bool, hint: str | None = None) -> dict[str, Any]:
        element: dict[str, Any] = {
            "type": "plain_text_input",
            "action_id": "value",
            "multiline": True,
            "max_length": MAX_TEXT,
        }
        if hint:
            element["placeholder"] = {"type": "plain_text", "text": hint}
        return {
            "type": "input",
            "block_id": block,
            "optional": optional,
            "label": {"type": "plain_text", "text": label},
            "element": element,
        }

    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": sign(secret, group.key, period.key, user),
        "title": {"type": "plain_text", "text": _cut(c.t("reporting.modal.title", lang), 24)},
        "submit": {"type": "plain_text", "text": c.t("reporting.modal.submit", lang)},
        "close": {"type": "plain_text", "text": c.t("reporting.modal.close", lang)},
        "blocks": [
            {"type": "context", "elements": [{"type": "plain_text", "text": _cut(intro, 2000)}]},
            {"type": "input", "block_id": "activity", "label": {"type": "plain_text", "text": c.t("reporting.modal.activity", lang)},
             "element": {"type": "static_select", "action_id": "value", "options": activity_options}},
            {"type": "input", "block_id": "status", "label": {"type": "plain_text", "text": c.t("reporting.modal.status", lang)},
             "element": {"type": "static_select", "action_id": "value", "options": status_options}},
            text_input("progress", c.t("reporting.modal.progress", lang), False, c.t("reporting.modal.progress_hint", lang)),
            text_input("obstacles", c.t("reporting.modal.obstacles", lang), True),
            text_input("next_steps", c.t("reporting.modal.next_steps", lang), True),
        ],
    }  # fmt: skip


def period_for(group: WorkingGroup, zone: ZoneInfo, now: dt.datetime) -> Period:
    from bot.reporting.outbox import schedule_of

    return current_or_next_period(schedule_of(group), zone, now)


def submit(c: Catalog, session: Session, lang: str, secret: str, admins: list[str], zone: ZoneInfo,
           user: str, metadata: str, values: dict[str, Any], now: dt.datetime) -> Outcome:  # fmt: skip
    verified = verify(secret, metadata, user)
    group = store.group(session, verified[0]) if verified else None
    if verified is None or group is None or group.archived:
        return Outcome({"activity": c.t("reporting.errors.forged", lang)})
    if not may_report(group, user, admins):
        return Outcome({"activity": c.t("reporting.errors.not_member", lang)})
    activities = {a.id: a for a in store.followed_activities(session, group.follows)}
    errors, fields = _validate(c, lang, values, activities)
    if errors:
        return Outcome(errors)
    period = verified[1]
    current = period_for(group, zone, now)
    moved = period < current.key
    if moved:  # the period closed while the modal was open: the report goes to the next one
        period = current.key
    agency = next((m.agency for m in group.members if m.slack_user_id == user), None)
    store.save_update(
        session,
        {"group_key": group.key, "period_key": period, "author": user, "agency": agency, **fields},
        now,
    )
    activity = activities[int(fields["activity_id"])]
    status = c.t(f"reporting.status.{fields['status']}", lang)
    saved = c.t("reporting.saved", lang, activity=activity_label(c, activity, lang), status=status)
    return Outcome({}, f"{saved} {c.t('reporting.errors.closed', lang)}" if moved else saved)


def _validate(
    c: Catalog, lang: str, values: dict[str, Any], activities: dict[int, Activity]
) -> tuple[dict[str, str], dict[str, Any]]:
    errors: dict[str, str] = {}
    activity = _selected(values, "activity")
    if not activity.isdigit() or int(activity) not in activities:
        errors["activity"] = c.t("reporting.errors.activity", lang)
    status = _selected(values, "status")
    if status not in STATUSES:
        errors["status"] = c.t("reporting.errors.status", lang)
    texts = {name: _clean(_typed(values, name)) for name in ("progress", "obstacles", "next_steps")}
    if len(texts["progress"]) < MIN_PROGRESS:
        errors["progress"] = c.t("reporting.errors.progress", lang)
    for name, text in texts.items():
        if len(text) > MAX_TEXT:
            errors[name] = c.t("reporting.errors.too_long", lang, limit=MAX_TEXT)
    if status in ("bloqueado", "en_riesgo") and not texts["obstacles"] and "obstacles" not in errors:
        errors["obstacles"] = c.t("reporting.errors.obstacles_needed", lang)
    fields = {"activity_id": int(activity) if activity.isdigit() else 0, "status": status, **texts}
    return errors, fields


def _selected(values: dict[str, Any], block: str) -> str:
    option = ((values.get(block) or {}).get("value") or {}).get("selected_option") or {}
    return str(option.get("value") or "")


def _typed(values: dict[str, Any], block: str) -> str:
    return str(((values.get(block) or {}).get("value") or {}).get("value") or "")


def _clean(text: str) -> str:
    """Keep what people wrote, minus control characters (line breaks stay)."""
    kept = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return kept.strip()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
