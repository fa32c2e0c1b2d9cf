"""Working groups that did not report in their last closed period, as agendas and digests list them: by name
and period, saying so when Enlace never sent that period's prompts (nobody was asked), as the group's own
summary does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.render.i18n import Catalog
from bot.reporting.groups import schedule_of
from bot.reporting.labels import period_text
from bot.reporting.schedule import Period, periods
from storage import reporting as store
from storage.models import WorkingGroup


def last_closed(group: WorkingGroup, zone: ZoneInfo, now: dt.datetime) -> Period | None:
    """The group's latest period that has closed by `now`, if it has had one."""
    schedule = schedule_of(group)
    step = dt.timedelta(weeks=schedule.weeks) if schedule.weeks else dt.timedelta(days=31)
    found = periods(schedule, zone, now - 2 * step - schedule.open_for, now)
    closed = [p for p in found if p.closes_at <= now]
    return closed[-1] if closed else None


def silent_groups(
    session: Session, groups: Iterable[WorkingGroup], zone: ZoneInfo, now: dt.datetime
) -> list[tuple[WorkingGroup, Period]]:
    """The groups nobody reported for in their last closed period, with that period."""
    return [
        (group, period)
        for group in groups
        if (period := last_closed(group, zone, now)) is not None and not store.reporters(session, group.key, period.key)
    ]  # fmt: skip


def silent_line(c: Catalog, session: Session, group: WorkingGroup, period: Period, lang: str) -> str:
    """ "<group> · periodo del …", and whether Enlace never sent that period's prompts."""
    text = f"{group.name_in(lang)} · {period_text(c, period, lang)}"
    statuses = store.delivery_statuses(session, group.key, period.key)
    if not any(kind == "prompt" and status == "sent" for (kind, _), (status, _) in statuses.items()):
        text += f" ({c.t('reporting.prompts_not_sent_for_period', lang)})"
    return text
