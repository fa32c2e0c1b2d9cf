"""Questions about what groups reported ("¿qué está bloqueado?", "what did the return group report?"):
answered from the stored status updates, not from the plan."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from bot.answer import Answer
from bot.i18n import Catalog
from bot.reporting.status import latest_per_activity, status_answer
from bot.understand import Parsed
from storage import reporting as store
from storage.models import WorkingGroup

BLOCKED = re.compile(r"(?<![a-z])(bloquead\w*|blocked|stuck|atascad\w*|trabad\w*)(?![a-z])")
AT_RISK = re.compile(r"(?<![a-z])(en riesgo|at risk)(?![a-z])")
REPORTED = re.compile(
    r"(?<![a-z])(informo|informaron|reporto|reportaron|reported|report|dijo|dijeron|said|estado|status|avances?|progress)(?![a-z])"
)


def status_question(c: Catalog, session: Session, q: Parsed) -> Answer | None:
    blocked, at_risk = BLOCKED.search(q.text), AT_RISK.search(q.text)
    groups = [g for g in store.active_groups(session) if _names_group(g, q)]
    if not (blocked or at_risk) and not (REPORTED.search(q.text) and groups):
        return None
    updates = list(store.latest_updates(session))
    if groups:
        keys = {g.key for g in groups}
        updates = [u for u in updates if u.group_key in keys]
    only = ({"bloqueado"} if blocked else set()) | ({"en_riesgo"} if at_risk else set())
    narrowed = ", ".join(g.name_en if q.lang == "en" else g.name_es for g in groups) or None
    return status_answer(c, latest_per_activity(updates), q.lang, narrowed, only or None)


def _names_group(group: WorkingGroup, q: Parsed) -> bool:
    """The question names the group by its key, or names a priority the group follows."""
    follows = {str(priority) for priority, _ in group.follows}
    return group.key in q.text.split() or bool(follows & set(q.priorities))
