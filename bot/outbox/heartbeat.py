"""The clock's heartbeat: each round of `enlace clock` records when it ran, and `/healthz` reports a clock
that has not run for STALE (it runs every minute)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from storage import queries

CLOCK = "clock"
STALE = dt.timedelta(minutes=5)


def clock_ran(session: Session, now: dt.datetime) -> None:
    queries.beat(session, CLOCK, now)


def clock_status(session: Session, now: dt.datetime) -> dict[str, object]:
    """{"last_tick": ISO 8601 or None, "stale": whether it is older than STALE, or missing}."""
    last = queries.last_beat(session, CLOCK)
    return {"last_tick": last.isoformat() if last else None, "stale": last is None or now - last > STALE}
