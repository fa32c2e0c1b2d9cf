"""Showing a digest without posting it: `/red resumen [grupo|agencia]` to one person (ephemeral, in their
language, with report details only from the groups they may read) and `enlace digest --channel C` in the
terminal (the channel's digest exactly as it would be posted)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.digest.config import default_digest, digest_for
from bot.digest.content import WEEK, build_digest
from bot.render.answer import Answer
from bot.render.i18n import Catalog
from bot.reporting.access import Viewer
from bot.reporting.groups import match_groups
from bot.time.clock import Clock, utc
from storage import outbox, queries
from storage import reporting as store

DIGEST_KIND = "digest"  # the outbox's kind for a posted digest (bot/digest/delivery.py)
# The changes a digest lists start at the previous digest, unless that one is older than this.
LONGEST_SINCE = dt.timedelta(days=14)


def configured_digests(session: Session) -> list[dict[str, Any]]:
    """Every channel's digest config as `enlace load` stored it (config/digests.yaml)."""
    return list((queries.network_setting(session, "digests")).get("digests") or [])


def channel_digest(session: Session, channel: str) -> dict[str, Any] | None:
    """The digest config of `channel`, None when it has none."""
    return digest_for(queries.network_setting(session, "digests"), channel)


def changes_since(session: Session, channel: str, at: dt.datetime) -> dt.datetime:
    """Where a channel's digest at `at` starts counting changes: when its previous digest went out, or a week
    back when there was none in the last two weeks."""
    previous = outbox.latest_of(session, DIGEST_KIND, channel, at, status="sent")
    if previous is not None and previous.sent_at is not None and at - utc(previous.sent_at) <= LONGEST_SINCE:
        return utc(previous.sent_at)
    return at - WEEK


def languages(digest: dict[str, Any]) -> list[str]:
    return ["es", "en"] if digest.get("lang") == "both" else [str(digest.get("lang") or "es")]


def preview(
    c: Catalog, session: Session, channel: str, at: dt.datetime, lang: str | None
) -> list[Answer] | None:
    """The channel's digest as it would be posted at `at` (both languages when its config says both); None
    when the channel has no digest."""
    digest = channel_digest(session, channel)
    if digest is None:
        return None
    since = changes_since(session, channel, at)
    return [build_digest(c, session, digest, at, each, since=since) for each in ([lang] if lang else
                                                                                 languages(digest))]  # fmt: skip


class DigestService:
    def __init__(self, session_factory: sessionmaker[Session], catalog: Catalog, clock: Clock,
                 entity_named: Callable[[str], str | None]) -> None:  # fmt: skip
        self.session_factory, self.catalog, self.clock = session_factory, catalog, clock
        self.entity_named = entity_named

    def show(self, rest: str, viewer: Viewer, lang: str, channel: str | None) -> Answer | str | None:
        """`/red resumen [grupo|agencia]`: the digest for the person; a sentence when the words name several
        groups; None when they name no group or agency (the caller treats the text as a question)."""
        c = self.catalog
        with self.session_factory() as session:
            digest = (channel_digest(session, channel) if channel else None) or default_digest()
            text = rest.strip()
            if text:
                groups = match_groups(store.active_groups(session), text)
                if len(groups) > 1:
                    names = ", ".join(g.name_in(lang) for g in groups)
                    return c.t("digest.ambiguous_group", lang, text=text, groups=names)
                if groups:
                    digest["scope"] = {"kind": "groups", "groups": [groups[0].key]}
                elif (agency := self.entity_named(text)) is not None:
                    digest["scope"] = {"kind": "agency", "agency": agency}
                else:
                    return None
            return build_digest(c, session, digest, self.clock.now(), lang, viewer=viewer)
