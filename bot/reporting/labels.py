"""How reports name things to people: periods, activities, statuses, agencies and reporters, in the
reader's language (never an internal key such as `en_riesgo`, `oim` or `vias-regulares`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from bot.render.answer import mention
from bot.render.i18n import Catalog
from bot.reporting.schedule import Period
from bot.text import shorten
from bot.time.clock import NETWORK_TIMEZONE, utc
from storage import reporting as store
from storage.models import Entity, StatusUpdate, WorkingGroup

STATUSES = ("no_iniciado", "en_curso", "en_riesgo", "bloqueado", "completado")
# The worst status leads: blocked, then at risk.
SEVERITY = {"bloqueado": 0, "en_riesgo": 1, "en_curso": 2, "no_iniciado": 3, "completado": 4}

__all__ = ["SEVERITY", "STATUSES", "Names", "activity_label", "activity_text", "period_text"]


def period_text(c: Catalog, period: Period, lang: str) -> str:
    return c.t(
        "reporting.period",
        lang,
        opens=c.date(local_date(period.opens_at), lang),
        closes=c.date(local_date(period.closes_at), lang),
    )


def priority_label(c: Catalog, priority: Any, lang: str) -> str:
    """ "Prioridad temática 1" (or the working group's short name) from a priority row."""
    if priority.kind == "working_group":
        short = priority.short_name_en if lang == "en" else priority.short_name_es
        return c.t("priority.working_group", lang, name=short)
    return c.t(f"priority.{priority.kind}", lang, number=priority.number)


def activity_label(c: Catalog, activity: Any, lang: str) -> str:
    """ "Prioridad temática 1, actividad 6" from an activity row."""
    label = c.t("activity.label", lang, number=activity.number).lower()
    return f"{priority_label(c, activity.priority, lang)}, {label}"


def activity_text(activity: Any, lang: str, limit: int = 140) -> str:
    return shorten(activity.text_en if lang == "en" else activity.text_es, limit)


def local_time(value: dt.datetime) -> dt.datetime:
    """A stored instant in the Network's zone."""
    return utc(value).astimezone(NETWORK_TIMEZONE)


def local_date(value: dt.datetime) -> dt.date:
    return local_time(value).date()


class Names:
    """The words for the groups, agencies and people that a set of reports mentions."""

    def __init__(
        self, c: Catalog, session: Session, lang: str, updates: Iterable[StatusUpdate] | None
    ) -> None:
        """`updates` None: the words for every group and agency (an export streams its reports)."""
        self.c, self.lang = c, lang
        if updates is None:
            self.agencies: dict[str, Entity] = store.all_entities_by_key(session)
            self.groups: dict[str, WorkingGroup | None] = {g.key: g for g in store.all_groups(session)}
            return
        updates = list(updates)
        self.agencies = store.entities_by_key(session, {u.agency for u in updates if u.agency})
        self.groups = {key: store.group(session, key) for key in {u.group_key for u in updates}}

    def status(self, key: str) -> str:
        return self.c.t(f"reporting.status.{key}", self.lang)

    def agency(self, key: str | None) -> str | None:
        entity = self.agencies.get(key or "")
        if entity is None:
            return None
        acronym = entity.acronym_en if self.lang == "en" else entity.acronym_es
        return acronym or (entity.name_en if self.lang == "en" else entity.name_es)

    def group(self, key: str) -> str:
        group = self.groups.get(key)
        return group.name_in(self.lang) if group else key

    def reporter(self, update: StatusUpdate) -> str:
        """ "ACNUR · @person" (the mention becomes the person's name in Slack)."""
        agency = self.agency(update.agency)
        return f"{agency} · {mention(update.author)}" if agency else mention(update.author)
