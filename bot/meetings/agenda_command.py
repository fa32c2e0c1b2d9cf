"""`/red agenda`: the next meeting's agenda; `/red agenda agregar <texto>` ("add") and `/red agenda quitar <n>`
("remove").

Which meeting: the next one in the channel where it was typed, if any; else the next Network-wide one (kind
"quarterly"); else none, said kindly. An item is removed only by its author or a secretariat admin.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from sqlalchemy.orm import Session

from bot.meetings.agenda import agenda_sections
from bot.render.answer import Answer, Section
from bot.render.i18n import Catalog
from bot.reporting.access import Viewer, readable_groups
from bot.text import fold
from bot.time.clock import network_zone
from storage import meetings as store
from storage import reporting as reporting_store
from storage.models import Meeting

MAX_ITEM = 300  # characters of an agenda item
ADD = re.compile(r"^(agregar|agrega|añadir|anadir|add)(?:\s+|$)", re.IGNORECASE)
REMOVE = re.compile(r"^(quitar|quita|eliminar|borrar|remove|delete)(?:\s+|$)", re.IGNORECASE)


def next_meeting(session: Session, now: dt.datetime, channel: str | None) -> Meeting | None:
    """The next meeting in `channel`, else the next Network-wide (quarterly) one."""
    if channel:
        found = store.upcoming(session, now, 1, channel=channel)
        if found:
            return found[0]
    return store.upcoming_of_kind(session, now, "quarterly")


def when(c: Catalog, session: Session, meeting: Meeting, lang: str) -> str:
    """The meeting's start as a Slack date token (each reader's own zone; the Network's in the fallback)."""
    starts = meeting.starts_at if meeting.starts_at.tzinfo else meeting.starts_at.replace(tzinfo=dt.UTC)
    return c.moment(starts, lang, network_zone(session))


def clean_text(text: str) -> str:
    """What a person typed, made safe to keep: control characters dropped, spaces folded, length capped."""
    kept = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    kept = " ".join(kept.split())
    return kept if len(kept) <= MAX_ITEM else kept[: MAX_ITEM - 1].rstrip() + "…"


def agenda_answer(c: Catalog, session: Session, meeting: Meeting, lang: str, now: dt.datetime,
                  viewer: Viewer) -> Answer:  # fmt: skip
    title = c.t("agenda.heading", lang, title=meeting.title(lang))
    head = Section(text=c.t("agenda.when", lang, when=when(c, session, meeting, lang)))
    sections = agenda_sections(c, session, meeting, lang, now, viewer=viewer)
    # Someone who may read reports sees them in it: "status" keeps the answer to them alone (a mention's
    # answer is otherwise posted in the channel's thread).
    readable = readable_groups(session, viewer)
    kind = "status" if readable is None or readable else "agenda"
    return Answer(lang, title, (head, *sections), c.t("agenda.source", lang), kind=kind,
                  more_hint=c.t("agenda.hint", lang))  # fmt: skip


def command(c: Catalog, session: Session, rest: str, user: str, lang: str, now: dt.datetime,
            channel: str | None, viewer: Viewer) -> Answer | str:  # fmt: skip
    """`/red agenda [agregar <texto> | quitar <n>]`: an answer to show, or a sentence to say."""
    meeting = next_meeting(session, now, channel)
    rest = rest.strip()
    if meeting is None:
        return c.t("agenda.no_meeting", lang)
    if ADD.match(rest):
        return _add(c, session, meeting, ADD.sub("", rest, count=1), user, lang, now)
    if REMOVE.match(rest):
        return _remove(c, session, meeting, REMOVE.sub("", rest, count=1), user, lang, now)
    if rest:
        named = _named(session, now, rest, lang)
        if named is not None:
            meeting = named
    return agenda_answer(c, session, meeting, lang, now, viewer)


def _named(session: Session, now: dt.datetime, text: str, lang: str) -> Meeting | None:
    """`/red agenda <reunión>`: an upcoming meeting whose title holds the words typed."""
    words = fold(text).split()
    for meeting in store.upcoming(session, now, 20):
        title = fold(f"{meeting.title_es} {meeting.title_en}")
        if words and all(w in title for w in words):
            return meeting
    return None


def _add(c: Catalog, session: Session, meeting: Meeting, text: str, user: str, lang: str,
         now: dt.datetime) -> str:  # fmt: skip
    text = clean_text(text)
    if not text:
        return c.t("agenda.empty_text", lang)
    store.add_agenda_item(session, meeting, text, user, now)
    number = len(store.agenda_items(session, meeting))
    return c.t(
        "agenda.added", lang, number=number, title=meeting.title(lang), when=when(c, session, meeting, lang)
    )


def _remove(c: Catalog, session: Session, meeting: Meeting, typed: str, user: str, lang: str,
            now: dt.datetime) -> str:  # fmt: skip
    items = store.agenda_items(session, meeting)
    number = int(typed) if typed.strip().isdigit() else None
    if number is None:
        return c.t("agenda.remove_usage", lang)
    if not 1 <= number <= len(items):
        return c.t("agenda.no_such_item", lang, number=number, title=meeting.title(lang), count=len(items))
    item = items[number - 1]
    admins, _ = reporting_store.secretariat(session)
    if user != item.author and user not in admins:
        return c.t("agenda.not_yours", lang, number=number)
    store.remove_agenda_item(session, item, user, now)
    return c.t("agenda.removed", lang, number=number, title=meeting.title(lang), text=item.text)


__all__ = ["agenda_answer", "clean_text", "command", "next_meeting", "when"]
