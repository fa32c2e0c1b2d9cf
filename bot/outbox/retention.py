"""The outbox's retention policy (`enlace outbox prune`): deliveries done for good go after some months.

At least MIN_KEEP_MONTHS, so every catch-up window, every period still being planned and every digest's
"previous one" stays on record; failed deliveries (a person has to act) and waiting ones are never pruned.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from bot.time.dates import add_months
from storage import outbox as store

MIN_KEEP_MONTHS = 2


def cutoff(now: dt.datetime, months: int) -> dt.datetime:
    """The instant `months` calendar months before `now` (the 28th at the latest in a short month)."""
    if months < MIN_KEEP_MONTHS:
        raise ValueError(f"keep at least {MIN_KEEP_MONTHS} months")
    year, month = add_months(now.year, now.month, -months)
    return now.replace(year=year, month=month, day=min(now.day, 28))


def prune(session: Session, now: dt.datetime, months: int) -> tuple[int, dt.datetime]:
    """(how many deliveries were deleted, the cutoff): those sent, expired or skipped before it."""
    before = cutoff(now, months)
    return store.prune(session, before.astimezone(dt.UTC)), before
