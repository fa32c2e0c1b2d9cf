"""`enlace outbox`: one line per delivery, tab-separated: key, kind, status, recipient, due instant (ISO 8601
with the Network's offset), attempts, and the reason in words (for failures: why and how to fix it)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.outbox import words
from bot.render.i18n import Catalog
from bot.time.clock import network_zone, utc
from storage import outbox as store


def lines(session: Session, c: Catalog, lang: str, failed_only: bool = False) -> list[str]:
    zone = network_zone(session)
    found = []
    for row in store.deliveries(session, "failed" if failed_only else None):
        reason = words.reason(
            c, lang, row.status, row.reason, row.recipient, False, row.last_error, row.attempts
        )
        due = utc(row.due_at).astimezone(zone).isoformat(timespec="seconds")
        found.append(
            "\t".join((row.key, row.kind, row.status, row.recipient, due, str(row.attempts), reason))
        )
    return found
