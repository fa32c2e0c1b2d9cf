"""Questions about meetings' minutes and agendas, answered from the database: "¿dónde está la minuta de la
última reunión?", "what was agreed at the June meeting?", "¿qué hay en la agenda?".

The agenda shown is the one `/red agenda` shows, to the same reader: status reports only from the groups
they may read (a public answer, with nobody in particular as the reader, shows none).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from bot.meetings.agenda_command import agenda_answer, next_meeting, when
from bot.meetings.minutes import minutes_answer
from bot.questions.understand import Parsed
from bot.render.answer import NOTHING_FOUND, Answer, Section
from bot.render.i18n import Catalog
from bot.reporting.access import Viewer
from bot.time.clock import network_zone
from storage import meetings as store


def meetings_question(
    c: Catalog, session: Session, q: Parsed, viewer: Viewer, now: dt.datetime
) -> Answer | None:
    """The answer when the question is about minutes or an agenda; None otherwise."""
    if q.has("minutes"):
        return _minutes(c, session, q, now)
    if q.has("agenda"):
        meeting = next_meeting(session, now, None)
        if meeting is None:
            return Answer(q.lang, c.t("agenda.title", q.lang), (Section(text=c.t("agenda.no_meeting", q.lang)),),
                          kind=NOTHING_FOUND)  # fmt: skip
        return agenda_answer(c, session, meeting, q.lang, now, viewer)
    return None


def _minutes(c: Catalog, session: Session, q: Parsed, now: dt.datetime) -> Answer:
    lang = q.lang
    title = c.t("minutes.list_title", lang)
    if q.period is not None:  # "the June meeting": the latest meeting of that period
        zone = network_zone(session)
        first, until = q.period.range.start, q.period.range.end
        if first > now.astimezone(zone).date() and q.period.kind == "month":  # "June" asked in March
            first, until = first.replace(year=first.year - 1), until.replace(year=until.year - 1)
        start = dt.datetime.combine(first, dt.time(0), tzinfo=zone)
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
        meetings = [m for m in store.between(session, start, min(end, now), cancelled=False)]
        for meeting in reversed(meetings):
            if meeting.minutes:
                return minutes_answer(c, session, meeting.minutes[-1], lang)
        if meetings:
            latest = meetings[-1]
            text = c.t(
                "minutes.none_for", lang, title=latest.title(lang), when=when(c, session, latest, lang)
            )
        else:
            named = (
                f"{c.items('dates.months', lang)[first.month - 1]} {first.year}"
                if q.period.kind == "month"
                else c.date(first, lang)
            )
            text = c.t("minutes.no_meeting_then", lang, when=named)
        return Answer(lang, title, (Section(text=text),), c.t("minutes.source", lang), kind=NOTHING_FOUND)
    last = store.recent(session, now, 1)
    found = store.minutes_of(session, before=now, limit=1)
    if found and (not last or found[0].meeting_id == last[0].id):
        return minutes_answer(c, session, found[0], lang)
    if last:  # the last meeting has none yet: say so, and show the last there are
        text = c.t("minutes.none_for", lang, title=last[0].title(lang), when=when(c, session, last[0], lang))
        sections = [Section(text=text)]
        if found:
            sections += minutes_answer(c, session, found[0], lang).sections
        return Answer(lang, title, tuple(sections), c.t("minutes.source", lang),
                      kind="minutes" if found else NOTHING_FOUND)  # fmt: skip
    return Answer(lang, title, (Section(text=c.t("minutes.latest_none", lang)),), c.t("minutes.source", lang),
                  kind=NOTHING_FOUND)  # fmt: skip
