"""Answers about meetings read from the calendar in the database (ad hoc meetings included, cancelled ones
left out): the next meeting, the next of a working group or of the Executive Committee, the upcoming ones.

The terms of reference's words ("de manera trimestral el último jueves de cada mes o ad hoc") and the
Network's own settings (config/meetings.yaml: months, weekday, hour) are shown apart, each labelled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.knowledge.snapshot import Bilingual, Knowledge, PriorityInfo
from bot.meetings.calendar import CalendarEntry, describe_rule
from bot.meetings.settings import MeetingSettings
from bot.questions.answers.format import priority_name
from bot.questions.answers.network import topic, tor_source
from bot.render.answer import NOTHING_FOUND, Answer, Item, Section, moment
from bot.render.i18n import Catalog

NETWORK_ZONE = "America/Mexico_City"


class Calendar(Protocol):
    """What the answers read (bot.meetings.calendar.SessionCalendar)."""

    def next(
        self, now: dt.datetime, count: int = 1, series: frozenset[str] | None = None,
        kinds: frozenset[str] | None = None,
    ) -> list[CalendarEntry]: ...  # fmt: skip

    def series_for(self, priority_keys: list[str]) -> dict[str, str]: ...

    def settings(self) -> MeetingSettings: ...


def start_of(day: dt.date) -> dt.datetime:
    """A question asked "as of" a day sees that day's meetings too."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=ZoneInfo(NETWORK_ZONE))


def kind_label(c: Catalog, kind: str, lang: str) -> str:
    key = f"calendar.kind_{kind}"
    return c.t(key, lang) if c.has(key) else kind


def rule_text(c: Catalog, series: dict[str, Any], lang: str) -> str:
    rule = describe_rule(series)
    weekday = c.items("dates.weekdays", lang)[rule["weekday"]]
    if rule["week"] == "every":
        return c.t("calendar.rule_weekly", lang, weekday=weekday, time=rule["time"], zone=rule["zone"])
    nth = (
        c.t("calendar.last", lang)
        if rule["week"] == "last"
        else c.items("calendar.nth", lang)[("first", "second", "third", "fourth").index(rule["week"])]
    )
    time, zone = rule["time"], rule["zone"]
    names = c.items("dates.months", lang)
    months = [names[m - 1] for m in rule["months"]]
    if not months or len(months) == 12:
        return c.t("calendar.rule_monthly", lang, nth=nth, weekday=weekday, time=time, zone=zone)
    joined = (
        months[0]
        if len(months) == 1
        else f"{', '.join(months[:-1])} {c.t('calendar.and', lang)} {months[-1]}"
    )
    return c.t("calendar.rule_nth", lang, nth=nth, weekday=weekday, months=joined, time=time, zone=zone)


def _fields(c: Catalog, entry: CalendarEntry, lang: str) -> tuple[tuple[str, str], ...]:
    zone = ZoneInfo(NETWORK_ZONE)
    local = entry.starts_at.astimezone(zone)
    fields = [
        (c.t("meeting.date", lang), f"{c.weekday(local.date(), lang)} {c.date(local.date(), lang)}"),
        # Slack shows the hour in each reader's own zone; the terminal, in the Network's, named in words.
        (
            c.t("meeting.time", lang),
            moment(local, f"{local:%H:%M} ({c.t('dates.zone_name', lang)})", "{time}"),
        ),
        (c.t("meeting.kind", lang), kind_label(c, entry.kind, lang)),
    ]
    if entry.title(lang):
        fields.append((c.t("calendar.meeting_label", lang), entry.title(lang)))
    if entry.place:
        fields.append((c.t("calendar.place_label", lang), entry.place))
    return tuple(fields)


def moved_note(c: Catalog, entry: CalendarEntry, lang: str) -> str | None:
    if entry.rule_starts_at is None or entry.rule_starts_at == entry.starts_at:
        return None
    day = entry.rule_starts_at.astimezone(ZoneInfo(NETWORK_ZONE)).date()
    date = f"{c.weekday(day, lang)} {c.date(day, lang)}"
    if entry.holiday:
        return c.t("calendar.moved_holiday", lang, date=date, holiday=entry.holiday)
    return c.t("calendar.moved", lang, date=date)


def _meeting_answer(
    c: Catalog, k: Knowledge, calendar: Calendar, entry: CalendarEntry, lang: str, title: str,
    intro: str | None = None,
) -> Answer:  # fmt: skip
    sections = [Section(text=intro)] if intro else []
    sections.append(Section(fields=_fields(c, entry, lang)))
    note = moved_note(c, entry, lang)
    if note:
        sections.append(Section(text=note))
    series = calendar.settings().series.get(entry.series or "")
    if series:
        sections.append(Section(text=c.t("calendar.settings_rule", lang, rule=rule_text(c, series, lang))))
    if entry.kind == "quarterly":
        rule = k.text("meetings.frequency")
        if rule:
            sections.append(Section(text=_tor_rule(c, rule, lang)))
    return Answer(lang, title, tuple(sections), tor_source(c, lang))


def _tor_rule(c: Catalog, rule: Bilingual, lang: str) -> str:
    """The terms of reference's sentence as written, apart from the Network's settings (months, hour)."""
    return c.t("meeting.rule", lang, original=rule.text("es"), rule=rule.text(lang))


def _nothing(c: Catalog, lang: str) -> Answer:
    return Answer(lang, c.t("calendar.none_title", lang), (Section(text=c.t("calendar.none_text", lang)),),
                  kind=NOTHING_FOUND)  # fmt: skip


def next_meeting(
    c: Catalog, k: Knowledge, calendar: Calendar, today: dt.date, lang: str, quarterly_only: bool,
    committee: bool = False,
) -> Answer:  # fmt: skip
    """The next meeting of any kind (ad hoc included), or the next quarterly or Executive Committee one."""
    now = start_of(today)
    intro = None
    found: list[CalendarEntry] = []
    if committee:
        found = calendar.next(now, 1, kinds=frozenset({"committee"}))
        intro = None if found else c.t("calendar.no_committee_series", lang)
    if not found:
        kinds = frozenset({"quarterly"}) if quarterly_only else None
        found = calendar.next(now, 1, kinds=kinds)
    if not found:
        return _nothing(c, lang)
    entry = found[0]
    day = entry.starts_at.astimezone(ZoneInfo(NETWORK_ZONE)).date()
    title = c.t("meeting.next_title", lang, date=c.date(day, lang))
    return _meeting_answer(c, k, calendar, entry, lang, title, intro)


def group_meeting(
    c: Catalog, k: Knowledge, calendar: Calendar, ps: list[PriorityInfo], today: dt.date, lang: str
) -> Answer:
    """ "When does the regular pathways group meet next?": the next meeting of the series of the working
    group that follows that priority; without one, the Network's next meeting, saying so."""
    name = priority_name(c, ps[0], lang)
    series = calendar.series_for([p.key for p in ps])
    found = calendar.next(start_of(today), 1, series=frozenset(series)) if series else []
    if not found:
        answer = next_meeting(c, k, calendar, today, lang, quarterly_only=False)
        if answer.kind == NOTHING_FOUND:
            return answer
        intro = Section(text=c.t("calendar.no_group_series", lang, name=name))
        return Answer(lang, answer.title, (intro, *answer.sections), answer.source)
    entry = found[0]
    day = entry.starts_at.astimezone(ZoneInfo(NETWORK_ZONE)).date()
    title = c.t("calendar.group_next_title", lang, name=name, date=c.date(day, lang))
    return _meeting_answer(c, k, calendar, entry, lang, title)


def meeting_rule(c: Catalog, k: Knowledge, calendar: Calendar, today: dt.date, lang: str) -> Answer:
    """How often the Network meets: the terms of reference's words, the Network's settings, what is next."""
    answer = topic(c, k, "meeting_rule", lang)
    rule = k.text("meetings.frequency")
    sections = [Section(text=_tor_rule(c, rule, lang))] if rule else list(answer.sections)
    settings = calendar.settings()
    for series in settings.series.values():
        if series.get("kind") == "quarterly":
            sections.append(
                Section(text=c.t("calendar.settings_rule", lang, rule=rule_text(c, series, lang)))
            )
    zone = ZoneInfo(NETWORK_ZONE)
    items = []
    for entry in calendar.next(start_of(today), 4):
        local = entry.starts_at.astimezone(zone)
        label = f"{c.weekday(local.date(), lang)} {c.date(local.date(), lang)}, {local:%H:%M}"
        items.append(Item(f"{label}: {entry.title(lang) or kind_label(c, entry.kind, lang)}"))
    if items:
        sections.append(Section(heading=c.t("meeting.upcoming", lang), items=tuple(items)))
    return Answer(lang, answer.title, tuple(sections), answer.source)
