"""A capability's own deliveries, as the outbox sees them: which kinds of row it writes, how it plans them
on each tick, how it composes each when its time comes, and what follows once one is sent (a digest's
thread and pin). Reporting's are built in; meetings and digests hand theirs in through the wiring
(handlers/app.py), so reporting never imports them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.outbox.message import Composer
from bot.outbox.run import AfterSent, TickReport

# (session, the instant the run stands for, the report to count into): write a row for every delivery due
# up to that instant that has none yet.
Planner = Callable[[Session, dt.datetime, TickReport], None]


@dataclass(frozen=True)
class DeliveryKinds:
    kinds: frozenset[str]
    plan: Planner
    compose: Composer
    after_sent: AfterSent | None = None
