"""Status updates from the modal: checked, stored, or answered inside the modal; "sin cambios" copies.

The modal's private_metadata carries the group, the period and the person, signed with the app's secret, so
a forged or altered submission is refused. Invalid input is answered inside the modal (Slack's
response_action errors); nothing is stored unless everything is right, and what is right is never lost: a
form sent after its period closed is shown again, filled in, for the period now open, never moved silently.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.render.blocks import escape
from bot.render.i18n import Catalog
from bot.reporting.groups import schedule_of
from bot.reporting.labels import STATUSES, activity_label, period_text
from bot.reporting.messages import report_buttons
from bot.reporting.modal import MAX_TEXT, TEXT_FIELDS, Draft, modal_view, verify
from bot.reporting.schedule import Period, current_or_next_period, period_by_key
from storage import reporting as store
from storage.models import Activity, WorkingGroup

MIN_PROGRESS = 3


@dataclass(frozen=True)
class Outcome:
    errors: dict[str, str] = field(default_factory=dict)
    saved: str | None = None  # the thank-you text when stored
    blocks: list[dict[str, Any]] | None = None  # the thank-you with a "report another activity" button
    view: dict[str, Any] | None = None  # the form again, for Slack to show instead (response_action update)


@dataclass(frozen=True)
class Context:
    """What a submission is checked against."""

    secret: str
    admins: list[str]
    zone: ZoneInfo
    now: dt.datetime


def may_report(group: WorkingGroup, user: str, admins: list[str]) -> bool:
    return user in admins or any(m.slack_user_id == user for m in group.members)


def period_for(group: WorkingGroup, zone: ZoneInfo, now: dt.datetime) -> Period:
    return current_or_next_period(schedule_of(group), zone, now)


def submit(c: Catalog, session: Session, lang: str, ctx: Context, user: str, metadata: str,
           values: dict[str, Any]) -> Outcome:  # fmt: skip
    verified = verify(ctx.secret, metadata, user)
    group = store.group(session, verified[0]) if verified else None
    if verified is None or group is None or group.archived:
        return Outcome({"activity": c.t("reporting.errors.forged", lang)})
    if not may_report(group, user, ctx.admins):
        return Outcome({"activity": c.t("reporting.errors.not_member", lang)})
    activities = {a.id: a for a in store.followed_activities(session, group.follows)}
    errors, fields = _validate(c, lang, values, activities)
    if errors:
        return Outcome(errors)
    current = period_for(group, ctx.zone, ctx.now)
    if verified[1] < current.key:  # it closed while the form was open: show it again for the open period
        draft = Draft(int(fields["activity_id"]), str(fields["status"]),
                      (fields["progress"], fields["obstacles"], fields["next_steps"]), suffix="@late")  # fmt: skip
        closed = period_by_key(schedule_of(group), ctx.zone, verified[1])
        warning = c.t("reporting.errors.closed", lang, current=period_text(c, current, lang),
                      period=period_text(c, closed, lang) if closed else verified[1])  # fmt: skip
        return Outcome(
            view=modal_view(c, session, group, current, lang, ctx.secret, user, ctx.zone, draft, warning)
        )
    agency = next((m.agency for m in group.members if m.slack_user_id == user), None)
    store.save_update(
        session, {"group_key": group.key, "period_key": current.key, "author": user, "agency": agency, **fields},
        ctx.now,
    )  # fmt: skip
    activity = activities[int(fields["activity_id"])]
    status = c.t(f"reporting.status.{fields['status']}", lang)
    saved = c.t("reporting.saved", lang, activity=activity_label(c, activity, lang), status=status)
    buttons = report_buttons(c, group, current, lang, no_changes=False, label="reporting.another_button")
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": escape(saved)}}, *buttons]
    return Outcome(saved=saved, blocks=blocks)


def copy_previous(
    c: Catalog, session: Session, lang: str, ctx: Context, group: WorkingGroup, user: str
) -> str:
    """ "Sin cambios": the person's reports of their last reported period, copied into the open one (never
    over a report they already made for it)."""
    current = period_for(group, ctx.zone, ctx.now)
    earlier = store.previous_updates(session, group.key, user, current.key)
    if not earlier:
        return c.t("reporting.no_changes.nothing", lang)
    agency = next((m.agency for m in group.members if m.slack_user_id == user), None)
    copied = []
    for update in earlier:
        if store.update_by(session, group.key, current.key, update.activity_id, user) is not None:
            continue
        values: dict[str, object] = {"group_key": group.key, "period_key": current.key, "author": user, "agency": agency,
                  "activity_id": update.activity_id, "status": update.status, "progress": update.progress,
                  "obstacles": update.obstacles, "next_steps": update.next_steps}  # fmt: skip
        store.save_update(session, values, ctx.now)
        copied.append(
            f"{activity_label(c, update.activity, lang)} ({c.t(f'reporting.status.{update.status}', lang)})"
        )
    if not copied:
        return c.t("reporting.no_changes.already", lang)
    return c.t("reporting.no_changes.done", lang, count=len(copied), activities="; ".join(copied),
               period=period_text(c, current, lang))  # fmt: skip


def _validate(
    c: Catalog, lang: str, values: dict[str, Any], activities: dict[int, Activity]
) -> tuple[dict[str, str], dict[str, Any]]:
    errors: dict[str, str] = {}
    blocks = {name: _block_id(values, name) for name in ("activity", "status", *TEXT_FIELDS)}
    activity = _selected(values, blocks["activity"])
    if not activity.isdigit() or int(activity) not in activities:
        errors[blocks["activity"]] = c.t("reporting.errors.activity", lang)
    status = _selected(values, blocks["status"])
    if status not in STATUSES:
        errors[blocks["status"]] = c.t("reporting.errors.status", lang)
    texts = {name: _clean(_typed(values, blocks[name])) for name in TEXT_FIELDS}
    if len(texts["progress"]) < MIN_PROGRESS:
        errors[blocks["progress"]] = c.t("reporting.errors.progress", lang)
    for name, text in texts.items():
        if len(text) > MAX_TEXT:
            errors[blocks[name]] = c.t("reporting.errors.too_long", lang, limit=MAX_TEXT)
    if status in ("bloqueado", "en_riesgo") and not texts["obstacles"] and blocks["obstacles"] not in errors:
        errors[blocks["obstacles"]] = c.t("reporting.errors.obstacles_needed", lang)
    fields = {"activity_id": int(activity) if activity.isdigit() else 0, "status": status, **texts}
    return errors, fields


def _block_id(values: dict[str, Any], name: str) -> str:
    """The block holding a field: `name`, or `name@<suffix>` after the form was filled in."""
    return next((block for block in values if block == name or block.startswith(name + "@")), name)


def _selected(values: dict[str, Any], block: str) -> str:
    option = ((values.get(block) or {}).get("value") or {}).get("selected_option") or {}
    return str(option.get("value") or "")


def _typed(values: dict[str, Any], block: str) -> str:
    return str(((values.get(block) or {}).get("value") or {}).get("value") or "")


def _clean(text: str) -> str:
    """Keep what people wrote, minus control characters (line breaks stay)."""
    kept = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return kept.strip()
