"""config/meetings.yaml as a section of `enlace load`: stores the network setting "meetings" (the shape
bot/meetings/settings.py documents) and materialises the calendar with the load's instant."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from bot.meetings.config import unknown_groups
from bot.meetings.materialise import materialise_counts

if TYPE_CHECKING:
    from bot.knowledge.loader import Sync

LABELS = {
    "created": ("created", "meetings"),
    "moved": ("updated", "meetings moved by a rule change"),
    "updated": ("updated", "meetings"),
    "restored": ("updated", "meetings scheduled again"),
    "cancelled": ("updated", "meetings cancelled by a rule change"),
}


class MeetingsSection:
    """bot.knowledge.loader.Section for meetings: `meetings` is read_meetings' (or default_meetings') dict."""

    name = "meetings"

    def __init__(self, meetings: dict[str, Any], now: dt.datetime, groups: set[str] | None = None) -> None:
        self.meetings = meetings
        self.now = now
        self.groups = groups

    def settings(self) -> dict[str, Any]:
        return self.meetings

    def sync(self, session: Session, sync: Sync) -> None:
        session.flush()  # the settings just stored are what materialise reads back
        for what, count in materialise_counts(session, self.now).items():
            if count:
                counter, label = LABELS[what]
                getattr(sync.report, counter)[label] += count

    def warnings(self) -> list[str]:
        return unknown_groups(self.meetings, self.groups) if self.groups is not None else []
