"""Which activities fall due when: the queries behind the due and overdue answers and the App Home."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.knowledge.snapshot import ActivityInfo, EntityInfo, Knowledge, PriorityInfo
from bot.time.dates import DateRange, quarter_of, quarter_range

Pair = tuple[PriorityInfo, ActivityInfo]


@dataclass(frozen=True)
class Scope:
    """Which activities a time question is about: some priorities, one entity's, or all."""

    priorities: list[PriorityInfo] | None = None
    entity: EntityInfo | None = None

    def includes(self, p: PriorityInfo, a: ActivityInfo) -> bool:
        if self.priorities is not None and p not in self.priorities:
            return False
        return self.entity is None or involves(p, a, self.entity)


ALL = Scope()


def involves(p: PriorityInfo, a: ActivityInfo, entity: EntityInfo) -> bool:
    roles = (*p.leads, *p.participants, *p.observers, *a.leads, *(a.participants or ()))
    return any(r.entity.key == entity.key for r in roles)


def due_between(k: Knowledge, span: DateRange, scope: Scope = ALL) -> list[Pair]:
    """Activities with a deadline in `span`: any of their windows' (ActivityInfo.deadlines), each in its time."""
    pairs = [(p, a) for p, a in k.activities() if a.deadlines_in(span) and scope.includes(p, a)]
    return sorted(pairs, key=lambda pair: (pair[1].deadlines_in(span)[0], k.priorities.index(pair[0])))


def past_due(k: Knowledge, today: dt.date, scope: Scope = ALL) -> list[Pair]:
    """Activities with a deadline before `today` (a window of theirs has passed, even when a later one has
    not), whatever the groups reported."""
    before = DateRange(dt.date.min, today - dt.timedelta(days=1))
    pairs = [(p, a) for p, a in k.activities() if a.deadlines_in(before) and scope.includes(p, a)]
    return sorted(pairs, key=lambda pair: (pair[1].deadlines_in(before)[0], k.priorities.index(pair[0])))


def overdue_on(k: Knowledge, today: dt.date, completed: frozenset[int], scope: Scope = ALL) -> list[Pair]:
    """Past their deadline and not reported completed (`completed`: activity ids, bot.reporting.completion)."""
    return [(p, a) for p, a in past_due(k, today, scope) if a.id not in completed]


def deadline_quarters(k: Knowledge, scope: Scope = ALL) -> list[DateRange]:
    """The quarters in which at least one activity of the scope falls due, in order."""
    quarters = {
        quarter_range(d.year, quarter_of(d))
        for p, a in k.activities()
        if scope.includes(p, a)
        for d in a.deadlines
    }
    return sorted(quarters)


def plan_is_over(k: Knowledge, today: dt.date) -> bool:
    period = k.plan_period
    return period is not None and today > period.end
