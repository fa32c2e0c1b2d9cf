"""The whole of config/: the knowledge every capability builds on, plus each capability's own files, read
and checked together before anything touches the database, then loaded in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot.digest.config import DigestsSection, default_digests, read_digests
from bot.knowledge.config import KnowledgeConfig, read_knowledge
from bot.knowledge.loader import LoadReport, Section, load_knowledge
from bot.knowledge.passages import PassagesSection, read_passages
from bot.meetings.config import default_meetings, read_meetings
from bot.meetings.loader import MeetingsSection
from bot.reporting.config import ReportingConfig, read_reporting
from bot.reporting.loader import ReportingSection


@dataclass(frozen=True)
class Configuration:
    knowledge: KnowledgeConfig
    reporting: ReportingConfig | None = None
    # The network setting "meetings" (bot/meetings/settings.py): from config/meetings.yaml, else defaults.
    meetings: dict[str, Any] = field(default_factory=lambda: default_meetings(None))
    # The network setting "digests" (bot/digest/config.py): from config/digests.yaml, else one Network digest.
    digests: dict[str, Any] = field(default_factory=default_digests)
    # The network setting "passages" (bot/knowledge/passages.py): every sentence of both documents.
    passages: dict[str, Any] = field(default_factory=lambda: {"passages": []})


def read_configuration(folder: Path) -> Configuration:
    """Read and check every file in the config folder; the first problem raises ConfigError."""
    knowledge = read_knowledge(folder)
    reporting = None
    if (folder / "working-groups.yaml").exists():
        activities = {
            p.key: {a.number for a in p.activities} for plan in knowledge.plans for p in plan.priorities
        }
        entities = {e.key for e in knowledge.entities}
        reporting = read_reporting(folder / "working-groups.yaml", entities, activities)
    if (folder / "meetings.yaml").exists():
        meetings = read_meetings(folder / "meetings.yaml")
    else:
        meetings = default_meetings(knowledge.network.settings.get("quarterly_meetings"))
    if (folder / "digests.yaml").exists():
        groups = {g.key for g in reporting.groups} if reporting else None
        digests = read_digests(folder / "digests.yaml", groups, {e.key for e in knowledge.entities})
    else:
        digests = default_digests()
    passages = read_passages(folder / "passages.yaml") if (folder / "passages.yaml").exists() else None
    return Configuration(knowledge, reporting, meetings, digests, passages or {"passages": []})


def load_configuration(session: Session, config: Configuration, now: dt.datetime) -> LoadReport:
    groups = {g.key for g in config.reporting.groups} if config.reporting else None
    sections: list[Section] = [
        ReportingSection(config.reporting),
        MeetingsSection(config.meetings, now, groups),
        DigestsSection(config.digests),
        PassagesSection(config.passages),
    ]
    return load_knowledge(session, config.knowledge, now, sections)
