"""Reading what groups reported: `/red estado`, status questions, the CSV export, and absences."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot.answer import Answer, Item, Section, mention
from bot.clock import NETWORK_TIMEZONE
from bot.i18n import Catalog
from bot.lexicon import key_tokens
from bot.reporting.messages import SUMMARY_ORDER, activity_label
from bot.text import fold
from bot.typed_dates import find_day
from storage import reporting as store
from storage.models import StatusUpdate

CSV_COLUMNS = (
    "group", "period", "priority", "activity", "activity_text", "status", "progress", "obstacles", "next_steps",
    "author", "agency", "created_at", "updated_at",
)  # fmt: skip


def latest_per_activity(updates: Sequence[StatusUpdate]) -> list[StatusUpdate]:
    latest: dict[tuple[str, int], StatusUpdate] = {}
    for update in sorted(updates, key=lambda u: u.updated_at):
        latest[(update.group_key, update.activity_id)] = update
    return sorted(latest.values(), key=lambda u: (SUMMARY_ORDER.get(u.status, 9), u.group_key, u.activity_id))


def select_updates(session: Session, query: str) -> tuple[list[StatusUpdate], str | None]:
    """The latest update per activity, narrowed by a group key, an agency, or words of the activity."""
    updates = list(store.latest_updates(session))
    words = fold(query).strip()
    if not words:
        return latest_per_activity(updates), None
    groups = {g.key for g in store.active_groups(session)}
    tokens = set(key_tokens(words))
    by_group = [u for u in updates if u.group_key in tokens or u.group_key == words]
    if by_group:
        return latest_per_activity(by_group), words
    by_agency = [u for u in updates if u.agency and fold(u.agency) in tokens]
    if by_agency:
        return latest_per_activity(by_agency), words
    by_words = [
        u
        for u in updates
        if tokens and tokens <= set(key_tokens(u.activity.text_es + " " + u.activity.text_en))
    ]
    if by_words or words not in groups:
        return latest_per_activity(by_words), words
    return [], words


def status_answer(c: Catalog, updates: list[StatusUpdate], lang: str, narrowed_by: str | None,
                  only: set[str] | None = None) -> Answer:  # fmt: skip
    if only:
        updates = [u for u in updates if u.status in only]
    title = (
        c.t("status.title", lang) if narrowed_by is None else c.t("status.title_for", lang, query=narrowed_by)
    )
    if not updates:
        return Answer(lang, title, (Section(text=c.t("status.none", lang)),), kind="status")
    items = []
    for update in updates:
        status = c.t(f"reporting.status.{update.status}", lang)
        details = [c.t("reporting.progress", lang, text=update.progress)]
        if update.obstacles:
            details.append(c.t("reporting.obstacles", lang, text=update.obstacles))
        details.append(c.t("status.reported", lang, date=c.date(local_date(update.updated_at), lang),
                           author=mention(update.author), group=update.group_key))  # fmt: skip
        items.append(Item(f"{status.upper()} · {activity_label(c, update.activity, lang)}", tuple(details)))
    return Answer(lang, title, (Section(items=tuple(items)),), c.t("status.source", lang), kind="status")


def local_time(value: dt.datetime) -> dt.datetime:
    """A stored instant in the Network's zone (SQLite gives UTC back without an offset)."""
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(NETWORK_TIMEZONE)


def local_date(value: dt.datetime) -> dt.date:
    return local_time(value).date()


def export_csv(session: Session, period: str | None = None) -> tuple[str, int]:
    """Every stored update (or one period's) as CSV, one row per update; cells that a spreadsheet would
    run as a formula are prefixed with a quote."""
    rows = [
        u
        for u in store.latest_updates(session, limit=100_000)
        if period is None or u.period_key.startswith(period)
    ]
    rows.sort(key=lambda u: (u.group_key, u.period_key, u.activity_id, u.author))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for u in rows:
        a = u.activity
        writer.writerow([_safe(v) for v in (
            u.group_key, u.period_key, a.priority.key, a.number, a.text_es, u.status, u.progress, u.obstacles,
            u.next_steps, u.author, u.agency or "", local_time(u.created_at).isoformat(), local_time(u.updated_at).isoformat(),
        )])  # fmt: skip
    return out.getvalue(), len(rows)


def _safe(value: object) -> str:
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def parse_absence(text: str, today: dt.date) -> tuple[dt.date | None, str | None]:
    """ "hasta el 15 de julio" -> (date, None); an error key when the date is missing, impossible or past."""
    folded = fold(text)
    if folded.strip() in ("no", "fin", "ya volvi", "back", "none", "cancel", "cancelar"):
        return today - dt.timedelta(days=1), None
    found = find_day(folded[:200], today)
    if found is None:
        return None, "absence.usage"
    if found.date is None:
        return None, "absence.no_such_date"
    if found.date < today:
        return None, "absence.past"
    return found.date, None
