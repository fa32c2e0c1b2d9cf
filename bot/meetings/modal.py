"""The meeting modals as Block Kit (plain dicts): a new meeting with what `/red reunión <text>` understood
already filled in, and moving one; and reading back what the person submitted."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from bot.render.i18n import Catalog

NEW_CALLBACK = "meeting_new"
MOVE_CALLBACK = "meeting_move"
TITLE, DATE, TIME, CHANNEL, PLACE = (
    "meeting_title",
    "meeting_date",
    "meeting_time",
    "meeting_channel",
    "meeting_place",
)
ACTION = "value"
MAX_TITLE = 150
MAX_PLACE = 500
Block = dict[str, Any]


@dataclass(frozen=True)
class Prefill:
    """What the modal opens with; `note` explains what was understood or what is wrong with it."""

    title: str = ""
    date: dt.date | None = None
    time: dt.time | None = None
    channel: str | None = None
    place: str = ""
    note: str | None = None


@dataclass(frozen=True)
class Submitted:
    title: str
    date: dt.date | None
    time: dt.time | None
    channel: str | None
    place: str


def _plain(text: str, limit: int = 2000) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit] or " ", "emoji": True}


def _shell(c: Catalog, lang: str, callback: str, title_key: str, metadata: dict[str, Any],
           blocks: list[Block]) -> dict[str, Any]:  # fmt: skip
    return {
        "type": "modal",
        "callback_id": callback,
        "title": _plain(c.t(title_key, lang), 24),
        "submit": _plain(c.t("adhoc.save", lang), 24),
        "close": _plain(c.t("adhoc.close", lang), 24),
        "private_metadata": json.dumps(metadata, separators=(",", ":")),
        "blocks": blocks,
    }


def _note(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "plain_text", "text": text[:2000], "emoji": True}]}


def _when_inputs(c: Catalog, lang: str, date: dt.date | None, time: dt.time | None, zone: str) -> list[Block]:
    datepicker: dict[str, Any] = {"type": "datepicker", "action_id": ACTION}
    if date is not None:
        datepicker["initial_date"] = date.isoformat()
    # `timezone`: the time is shown and chosen in the person's own Slack zone, whatever their device says.
    timepicker: dict[str, Any] = {"type": "timepicker", "action_id": ACTION, "timezone": zone}
    if time is not None:
        timepicker["initial_time"] = f"{time:%H:%M}"
    return [
        {"type": "input", "block_id": DATE, "label": _plain(c.t("adhoc.date_label", lang)), "element": datepicker},
        {"type": "input", "block_id": TIME, "label": _plain(c.t("adhoc.time_label", lang)), "element": timepicker,
         "hint": _plain(c.t("adhoc.time_hint", lang, zone=zone))},
    ]  # fmt: skip


def new_meeting_view(c: Catalog, lang: str, fill: Prefill, zone: str) -> dict[str, Any]:
    title: dict[str, Any] = {"type": "plain_text_input", "action_id": ACTION, "max_length": MAX_TITLE,
                             "placeholder": _plain(c.t("adhoc.title_hint", lang), 150)}  # fmt: skip
    if fill.title:
        title["initial_value"] = fill.title[:MAX_TITLE]
    channel: dict[str, Any] = {"type": "conversations_select", "action_id": ACTION,
                               "filter": {"include": ["public", "private"], "exclude_bot_users": True}}  # fmt: skip
    if fill.channel:
        channel["initial_conversation"] = fill.channel
    else:
        channel["default_to_current_conversation"] = True
    place: dict[str, Any] = {"type": "plain_text_input", "action_id": ACTION, "max_length": MAX_PLACE}
    if fill.place:
        place["initial_value"] = fill.place[:MAX_PLACE]
    blocks: list[Block] = [_note(fill.note)] if fill.note else []
    blocks.append({"type": "input", "block_id": TITLE, "label": _plain(c.t("adhoc.title_label", lang)),
                   "element": title})  # fmt: skip
    blocks.extend(_when_inputs(c, lang, fill.date, fill.time, zone))
    blocks.append({"type": "input", "block_id": CHANNEL, "label": _plain(c.t("adhoc.channel_label", lang)),
                   "element": channel, "hint": _plain(c.t("adhoc.channel_hint", lang))})  # fmt: skip
    blocks.append({"type": "input", "block_id": PLACE, "optional": True,
                   "label": _plain(c.t("adhoc.place_label", lang)), "element": place})  # fmt: skip
    return _shell(c, lang, NEW_CALLBACK, "adhoc.modal_title", {"z": zone}, blocks)


def move_view(c: Catalog, lang: str, uid: str, local: dt.datetime, note: str, zone: str,
              message: tuple[str, str] | None) -> dict[str, Any]:  # fmt: skip
    """Moving a meeting: its current date and time (`local`, in the person's zone) to start from."""
    metadata: dict[str, Any] = {"z": zone, "m": uid}
    if message is not None:
        metadata["ch"], metadata["ts"] = message
    blocks = [_note(note), *_when_inputs(c, lang, local.date(), local.time().replace(tzinfo=None), zone)]
    return _shell(c, lang, MOVE_CALLBACK, "adhoc.move_title", metadata, blocks)


def metadata_of(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(str(view.get("private_metadata") or "{}"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def submitted(values: dict[str, Any]) -> Submitted:
    """The view's state.values, read back: empty inputs and unselected pickers are None in Slack's payload."""

    def field(block: str) -> dict[str, Any]:
        return dict((values.get(block) or {}).get(ACTION) or {})

    date = time = None
    try:
        if field(DATE).get("selected_date"):
            date = dt.date.fromisoformat(str(field(DATE)["selected_date"]))
        if field(TIME).get("selected_time"):
            hour, minute = str(field(TIME)["selected_time"]).split(":")[:2]
            time = dt.time(int(hour), int(minute))
    except ValueError:
        pass
    return Submitted(
        title=" ".join(str(field(TITLE).get("value") or "").split()),
        date=date,
        time=time,
        channel=str(field(CHANNEL).get("selected_conversation") or "") or None,
        place=str(field(PLACE).get("value") or "").strip(),
    )
