"""Who may read which working group's status reports.

Reports are private by default. Members of a group read their group; the secretariat admins and the
Executive Committee (named in config/working-groups.yaml) read every group; guests and external (Slack
Connect) users read only the groups they are members of, even when config names them otherwise. The
operator at the terminal (`enlace ask`, `enlace export`, the console) has the database already and reads
everything. The same rule holds for `/red estado`, questions, DMs, mentions and exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from storage import reporting as store


@dataclass(frozen=True)
class Viewer:
    user: str | None  # None: the operator at the terminal
    restricted: bool = False  # a guest or an external user


OPERATOR = Viewer(None)


def readable_groups(session: Session, viewer: Viewer) -> frozenset[str] | None:
    """The keys of the groups whose reports the viewer may read; None means every group."""
    if viewer.user is None:
        return None
    own = frozenset(store.groups_of(session, viewer.user))
    if viewer.restricted:
        return own
    admins, committee = store.secretariat(session)
    if viewer.user in admins or viewer.user in committee:
        return None
    return own
