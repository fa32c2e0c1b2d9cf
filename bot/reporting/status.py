"""Reading what groups reported: `/red estado [grupo|agencia|estado|palabras]` and status questions.

Each reporter's latest word on each activity is shown (never only the last one in), the worst-off
activities first, and only from the groups the viewer may read (bot.reporting.access).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot.knowledge.lexicon import key_tokens
from bot.render.answer import Answer, Section
from bot.render.i18n import Catalog
from bot.reporting.access import Viewer, readable_groups
from bot.reporting.groups import match_groups
from bot.reporting.labels import Names
from bot.reporting.reports import activity_item, by_activity
from bot.text import fold
from storage import reporting as store
from storage.models import Entity, StatusUpdate, WorkingGroup

BLOCKED = re.compile(r"(?<![a-z])(bloquead\w*|blocked|stuck|atascad\w*|trabad\w*)(?![a-z])")
AT_RISK = re.compile(r"(?<![a-z])(en riesgo|at risk)(?![a-z])")
# After `estado`, a bare "riesgo" is a status too; in a question it is more often a topic ("risk of ...").
AT_RISK_WORD = re.compile(r"(?<![a-z])(en riesgo|at risk|riesgo|risk)(?![a-z])")


@dataclass(frozen=True)
class StatusQuery:
    """What a reader narrowed the reports to; empty means every report they may read."""

    groups: tuple[WorkingGroup, ...] = ()
    agency: Entity | None = None
    words: tuple[str, ...] = ()
    only: frozenset[str] = field(default_factory=frozenset)


def only_statuses(folded: str, at_risk: re.Pattern[str] = AT_RISK) -> frozenset[str]:
    """The statuses a text asks for ("bloqueado", "en riesgo"), if any."""
    return frozenset(
        ({"bloqueado"} if BLOCKED.search(folded) else set())
        | ({"en_riesgo"} if at_risk.search(folded) else set())
    )


def parse_query(session: Session, text: str, entity_named: Callable[[str], str | None]) -> StatusQuery:
    """`/red estado <text>`: a group (by key, name or fragment), an agency (as the question engine knows
    them: `entity_named`), a status, or words of an activity."""
    folded = fold(text).strip()
    only = only_statuses(folded, AT_RISK_WORD)
    rest = AT_RISK_WORD.sub(" ", BLOCKED.sub(" ", folded)).strip()
    if not rest:
        return StatusQuery(only=only)
    named = entity_named(rest)
    agency = session.get(Entity, named) if named else None
    if agency is not None:
        return StatusQuery(agency=agency, only=only)
    groups = tuple(match_groups(store.active_groups(session), rest))
    if groups:
        return StatusQuery(groups=groups, only=only)
    return StatusQuery(words=tuple(key_tokens(rest)), only=only)


def status_answer(c: Catalog, session: Session, viewer: Viewer, lang: str, query: StatusQuery) -> Answer:
    readable = readable_groups(session, viewer)
    title = _title(c, lang, query)
    if readable is not None and not readable:
        return _private(c, lang, title, c.t("status.private_no_group", lang))
    hidden = [g for g in query.groups if readable is not None and g.key not in readable]
    if hidden and len(hidden) == len(query.groups):
        hidden_names = ", ".join(g.name_in(lang) for g in hidden)
        return _private(c, lang, title, c.t("status.private_group", lang, group=hidden_names))
    groups = readable
    if query.groups:
        named = frozenset(g.key for g in query.groups)
        groups = named if readable is None else named & readable
    updates = _narrowed(store.latest_by_reporter(session, groups), query)
    entries = by_activity(updates)
    if query.only:
        entries = [e for e in entries if e.has_status(set(query.only))]
    if not entries:
        # Words that match no report may be a question about the plan: say so to whoever asks (understood=False).
        return Answer(lang, title, (Section(text=c.t("status.none", lang)),), c.t("status.source", lang),
                      examples=tuple(c.items("status.examples", lang)), kind="status",
                      understood=not query.words)  # fmt: skip
    names = Names(c, session, lang, updates)
    several = len({e.group_key for e in entries}) > 1
    items = tuple(
        activity_item(c, names, e, lang, details=True, dated=True, grouped=several) for e in entries
    )
    count = c.t("status.count", lang, count=len(entries))
    return Answer(lang, title, (Section(text=count, items=items),), c.t("status.source", lang), kind="status",
                  more_hint=c.t("status.more", lang))  # fmt: skip


def _narrowed(updates: Sequence[StatusUpdate], query: StatusQuery) -> list[StatusUpdate]:
    kept = list(updates)
    if query.agency is not None:
        kept = [u for u in kept if u.agency == query.agency.key]
    if query.words:
        wanted = set(query.words)
        kept = [u for u in kept if wanted <= set(key_tokens(f"{u.activity.text_es} {u.activity.text_en}"))]
    return kept


def _title(c: Catalog, lang: str, query: StatusQuery) -> str:
    if query.groups:
        subject = ", ".join(g.name_in(lang) for g in query.groups)
    elif query.agency is not None:
        subject = (query.agency.acronym_en if lang == "en" else query.agency.acronym_es) or (
            query.agency.name_en if lang == "en" else query.agency.name_es
        )
    elif query.words:
        subject = c.t("status.about", lang, words=" ".join(query.words))
    else:
        subject = ""
    if query.only:
        statuses = ", ".join(c.t(f"reporting.status.{s}", lang) for s in sorted(query.only))
        subject = f"{subject} · {statuses}" if subject else statuses
    return c.t("status.title_for", lang, query=subject) if subject else c.t("status.title", lang)


def _private(c: Catalog, lang: str, title: str, text: str) -> Answer:
    return Answer(lang, title, (Section(text=text), Section(text=c.t("status.who_sees", lang))),
                  c.t("status.source", lang), kind="status")  # fmt: skip
