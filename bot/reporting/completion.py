"""Which activities the working groups reported as completed.

An activity whose deadline passed is "overdue" only until a group reports it done, and once the plan has
ended, what is left is what was "not reported completed by the end of the plan". An activity counts as
completed when the latest report on it says so: a later "en curso" from anyone reopens it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from storage import reporting as store

COMPLETED = "completado"


def completed_activity_ids(session: Session) -> frozenset[int]:
    return frozenset(
        activity
        for activity, status in store.latest_status_per_activity(session).items()
        if status == COMPLETED
    )
