"""Working groups from config/working-groups.yaml into the database (part of `enlace load`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.reporting.config import GroupConfig, ReportingConfig
from storage.models import GroupMember, WorkingGroup

if TYPE_CHECKING:
    from bot.knowledge.loader import Sync

# Said by `enlace load`, and by a tick or retry that found nobody to tell (handlers/cli.py).
NO_ADMINS = (
    "no secretariat_admins in config/working-groups.yaml: a failed delivery cannot be reported to anyone"
)


class ReportingSection:
    """config/working-groups.yaml as a section of `enlace load` (bot.knowledge.loader.Section)."""

    name = "reporting"

    def __init__(self, reporting: ReportingConfig | None) -> None:
        self.reporting = reporting

    def settings(self) -> dict[str, Any]:
        return reporting_settings(self.reporting)

    def sync(self, session: Session, sync: Sync) -> None:
        sync_working_groups(session, sync, self.reporting.groups if self.reporting else ())

    def warnings(self) -> list[str]:
        return reporting_warnings(self.reporting)


def reporting_settings(reporting: ReportingConfig | None) -> dict[str, Any]:
    if reporting is None:
        return {}
    return {
        "timezone": reporting.timezone,
        "admins": list(reporting.admins),
        "committee": list(reporting.committee),
        "catch_up_seconds": {k: int(v.total_seconds()) for k, v in reporting.catch_up.items()},
    }


def reporting_warnings(reporting: ReportingConfig | None) -> list[str]:
    """What loads but cannot work as meant: groups whose failed deliveries nobody would hear about."""
    if reporting and reporting.groups and not reporting.admins:
        return [f"{NO_ADMINS} (`enlace tick` exits 1 when that happens)"]
    return []


def sync_working_groups(session: Session, sync: Sync, groups: Iterable[GroupConfig]) -> None:
    """Working groups and their members; a group that left the YAML is archived with its reports kept."""
    existing = {g.key: g for g in session.scalars(select(WorkingGroup))}
    for config in groups:
        values = {
            "name_es": config.name_es,
            "name_en": config.name_en,
            "channel": config.channel,
            "prompt_to": config.prompt_to,
            "summary_shows": config.summary_shows,
            "lead_agencies": list(config.lead_agencies),
            "follows": [[p, n] for p, n in config.follows],
            "schedule": {
                "weeks": config.schedule.weeks,
                "weekday": config.schedule.weekday,
                "first_working_day": config.schedule.first_working_day,
                "time": config.schedule.time.strftime("%H:%M"),
                "starting": config.schedule.starting.isoformat(),
            },
            "open_for_minutes": int(config.open_for.total_seconds() // 60),
            "nudge_minutes": int(config.nudge_before_close.total_seconds() // 60),
            "archived": False,
        }
        group = existing.pop(config.key, None)
        if group is None:
            group = WorkingGroup(key=config.key, **values)
            session.add(group)
            sync.report.created["working groups"] += 1
        elif sync.apply(group, values):
            sync.report.updated["working groups"] += 1
        wanted = [(m.slack_user_id, m.agency, m.role) for m in config.members]
        if [(m.slack_user_id, m.agency, m.role) for m in group.members] != wanted:
            counter = sync.report.updated if group.members else sync.report.created
            counter["group members"] += 1 if group.members else len(wanted)
            group.members.clear()
            session.flush()
            group.members.extend(
                GroupMember(slack_user_id=u, agency=a, role=r, position=i)
                for i, (u, a, r) in enumerate(wanted, 1)
            )
    for leftover in existing.values():
        if not leftover.archived:
            leftover.archived = True
            sync.report.archived["working groups"] += 1
        leftover.members.clear()
