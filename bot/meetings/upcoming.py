"""`/red reuniones [2022 | julio]`: the upcoming meetings (or those of a year or a month), each with its
date token, channel, agenda size and the buttons the person may use."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from bot.meetings.adhoc import FROM_LIST, LIST_SHOWN, AdHoc
from bot.meetings.when import MONTHS, fold
from bot.render.blocks import MAX_MESSAGE_TEXT, cut, escape
from bot.time.clock import network_zone, utc
from storage import meetings as store

Block = dict[str, Any]


def upcoming_listing(
    adhoc: AdHoc, user: str, lang: str, rest: str = ""
) -> tuple[str, list[Block] | None, list[str]]:
    """The upcoming meetings (or those of a year or month: "2022", "julio", "July 2022"), each with its
    date token, channel, agenda size, and the buttons the person may use; within Slack's limits (at most
    LIST_SHOWN, then how many more). Also as plain lines, for the console."""
    c = adhoc.catalog
    now = adhoc.clock.now()
    with adhoc.session_factory() as session:
        zone = network_zone(session)
        span = period(rest, now.astimezone(zone).date())
        if span is None:
            rows = store.upcoming(session, now, limit=500)
            title, none = c.t("adhoc.list_title", lang), c.t("adhoc.list_none", lang)
        else:
            start, end, month = span
            rows = store.between(session, _midnight(start, zone), _midnight(end, zone), cancelled=False)
            name = str(start.year) if month is None else c.t(
                "adhoc.month_year", lang, month=c.items("dates.months", lang)[month - 1], year=start.year
            )  # fmt: skip
            title, none = (
                c.t("adhoc.list_period", lang, period=name),
                c.t("adhoc.list_none_period", lang, period=name),
            )
        if not rows:
            return none, None, []
        blocks: list[Block] = []
        plain: list[str] = []
        budget = MAX_MESSAGE_TEXT - 200
        shown = 0
        for row in rows[:LIST_SHOWN]:
            size = len(store.agenda_items(session, row))
            line = " · ".join((
                f"*{escape(cut(row.title(lang), 150))}*", escape(adhoc._moment(session, row, lang)),
                f"<#{row.channel}>", escape(c.t("adhoc.agenda_size", lang, count=size)),
            ))  # fmt: skip
            if len(line) > budget:
                break
            budget -= len(line)
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": line}})
            plain.append(" · ".join((row.title(lang), adhoc._plain_moment(session, row, lang), f"#{row.channel}",
                                     c.t("adhoc.agenda_size", lang, count=size))))  # fmt: skip
            if utc(row.starts_at) >= now and adhoc.may_change(session, row, user):
                blocks.append(adhoc.buttons(row, lang, FROM_LIST))
            shown += 1
        if len(rows) > shown:
            more = c.t("adhoc.list_more", lang, count=len(rows) - shown)
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(more)}]})
            plain.append(more)
    return title, blocks, plain


def _midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone)


def period(rest: str, today: dt.date) -> tuple[dt.date, dt.date, int | None] | None:
    """`/red reuniones 2022` -> the year; "julio", "July 2022", "julio de 2022" -> that month (this year's,
    or next year's once this year's is over); anything else -> None (the upcoming meetings)."""
    text = fold(" ".join(rest.split()))
    year = re.fullmatch(r"(\d{4})", text)
    if year:
        first = int(year.group(1))
        return dt.date(first, 1, 1), dt.date(first + 1, 1, 1), None
    named = re.fullmatch(r"(?:en\s+|in\s+)?([a-z]+)\.?(?:,?\s+(?:de\s+|del\s+)?(\d{4}))?", text)
    if not named or named.group(1) not in MONTHS:
        return None
    month = MONTHS[named.group(1)]
    found = int(named.group(2)) if named.group(2) else today.year
    if not named.group(2) and (today.year, today.month) > (found, month):
        found += 1
    end = dt.date(found + 1, 1, 1) if month == 12 else dt.date(found, month + 1, 1)
    return dt.date(found, month, 1), end, month
