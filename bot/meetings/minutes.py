"""Minutes: `/red minuta` opens a modal (which meeting, a link and/or text, decisions one per line); saving
stores them and writes one outbox delivery per channel that should see them; `/red minutas` lists them.

Who follows a meeting (`followers`): its own channel, always; a Network-wide (quarterly) meeting, every
active working group's channel too; a series, the channels of the groups its config names in
`followed_by` (config/meetings.yaml); an ad hoc meeting, nobody else. Channels are listed once.

Each channel's post is the delivery `minutes:<minutes id>:<channel>` (kind "minutes"), written in the same
transaction as the minutes, so a post is never lost (the clock retries what failed, the admins hear of
what cannot go) nor doubled (the key is unique; bot/meetings/minutes_outbox.py composes it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bot.meetings.agenda_command import clean_text, when
from bot.meetings.settings import MeetingSettings
from bot.render.answer import Answer, Item, Section, mention
from bot.render.i18n import Catalog
from bot.text import fold, shorten
from bot.time.clock import network_zone
from storage import meetings as store
from storage import outbox as outbox_store
from storage import reporting as reporting_store
from storage.models import Delivery, Meeting, Minutes

CALLBACK_ID = "meeting_minutes"
MEETING_BLOCK, LINK_BLOCK, TEXT_BLOCK, DECISIONS_BLOCK = "meeting", "link", "text", "decisions"
KIND = "minutes"
MAX_OPTIONS = 25  # recent meetings offered
MAX_LINK = 1000
MAX_TEXT = 2800  # what a message section can show of it
MAX_DECISIONS = 30
SHOWN_TEXT = 1500


def followers(session: Session, meeting: Meeting) -> list[str]:
    """The channels a meeting's minutes go to: its own, then (quarterly) every active working group's,
    then those of the groups its series' `followed_by` names; each once."""
    channels = [meeting.channel]
    groups = {g.key: g for g in reporting_store.active_groups(session)}
    if meeting.kind == "quarterly":
        channels += [g.channel for g in groups.values()]
    series = MeetingSettings.of(session).series.get(meeting.series or "") or {}
    channels += [groups[key].channel for key in series.get("followed_by") or () if key in groups]
    return list(dict.fromkeys(c for c in channels if c))


def _label(c: Catalog, session: Session, meeting: Meeting, lang: str) -> str:
    starts = meeting.starts_at if meeting.starts_at.tzinfo else meeting.starts_at.replace(tzinfo=dt.UTC)
    day = starts.astimezone(network_zone(session)).date()
    return shorten(f"{meeting.title(lang)} · {c.date(day, lang)}", 75)


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def named_meeting(session: Session, now: dt.datetime, text: str) -> Meeting | None:
    """`/red minuta <reunión>`: the latest past meeting whose title holds every word typed."""
    words = fold(text).split()
    for meeting in store.recent(session, now, MAX_OPTIONS):
        title = fold(f"{meeting.title_es} {meeting.title_en}")
        if words and all(w in title.split() for w in words):
            return meeting
    return None


def modal(c: Catalog, session: Session, lang: str, now: dt.datetime,
          chosen: Meeting | None = None) -> dict[str, Any] | None:  # fmt: skip
    """The minutes modal, recent meetings first (`chosen`, or the latest, selected); None when no meeting
    has taken place yet."""
    meetings = store.recent(session, now, MAX_OPTIONS)
    if not meetings:
        return None
    options = [{"text": _plain(_label(c, session, m, lang)), "value": str(m.id)} for m in meetings]
    initial = next((o for o in options if chosen is not None and o["value"] == str(chosen.id)), options[0])
    select = {"type": "static_select", "action_id": "value", "options": options, "initial_option": initial}

    def text_input(
        block: str, label: str, multiline: bool, hint: str | None = None, limit: int = 3000
    ) -> dict[str, Any]:
        element: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "multiline": multiline,
                                   "max_length": limit}  # fmt: skip
        block_: dict[str, Any] = {"type": "input", "block_id": block, "optional": True, "label": _plain(label),
                                  "element": element}  # fmt: skip
        if hint:
            block_["hint"] = _plain(hint)
        return block_

    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": lang,
        "title": _plain(c.t("minutes.title", lang)),
        "submit": _plain(c.t("minutes.save", lang)),
        "close": _plain(c.t("minutes.cancel", lang)),
        "blocks": [
            {
                "type": "input",
                "block_id": MEETING_BLOCK,
                "label": _plain(c.t("minutes.meeting", lang)),
                "element": select,
            },
            text_input(
                LINK_BLOCK, c.t("minutes.link", lang), False, c.t("minutes.link_hint", lang), MAX_LINK
            ),
            text_input(TEXT_BLOCK, c.t("minutes.text", lang), True, None, MAX_TEXT),
            text_input(
                DECISIONS_BLOCK, c.t("minutes.decisions", lang), True, c.t("minutes.decisions_hint", lang)
            ),
        ],
    }


@dataclass(frozen=True)
class Saved:
    errors: dict[str, str] | None = None
    minutes_id: int | None = None
    keys: tuple[str, ...] = ()
    message: str = ""


def _value(values: dict[str, Any], block: str) -> str:
    entry = (values.get(block) or {}).get("value") or {}
    if entry.get("type") == "static_select":
        return str((entry.get("selected_option") or {}).get("value") or "")
    return str(entry.get("value") or "")


def _multiline(text: str) -> str:
    """Keeps line breaks, drops other control characters."""
    lines = [
        "".join(ch for ch in line if ch == "\t" or (ord(ch) >= 32 and ord(ch) != 127))
        for line in text.splitlines()
    ]
    return "\n".join(lines).strip()[:MAX_TEXT]


def submit(c: Catalog, session: Session, values: dict[str, Any], user: str, lang: str,
           now: dt.datetime) -> Saved:  # fmt: skip
    """Validate and save the modal: errors for the modal, or the minutes and their deliveries' keys."""
    chosen = _value(values, MEETING_BLOCK)
    meeting = store.meeting_by_id(session, int(chosen)) if chosen.isdigit() else None
    if meeting is None or meeting not in store.recent(session, now, MAX_OPTIONS * 4):  # only those held
        return Saved(errors={MEETING_BLOCK: c.t("minutes.choose_meeting", lang)})
    link = " ".join(_value(values, LINK_BLOCK).split())
    text = _multiline(_value(values, TEXT_BLOCK))
    if not link and not text:
        error = c.t("minutes.need_link_or_text", lang)
        return Saved(errors={LINK_BLOCK: error, TEXT_BLOCK: error})
    if link and (not link.lower().startswith(("https://", "http://")) or " " in link or len(link) > MAX_LINK):
        return Saved(errors={LINK_BLOCK: c.t("minutes.bad_link", lang)})
    decisions = [d for d in (clean_text(line) for line in _value(values, DECISIONS_BLOCK).splitlines()) if d]
    if len(decisions) > MAX_DECISIONS:
        return Saved(errors={DECISIONS_BLOCK: c.t("minutes.too_many", lang, count=MAX_DECISIONS)})
    minutes = store.add_minutes(session, meeting, link, text, decisions, user, now)
    keys = []
    for channel in followers(session, meeting):
        key = f"{KIND}:{minutes.id}:{channel}"
        row = Delivery(
            key=key, kind=KIND, group_key=meeting.uid[:60], recipient=channel,
            period_key=str(minutes.id), due_at=now.astimezone(dt.UTC), status="pending", attempts=0,
            created_at=now.astimezone(dt.UTC),
        )  # fmt: skip
        outbox_store.add_delivery(session, row)
        keys.append(key)
    message = c.t("minutes.saved", lang, title=meeting.title(lang), count=len(keys))
    return Saved(minutes_id=minutes.id, keys=tuple(keys), message=message)


def minutes_answer(c: Catalog, session: Session, minutes: Minutes, lang: str) -> Answer:
    """The minutes as posted in a channel (and as the question engine shows them)."""
    meeting = minutes.meeting
    sections = [Section(text=when(c, session, meeting, lang))]
    if minutes.link:
        sections.append(Section(text=c.t("minutes.link_line", lang, link=minutes.link)))
    if minutes.text:
        sections.append(Section(text=shorten(minutes.text, SHOWN_TEXT)))
    if minutes.decisions:
        sections.append(Section(heading=c.t("minutes.decisions_heading", lang, count=len(minutes.decisions)),
                                items=tuple(Item(d) for d in minutes.decisions)))  # fmt: skip
    else:
        sections.append(Section(text=c.t("minutes.no_decisions", lang)))
    sections.append(Section(text=c.t("minutes.by", lang, who=mention(minutes.author))))
    return Answer(lang, c.t("minutes.posted_title", lang, title=meeting.title(lang)), tuple(sections),
                  kind="minutes", more_hint=c.t("minutes.list_hint", lang))  # fmt: skip


def list_answer(c: Catalog, session: Session, lang: str, now: dt.datetime, limit: int = 10) -> Answer:
    """`/red minutas`: the latest meetings' minutes first."""
    found = store.minutes_of(session, limit=limit)
    title = c.t("minutes.list_title", lang)
    if not found:
        return Answer(lang, title, (Section(text=c.t("minutes.none", lang)),), kind="minutes")
    items = []
    for m in found:
        details = [c.t("minutes.decision_count", lang, count=len(m.decisions))]
        if m.link:
            details.insert(0, c.t("minutes.link_line", lang, link=m.link))
        items.append(Item(f"{m.meeting.title(lang)} · {when(c, session, m.meeting, lang)}", tuple(details)))
    return Answer(lang, title, (Section(items=tuple(items)),), kind="minutes")
