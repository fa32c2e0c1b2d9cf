"""The summary a group's channel gets when a reporting period closes.

Who reported and who did not comes first, so no cut can lose it; then every activity with each reporter's
word, blocked and at risk first; then the activities nobody reported on. "Did not report" names only people
who were asked (their prompt or nudge was sent) and did not answer, never someone away or never asked; a
period whose prompts were not sent says so instead of naming anyone. What the channel sees is the
secretariat's choice in config: statuses only, or progress and obstacles too.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot.render.answer import Answer, Section, mention
from bot.render.i18n import Catalog
from bot.reporting.labels import Names, activity_label, local_date, period_text
from bot.reporting.reports import activity_item, by_activity
from bot.reporting.schedule import Period
from storage import reporting as store
from storage.models import StatusUpdate, WorkingGroup

# Mentions a list shows before "and N more": a mention is short, but hundreds would crowd out the rest.
MAX_NAMED = 25
MAX_SILENT_LISTED = 12
# A prompt rightly left unsent: its person had already reported.
ALREADY_REPORTED = "already_reported"


def summary_answer(c: Catalog, session: Session, group: WorkingGroup, period: Period, lang: str) -> Answer:
    updates = store.updates_for(session, group.key, period.key)
    names = Names(c, session, lang, updates)
    details = group.summary_shows == "details"
    sections = [
        Section(text=period_text(c, period, lang)),
        _participation(c, session, group, period, lang, updates),
    ]
    entries = by_activity(updates)
    if entries:
        items = tuple(
            activity_item(c, names, e, lang, details=details, dated=False, grouped=False) for e in entries
        )
        note = None if details else c.t("reporting.details_private", lang, group=group.name_in(lang))
        sections.append(Section(heading=c.t("reporting.by_activity", lang), items=items, note=note))
    else:
        sections.append(Section(text=c.t("reporting.no_reports", lang)))
    reported = {e.activity.id for e in entries}
    silent = [a for a in store.followed_activities(session, group.follows) if a.id not in reported]
    if silent:
        listed = "; ".join(activity_label(c, a, lang) for a in silent[:MAX_SILENT_LISTED])
        more = len(silent) - MAX_SILENT_LISTED
        if more > 0:
            listed += " " + c.t("reporting.and_more", lang, count=more)
        sections.append(Section(heading=c.t("reporting.no_news", lang, count=len(silent)), text=listed))
    title = c.t("reporting.summary_title", lang, group=group.name_in(lang))
    hint = c.t("reporting.summary_more", lang, group=group.name_in(lang))
    return Answer(lang, title, tuple(sections), kind="summary", more_hint=hint)


def _participation(c: Catalog, session: Session, group: WorkingGroup, period: Period, lang: str,
                   updates: Sequence[StatusUpdate]) -> Section:  # fmt: skip
    deliveries = store.delivery_statuses(session, group.key, period.key)
    asked = {
        who
        for (kind, who), (status, _) in deliveries.items()
        if kind in ("prompt", "nudge") and status == "sent"
    }
    # Prompts that should have gone and did not (Enlace was down, Slack refused); not those left unsent
    # because the person had already reported.
    unsent = {
        who
        for (kind, who), (status, reason) in deliveries.items()
        if kind == "prompt" and status != "sent" and reason != ALREADY_REPORTED
    }
    # In the group's own order (config's members), then anyone else who reported for it (an admin).
    order = {m.slack_user_id: m.position for m in group.members}
    reporters = sorted(
        dict.fromkeys(u.author for u in updates), key=lambda u: (order.get(u, len(order) + 1), u)
    )
    agencies = {u.agency for u in updates if u.agency}
    closed_on = local_date(period.closes_at)
    silent = [
        m.slack_user_id
        for m in group.members
        if m.slack_user_id in asked
        and not store.away_on(session, m.slack_user_id, closed_on)
        and (
            m.agency not in agencies
            if group.prompt_to == "one_per_agency"
            else m.slack_user_id not in reporters
        )
    ]
    notes = []
    if unsent and not asked:
        notes.append(c.t("reporting.prompts_not_sent", lang))
    elif unsent - asked:
        notes.append(c.t("reporting.prompts_missing", lang, count=len(unsent - asked)))
    fields = (
        (c.t("reporting.reported", lang, count=len(reporters)), _people(c, reporters, lang)),
        (c.t("reporting.not_reported", lang, count=len(silent)), _people(c, silent, lang)),
    )
    return Section(fields=fields, note=" ".join(notes) or None)


def _people(c: Catalog, users: list[str], lang: str) -> str:
    if not users:
        return "—"
    named = ", ".join(mention(u) for u in users[:MAX_NAMED])
    more = len(users) - MAX_NAMED
    return f"{named} {c.t('reporting.and_more', lang, count=more)}" if more > 0 else named
