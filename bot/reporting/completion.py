"""Which activities the working groups reported as completed.

An activity whose deadline passed is "overdue" only until a group reports it done, and once the plan has
ended, what is left is what was "not reported completed by the end of the plan". An activity counts as
completed when the latest report on it says so: a later "en curso" from anyone reopens it. Only the reports
the reader may read count (bot.reporting.access): to anyone else, nothing was reported completed.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.reporting.access import Viewer, readable_groups
from storage import reporting as store

COMPLETED = "completado"


def completed_activity_ids(session: Session, viewer: Viewer) -> frozenset[int]:
    groups = readable_groups(session, viewer)
    if groups is not None and not groups:
        return frozenset()
    return frozenset(
        activity
        for activity, status in store.latest_status_per_activity(session, groups).items()
        if status == COMPLETED
    )
