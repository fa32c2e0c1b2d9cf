"""A meeting's agenda: the items people added, then what Enlace knows that the meeting should look at."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from bot.render.answer import Item, Section, mention
from bot.render.i18n import Catalog
from storage import meetings as store
from storage.models import Meeting


def people_items(c: Catalog, session: Session, meeting: Meeting, lang: str) -> Section:
    """The items people added, numbered as `/red agenda quitar <n>` counts them, each with its author."""
    items = store.agenda_items(session, meeting)
    return Section(
        heading=c.t("agenda.title", lang),
        items=tuple(Item(f"{n}. {i.text} ({mention(i.author)})") for n, i in enumerate(items, 1)),
    )


def agenda_sections(
    c: Catalog, session: Session, meeting: Meeting, lang: str, now: dt.datetime
) -> list[Section]:
    """Everything on the meeting's agenda, as shown by `/red agenda` and posted with each reminder."""
    return [people_items(c, session, meeting, lang)]
