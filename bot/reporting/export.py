"""The status reports as CSV, for a spreadsheet: `/red exportar estado [periodo]` and `enlace export`.

Made for Excel as people open it: a UTF-8 byte-order mark (without it Excel garbles accents), column
names and statuses in the reader's language, people by name, agencies by acronym, groups and priorities by
their names; cells that a spreadsheet would run as a formula are prefixed with a quote. Only the groups the
viewer may read are exported.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import TextIO

from sqlalchemy.orm import Session

from bot.render.i18n import Catalog
from bot.reporting.access import Viewer, readable_groups
from bot.reporting.labels import Names, local_time, priority_label
from storage import reporting as store

BOM = "\ufeff"
COLUMNS = (
    "group", "period", "priority", "activity", "activity_text", "status", "progress", "obstacles", "next_steps",
    "author", "author_id", "agency", "created_at", "updated_at",
)  # fmt: skip


def export_csv(
    c: Catalog, session: Session, viewer: Viewer, lang: str, period: str | None,
    name_of: Callable[[str], str | None], out: TextIO,
) -> int | None:  # fmt: skip
    """Write every report the viewer may read (or one period's: a prefix such as 2021-06) to `out` as CSV,
    streamed from the database; the number of rows, or None when they may read none."""
    readable = readable_groups(session, viewer)
    if readable is not None and not readable:
        return None
    names = Names(c, session, lang, None)
    given = store.people_names(session)
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow([c.t(f"export.columns.{column}", lang) for column in COLUMNS])
    rows = 0
    for u in store.updates_for_export(session, readable, period):
        a = u.activity
        priority = priority_label(c, a.priority, lang)
        writer.writerow([_safe(v) for v in (
            names.group(u.group_key), u.period_key, priority, a.number, a.text_en if lang == "en" else a.text_es,
            names.status(u.status), u.progress, u.obstacles, u.next_steps, given.get(u.author) or name_of(u.author) or u.author,
            u.author, names.agency(u.agency) or "", f"{local_time(u.created_at):%Y-%m-%d %H:%M}",
            f"{local_time(u.updated_at):%Y-%m-%d %H:%M}",
        )])  # fmt: skip
        rows += 1
    return rows


def _safe(value: object) -> str:
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
