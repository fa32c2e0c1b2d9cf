"""When prompts and nudges fall: bot.reporting.schedule.periods on schedules like config's, around weekends
and Mexican public holidays (2021-09-16 Independence Day, 2022-02-07 Constitution Day, ...)."""

from __future__ import annotations

import datetime as dt

from bot.reporting.schedule import GroupSchedule, first_working_day, is_working_day, periods
from tests.reporting_fixtures import ZONE, local


def _schedule(weeks: int | None, starting: dt.date, open_days: int, nudge_days: int) -> GroupSchedule:
    weekday = None if weeks is None else starting.weekday()
    return GroupSchedule(weeks, weekday, weeks is None, dt.time(10), starting,
                         dt.timedelta(days=open_days), dt.timedelta(days=nudge_days))  # fmt: skip


def _nudges(schedule: GroupSchedule, since: dt.datetime, until: dt.datetime) -> dict[str, str | None]:
    found = periods(schedule, ZONE, since, until)
    return {p.key: p.nudge_at.astimezone(ZONE).strftime("%F %a %H:%M") if p.nudge_at else None for p in found}


def test_detencion_nudges_over_ten_months() -> None:
    """First working day 10:00, open 7 days, nudge 2 days before the close (config's detencion)."""
    schedule = _schedule(None, dt.date(2021, 6, 1), 7, 2)
    assert _nudges(schedule, local(2021, 6, 1), local(2022, 3, 31)) == {
        "2021-06-01": "2021-06-07 Mon 10:00",  # Sun 06-06 -> next working day
        "2021-07-01": "2021-07-06 Tue 10:00",
        "2021-08-02": "2021-08-06 Fri 10:00",  # Sat 08-07 -> Mon 08-09 is the close -> back to Friday
        "2021-09-01": "2021-09-06 Mon 10:00",
        "2021-10-01": "2021-10-06 Wed 10:00",
        "2021-11-01": "2021-11-05 Fri 10:00",  # Sat 11-06 -> Mon 11-08 is the close -> Friday
        "2021-12-01": "2021-12-06 Mon 10:00",
        "2022-01-03": "2022-01-07 Fri 10:00",  # Jan 1 is a Saturday holiday; Sat 01-08 -> Friday
        "2022-02-01": "2022-02-04 Fri 10:00",  # Sun 02-06, Mon 02-07 Constitution Day, Tue is the close
        "2022-03-01": "2022-03-07 Mon 10:00",
    }
    assert first_working_day(2021, 2) == dt.date(2021, 2, 2)  # Mon 02-01 was Constitution Day
    assert first_working_day(2021, 5) == dt.date(2021, 5, 3)  # Labour Day fell on a Saturday


def test_nudges_around_independence_day() -> None:
    weekly = _schedule(1, dt.date(2021, 9, 6), 4, 1)  # Monday 10:00, closes Friday, nudge Thursday
    assert _nudges(weekly, local(2021, 9, 6), local(2021, 9, 20, 12)) == {
        "2021-09-06": "2021-09-09 Thu 10:00",
        "2021-09-13": "2021-09-15 Wed 10:00",  # Thu 09-16 is a holiday, Friday 10:00 is the close
        "2021-09-20": "2021-09-23 Thu 10:00",
    }
    longer = _schedule(1, dt.date(2021, 9, 13), 5, 2)  # closes Saturday: the holiday's nudge goes forward
    assert _nudges(longer, local(2021, 9, 13), local(2021, 9, 13, 12)) == {
        "2021-09-13": "2021-09-17 Fri 10:00"
    }
    weekend = _schedule(1, dt.date(2021, 6, 4), 3, 1)  # Friday to Monday: no working day in between
    assert _nudges(weekend, local(2021, 6, 4), local(2021, 6, 4, 12)) == {"2021-06-04": None}


def test_no_prompt_on_a_public_holiday() -> None:
    for starting in (dt.date(2021, 6, 14), dt.date(2021, 6, 7)):  # vias-regulares, retorno
        found = periods(_schedule(2, starting, 4, 1), ZONE, local(2021, 6, 1), local(2022, 12, 31))
        assert [p.key for p in found if not is_working_day(p.opens_at.date())] == []
