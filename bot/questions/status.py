"""Questions about what groups reported ("¿qué está bloqueado?", "what did the return group report?"):
answered from the stored status updates the asker may read, not from the plan."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from bot.questions.understand import Parsed
from bot.render.answer import Answer
from bot.render.i18n import Catalog
from bot.reporting.access import Viewer
from bot.reporting.groups import match_groups
from bot.reporting.status import AT_RISK, BLOCKED, StatusQuery, only_statuses, status_answer
from storage import reporting as store
from storage.models import WorkingGroup

REPORTED = re.compile(
    r"(?<![a-z])(informo|informaron|reporto|reportaron|reported|report|dijo|dijeron|said|estado|status|avances?|progress)(?![a-z])"
)
_GROUP_PHRASE = re.compile(r"(?:grupo|group)\s+(?:de\s+trabajo\s+)?(?:de|del|sobre|on|for)?\s*(.+)")

__all__ = ["AT_RISK", "BLOCKED", "REPORTED", "status_question"]


def status_question(c: Catalog, session: Session, q: Parsed, viewer: Viewer) -> Answer | None:
    only = only_statuses(q.text)
    groups = _named_groups(session, q)
    if not only and not (REPORTED.search(q.text) and groups):
        return None
    return status_answer(c, session, viewer, q.lang, StatusQuery(groups=tuple(groups), only=only))


def _named_groups(session: Session, q: Parsed) -> list[WorkingGroup]:
    """The groups a question names: by key, by a priority they follow, or by the words after "grupo"."""
    groups = store.active_groups(session)
    named = [
        g for g in groups if g.key in q.text.split() or {str(p) for p, _ in g.follows} & set(q.priorities)
    ]
    if named:
        return named
    phrase = _GROUP_PHRASE.search(q.text)
    return match_groups(groups, phrase.group(1)) if phrase else []
