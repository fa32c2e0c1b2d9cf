"""What a meeting reminder and a cancellation notice say, as neutral answers (rendered to Block Kit by
bot.render.blocks within Slack's limits, with a plain-text fallback).

A reminder: the title, how soon ("en 7 días", "mañana", "en 1 hora"), the date and time as Slack's date
token (each reader sees their own zone; the fallback names the Network's), the place or link, that it was
moved (and why) if it was, the link to its own .ics, and the agenda so far.
"""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.meetings.agenda import agenda_sections
from bot.render.answer import Answer, Section
from bot.render.i18n import Catalog
from bot.time.clock import utc
from storage.models import Meeting

HOLIDAY = "holiday:"


def lead(c: Catalog, starts_at: dt.datetime, now: dt.datetime, zone: ZoneInfo, lang: str) -> str:
    """How soon, from `now`: "en 7 días", "mañana", "en 3 horas", "en 45 minutos" (in the Network's days)."""
    remaining = starts_at - now
    minutes = max(1, math.ceil(remaining.total_seconds() / 60))
    days = (starts_at.astimezone(zone).date() - now.astimezone(zone).date()).days
    if minutes < 60:
        return c.t("calendar.reminder.in_minutes", lang, count=minutes)
    if remaining < dt.timedelta(hours=12) or days <= 0:
        return c.t("calendar.reminder.in_hours", lang, count=max(1, round(minutes / 60)))
    if days == 1:
        return c.t("calendar.reminder.tomorrow", lang)
    return c.t("calendar.reminder.in_days", lang, count=days)


def moved_note(c: Catalog, meeting: Meeting, lang: str, zone: ZoneInfo) -> str | None:
    """That the meeting is not where the rule (or its creator) first put it, and why, if it was moved."""
    if meeting.rule_starts_at is None or utc(meeting.rule_starts_at) == utc(meeting.starts_at):
        return None
    previous = c.moment(utc(meeting.rule_starts_at), lang, zone)
    reason = meeting.moved_reason or ""
    if reason.startswith(HOLIDAY):
        holiday = reason.removeprefix(HOLIDAY)
        return c.t("calendar.reminder.moved_holiday", lang, previous=previous, holiday=holiday)
    return c.t("calendar.reminder.moved", lang, previous=previous)


def reminder_answer(c: Catalog, session: Session, meeting: Meeting, lang: str, zone: ZoneInfo,
                    now: dt.datetime, ics_url: str | None) -> Answer:  # fmt: skip
    start = utc(meeting.starts_at)
    when = c.moment(start, lang, zone)
    place = meeting.place or c.t("calendar.reminder.no_place", lang)
    first = Section(
        text=c.t("calendar.reminder.lead", lang, lead=lead(c, start, now, zone, lang)),
        fields=((c.t("calendar.reminder.when", lang), when), (c.t("calendar.reminder.where", lang), place)),
        note=moved_note(c, meeting, lang, zone),
    )
    sections = [first]
    if ics_url:
        sections.append(Section(text=c.t("calendar.reminder.ics", lang, url=ics_url)))
    sections.extend(agenda_sections(c, session, meeting, lang, now))
    title = c.t("calendar.reminder.title", lang, title=meeting.title(lang))
    more = c.t("calendar.reminder.more", lang)  # what a long agenda's cut points to
    return Answer(lang=lang, title=title, sections=tuple(sections), more_hint=more)


def cancellation_answer(c: Catalog, meeting: Meeting, lang: str, zone: ZoneInfo) -> Answer:
    when = c.moment(utc(meeting.starts_at), lang, zone)
    return Answer(
        lang=lang,
        title=c.t("calendar.cancellation.title", lang, title=meeting.title(lang)),
        sections=(Section(text=c.t("calendar.cancellation.text", lang, when=when)),),
    )
