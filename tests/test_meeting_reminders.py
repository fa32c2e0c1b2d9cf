"""Meeting reminders and cancellation notices, time-travelled against the loopback Slack on SQLite and
PostgreSQL: the clock's wake-ups (`enlace tick --at` semantics, services built once per clock) over weeks,
with meetings inserted, moved and cancelled through storage.meetings.

The meetings settings as config/meetings.yaml ships them: offsets 7 days, 1 day, 1 hour before; catch-up
windows 1 day, 6 hours, 1 hour, never after the start. The working groups are archived and the loaded
calendar emptied in these databases, so that only each test's own meetings are in the outbox.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import delete, update

pytest.register_assert_rewrite("tests.reporting_fixtures")

from bot.meetings import reminders  # noqa: E402
from bot.meetings.ics import signature  # noqa: E402
from bot.outbox.run import TickReport  # noqa: E402
from bot.render.i18n import Catalog  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from handlers.app import build_services  # noqa: E402
from handlers.clock_process import tick  # noqa: E402
from handlers.sender import SlackSender  # noqa: E402
from handlers.slack_client import make_web_client  # noqa: E402
from storage import meetings as store  # noqa: E402
from storage import outbox as outbox_store  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.models import AgendaItem, Meeting, Minutes, NetworkSetting, WorkingGroup  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests.blocks import text_objects  # noqa: E402
from tests.conftest import ROOT  # noqa: E402
from tests.fakeslack import FakeSlack  # noqa: E402
from tests.reporting_fixtures import ADMIN, ZONE, local  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]

NETWORK = "C0RED00001"
ADHOC = "C0ADHOC001"
TITLE_ES, TITLE_EN = "Reunión trimestral de la Red", "Network quarterly meeting"
HOUR, DAY, WEEK = dt.timedelta(hours=1), dt.timedelta(days=1), dt.timedelta(days=7)
GONE = "C0GONE0001"
BASE: dict[str, Any] = {
    "horizon_days": 365, "network_channel": NETWORK, "reminders": [604800, 86400, 3600],
    "catch_up": {"604800": 86400, "86400": 21600, "3600": 3600},
    "holidays": {"country": "MX", "policy": "working_day_before"}, "series": {},
}  # fmt: skip


@dataclasses.dataclass
class Calendar:
    """A database with meetings in it, and clocks to wake up against it."""

    url: str
    fake: FakeSlack
    settings: Settings

    def __post_init__(self) -> None:
        """Only this test's meetings: the loaded calendar's rows are removed and the series emptied (this
        test's meetings carry a creator, so a materialising clock leaves them alone)."""
        self.engine = make_engine(self.url)
        self.sessions = make_session_factory(self.engine)
        with self.sessions() as session, session.begin():
            session.execute(update(WorkingGroup).values(archived=True))
            session.execute(delete(AgendaItem))
            session.execute(delete(Minutes))
            session.execute(delete(Meeting))
            loaded = session.get(NetworkSetting, "meetings")
            self.series = dict((loaded.value if loaded else {}).get("series") or {})
        self.set_meetings({})

    def clock(self) -> Callable[[dt.datetime], TickReport]:
        """One `enlace clock` process: its services built once, asked what is due at each wake-up."""
        client = make_web_client(self.settings.slack_bot_token, self.settings.slack_api_url)
        _, reporting = build_services(self.settings, client, clock=FixedClock(local(2021, 1, 1)))
        sender = SlackSender(client, self.settings.send_per_second)
        return lambda at: reporting.deliver_due(sender, at)

    def add(self, uid: str, starts: dt.datetime, created: dt.datetime, channel: str = NETWORK,
            series: str | None = "quarterly", place: str = "Sala Tlatelolco, piso 3") -> None:  # fmt: skip
        with self.sessions() as session, session.begin():
            store.add_meeting(session, Meeting(
                uid=uid, series=series, kind="quarterly" if series else "ad_hoc", title_es=TITLE_ES,
                title_en=TITLE_EN, starts_at=starts, duration_minutes=120, channel=channel, place=place,
                status="scheduled", sequence=0, created_by=ADMIN, created_at=created, updated_at=created,
            ))  # fmt: skip

    def move(self, uid: str, starts: dt.datetime, now: dt.datetime, reason: str = "moved") -> None:
        with self.sessions() as session, session.begin():
            row = store.meeting(session, uid)
            assert row is not None
            store.move(session, row, starts, "U0ADMIN001", now, reason)

    def cancel(self, uid: str, now: dt.datetime) -> None:
        with self.sessions() as session, session.begin():
            row = store.meeting(session, uid)
            assert row is not None
            store.cancel(session, row, "U0ADMIN001", now)

    def set_meetings(self, value: dict[str, Any]) -> None:
        """The meetings settings as config/meetings.yaml ships them (offsets 7 d, 1 d, 1 h; catch-up 1 d,
        6 h, 1 h), no series, and `value` over them."""
        with self.sessions() as session, session.begin():
            session.merge(NetworkSetting(name="meetings", value={**BASE, **value}))

    def series_like_quarterly(self, **fields: Any) -> dict[str, Any]:
        """A series as the loader stores it (the loaded quarterly one), posting in a channel no test reads."""
        return {**self.series.get("quarterly", {}), "channel": "C0UNUSED01", **fields}

    def posts(self, channel: str) -> list[dict[str, Any]]:
        return [p for p in rf.ok_posts(self.fake) if p["channel"] == channel]

    def keys(self, channel: str) -> list[str]:
        return [p["metadata"]["event_payload"]["key"] for p in self.posts(channel)]

    def rows(self) -> dict[str, tuple[str, str | None]]:
        """The meetings' outbox rows in this test's channels: key -> (status, reason)."""
        return {
            k: (r.status, r.reason)
            for k, r in rf.deliveries(self.url).items()
            if r.kind in ("reminder", "cancellation") and r.recipient in (NETWORK, ADHOC, GONE)
        }


@pytest.fixture
def cal(any_db: str, fake_slack: FakeSlack) -> Iterator[Calendar]:
    calendar = Calendar(any_db, fake_slack, rf.settings_for(any_db, fake_slack))
    yield calendar
    calendar.engine.dispose()


def every(start: dt.datetime, end: dt.datetime, step: dt.timedelta) -> Iterator[dt.datetime]:
    at = start
    while at <= end:
        yield at
        at += step


def grid(start: dt.datetime, end: dt.datetime) -> Iterator[dt.datetime]:
    """A wake-up every 3 hours, plus 09:00 and 10:00 each day (when the meetings here start and are
    reminded an hour before)."""
    extra = {at.replace(hour=h) for at in every(start, end, DAY) for h in (9, 10)}
    return iter(sorted({*every(start, end, 3 * HOUR), *(at for at in extra if start <= at <= end)}))


def run(wake_up: Callable[[dt.datetime], TickReport], instants: Iterator[dt.datetime], cal: Calendar,
        channels: tuple[str, ...]) -> list[tuple[dt.datetime, str, str]]:  # fmt: skip
    """Wake the clock at each instant; (instant, channel, delivery key) of each message posted then."""
    seen: list[tuple[dt.datetime, str, str]] = []
    for at in instants:
        before = len(rf.ok_posts(cal.fake))
        report = wake_up(at)
        assert not report.failed and not report.unreported, (at, report)
        for params in rf.ok_posts(cal.fake)[before:]:
            if params["channel"] in channels:
                seen.append((at, params["channel"], params["metadata"]["event_payload"]["key"]))
    return seen


def text_of(message: dict[str, Any]) -> str:
    return rf.block_text(message)


# -- weeks of wake-ups -----------------------------------------------------------------------------------


def test_weeks_of_ticks_send_each_reminder_once_at_its_time(cal: Calendar) -> None:
    """Two meetings over a month, a wake-up every 3 hours (every 10 minutes around the hour reminders):
    exactly six reminders, each at the first wake-up at or after its time; re-ticks, earlier ticks and a
    second clock send nothing more."""
    cal.add("quarterly:2021-06", local(2021, 6, 24, 10), created=local(2021, 1, 1))
    cal.add("adhoc-vias", local(2021, 7, 6, 16, 40), created=local(2021, 6, 1), channel=ADHOC, series=None)
    wake_up = cal.clock()
    ten = dt.timedelta(minutes=10)
    instants = sorted({*every(local(2021, 6, 10), local(2021, 7, 10), 3 * HOUR),
                       *every(local(2021, 6, 24, 8), local(2021, 6, 24, 11), ten),
                       *every(local(2021, 7, 6, 15), local(2021, 7, 6, 18), ten)})  # fmt: skip
    seen = run(wake_up, iter(instants), cal, (NETWORK, ADHOC))
    assert seen == [
        (local(2021, 6, 17, 12), NETWORK, "reminder:quarterly:2021-06:0:604800"),  # due 06-17 10:00
        (local(2021, 6, 23, 12), NETWORK, "reminder:quarterly:2021-06:0:86400"),  # due 06-23 10:00
        (local(2021, 6, 24, 9), NETWORK, "reminder:quarterly:2021-06:0:3600"),
        (local(2021, 6, 29, 18), ADHOC, "reminder:adhoc-vias:0:604800"),  # due 16:40
        (local(2021, 7, 5, 18), ADHOC, "reminder:adhoc-vias:0:86400"),
        (local(2021, 7, 6, 15, 40), ADHOC, "reminder:adhoc-vias:0:3600"),
    ]
    assert set(cal.rows().values()) == {("sent", None)}
    # Again, at the same instants, earlier ones and from another clock: nothing planned, nothing sent.
    other = cal.clock()
    for at in (local(2021, 7, 10), local(2021, 6, 24, 9), local(2021, 6, 17, 10), local(2021, 6, 23, 10, 5)):
        for clock in (wake_up, other):
            report = clock(at)
            assert (report.planned, report.sent) == (0, []), at
    assert len(cal.posts(NETWORK)) == 3 and len(cal.posts(ADHOC)) == 3


def test_a_reminder_says_what_when_where_and_how_soon(cal: Calendar, catalog: Catalog) -> None:
    cal.settings = dataclasses.replace(
        cal.settings, calendar_token="s3cret-token", public_url="https://enlace.example.org/"
    )
    cal.add("quarterly:2021-06", local(2021, 6, 24, 10), created=local(2021, 1, 1))
    wake_up = cal.clock()
    for at in (local(2021, 6, 17, 10), local(2021, 6, 23, 10), local(2021, 6, 24, 9, 3)):
        wake_up(at)
    week, day, hour = cal.posts(NETWORK)
    epoch = int(local(2021, 6, 24, 10).timestamp())
    assert epoch == 1624546800  # 15:00 UTC: Mexico City was UTC-5 in June 2021
    sig = signature("s3cret-token", "quarterly:2021-06")
    link = f"https://enlace.example.org/calendar/quarterly%3A2021-06.ics?sig={sig}"
    for message, lead in ((week, "en 7 días"), (day, "mañana"), (hour, "en 57 minutos")):
        text = text_of(message)
        assert message["blocks"][0]["text"]["text"] == "Recordatorio: Reunión trimestral de la Red"
        assert f"La reunión es {lead}." in text, text
        assert f"<!date^{epoch}^" in text
        assert "jueves 24 de junio de 2021, 10:00 (hora de la Ciudad de México)" in text
        assert "Sala Tlatelolco, piso 3" in text
        assert link in text
        assert "*Agenda*" in text
        assert "Recordatorio: Reunión trimestral de la Red" in message["text"]  # the notification text
        assert "<!date^" not in message["text"] and "10:00 (hora de la Ciudad de México)" in message["text"]
    assert len(sig) == 32


def test_a_reminder_in_english_for_a_series_that_says_so_and_an_hour_lead(cal: Calendar) -> None:
    cal.set_meetings({"series": {"committee": cal.series_like_quarterly(lang="en")}})
    cal.add("committee:2021-06", local(2021, 6, 24, 10), created=local(2021, 1, 1), series="committee",
            place="")  # fmt: skip
    cal.clock()(local(2021, 6, 24, 9))
    [message] = cal.posts(NETWORK)
    text = text_of(message)
    assert message["blocks"][0]["text"]["text"] == "Reminder: Network quarterly meeting"
    assert "The meeting is in 1 hour." in text
    assert "Place or link to be confirmed" in text
    assert "/calendar/" not in text  # no public URL configured: no link


def test_the_agenda_so_far_is_in_the_reminder(cal: Calendar) -> None:
    cal.add("quarterly:2021-06", local(2021, 6, 24, 10), created=local(2021, 1, 1))
    with cal.sessions() as session, session.begin():
        row = store.meeting(session, "quarterly:2021-06")
        assert row is not None
        store.add_agenda_item(session, row, "Plan de retorno asistido", "U0RET00001", local(2021, 6, 20))
    cal.clock()(local(2021, 6, 23, 10))
    [message] = cal.posts(NETWORK)
    assert "1. Plan de retorno asistido (<@U0RET00001>)" in text_of(message)


# -- moved, cancelled, created late ---------------------------------------------------------------------


def test_a_moved_meeting_is_reminded_only_for_its_new_time(cal: Calendar, fast_retries: None) -> None:
    """The 7-day reminder went out; the 1-day one is waiting for a retry when the meeting moves five days
    later: that one is skipped, the new time's 7-day reminder was not ahead of the move (so it is written
    as such and not sent), and the new time's 1-day and 1-hour reminders go."""
    cal.add("quarterly:2021-06", local(2021, 6, 24, 10), created=local(2021, 1, 1))
    wake_up = cal.clock()
    seen = run(wake_up, grid(local(2021, 6, 16), local(2021, 6, 23, 9)), cal, (NETWORK,))
    cal.fake.fail("chat.postMessage", 500, times=4)  # the post and the sender's 3 repeats
    assert wake_up(local(2021, 6, 23, 10)).retrying == ["reminder:quarterly:2021-06:0:86400"]
    cal.move("quarterly:2021-06", local(2021, 6, 29, 10), now=local(2021, 6, 23, 10, 30))
    seen += run(wake_up, grid(local(2021, 6, 23, 11), local(2021, 7, 1)), cal, (NETWORK,))
    assert seen == [
        (local(2021, 6, 17, 10), NETWORK, "reminder:quarterly:2021-06:0:604800"),
        (local(2021, 6, 28, 10), NETWORK, "reminder:quarterly:2021-06:1:86400"),
        (local(2021, 6, 29, 9), NETWORK, "reminder:quarterly:2021-06:1:3600"),
    ]
    assert cal.rows() == {
        "reminder:quarterly:2021-06:0:604800": ("sent", None),
        "reminder:quarterly:2021-06:0:86400": ("skipped", "meeting_moved"),
        "reminder:quarterly:2021-06:1:604800": ("skipped", "not_ahead"),
        "reminder:quarterly:2021-06:1:86400": ("sent", None),
        "reminder:quarterly:2021-06:1:3600": ("sent", None),
    }
    # The old time's message is not in the channel; the new one's date is the new date.
    assert "martes 29 de junio de 2021, 10:00" in text_of(cal.posts(NETWORK)[-1])
    assert "Se movió; antes era el <!date^1624546800^" in text_of(cal.posts(NETWORK)[-1])


def test_a_holiday_moved_meeting_says_so(cal: Calendar) -> None:
    cal.add("quarterly:2025-12", local(2025, 12, 25, 10), created=local(2025, 1, 1))
    cal.move("quarterly:2025-12", local(2025, 12, 24, 10), now=local(2025, 1, 1), reason="holiday:Navidad")
    cal.clock()(local(2025, 12, 23, 10))
    [message] = cal.posts(NETWORK)
    assert message["metadata"]["event_payload"]["key"] == "reminder:quarterly:2025-12:1:86400"
    text = text_of(message)
    assert "miércoles 24 de diciembre de 2025, 10:00" in text
    assert (
        "Se movió del jueves 25 de diciembre de 2025, 10:00 (hora de la Ciudad de México) porque ese día es feriado (Navidad)."
        in message["text"]
    )
    assert "Se movió del <!date^1766678400^" in text


def test_cancelled_after_a_reminder_one_notice_and_nothing_else(cal: Calendar, fast_retries: None) -> None:
    cal.add("quarterly:2021-06", local(2021, 6, 24, 10), created=local(2021, 1, 1))
    wake_up = cal.clock()
    wake_up(local(2021, 6, 17, 10))
    cal.fake.fail("chat.postMessage", 500, times=4)
    assert wake_up(local(2021, 6, 23, 10)).retrying == ["reminder:quarterly:2021-06:0:86400"]
    cal.cancel("quarterly:2021-06", local(2021, 6, 23, 10, 20))
    seen = run(wake_up, every(local(2021, 6, 23, 10, 40), local(2021, 6, 25), dt.timedelta(minutes=30)),
               cal, (NETWORK,))  # fmt: skip
    assert seen == [(local(2021, 6, 23, 10, 40), NETWORK, "cancellation:quarterly:2021-06")]
    assert cal.rows() == {
        "reminder:quarterly:2021-06:0:604800": ("sent", None),
        "reminder:quarterly:2021-06:0:86400": ("skipped", "meeting_cancelled"),
        "cancellation:quarterly:2021-06": ("sent", None),
    }
    notice = cal.posts(NETWORK)[-1]
    assert notice["blocks"][0]["text"]["text"] == "Cancelada: Reunión trimestral de la Red"
    assert "La reunión del <!date^1624546800^" in text_of(notice)
    assert (
        "La reunión del jueves 24 de junio de 2021, 10:00 (hora de la Ciudad de México) se canceló"
        in notice["text"]
    )
    for at in (local(2021, 6, 23, 11), local(2021, 6, 24, 9)):
        assert wake_up(at).planned == 0
    assert len(cal.posts(NETWORK)) == 2


def test_cancelled_before_any_reminder_nothing_is_posted(cal: Calendar) -> None:
    cal.add("quarterly:2021-06", local(2021, 6, 24, 10), created=local(2021, 1, 1))
    cal.cancel("quarterly:2021-06", local(2021, 6, 10))
    run(cal.clock(), grid(local(2021, 6, 10), local(2021, 6, 25)), cal, (NETWORK,))
    assert cal.posts(NETWORK) == [] and cal.rows() == {}


def test_created_less_than_an_offset_before_gets_only_the_reminders_still_ahead(cal: Calendar) -> None:
    cal.add("adhoc-soon", local(2021, 6, 24, 10), created=local(2021, 6, 23, 20))  # 14 hours before
    cal.add("adhoc-now", local(2021, 6, 24, 10), created=local(2021, 6, 24, 9, 30), channel=ADHOC)
    seen = run(cal.clock(), every(local(2021, 6, 23, 20), local(2021, 6, 24, 12), dt.timedelta(minutes=15)),
               cal, (NETWORK, ADHOC))  # fmt: skip
    assert seen == [(local(2021, 6, 24, 9), NETWORK, "reminder:adhoc-soon:0:3600")]
    assert cal.rows() == {
        "reminder:adhoc-soon:0:604800": ("skipped", "not_ahead"),
        "reminder:adhoc-soon:0:86400": ("skipped", "not_ahead"),
        "reminder:adhoc-soon:0:3600": ("sent", None),
        "reminder:adhoc-now:0:604800": ("skipped", "not_ahead"),
        "reminder:adhoc-now:0:86400": ("skipped", "not_ahead"),
        "reminder:adhoc-now:0:3600": ("skipped", "not_ahead"),
    }


# -- downtime -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("back_at", "sent", "expired"),
    [
        (local(2021, 6, 17, 20), ["reminder:q:0:604800"], []),  # 10 h late: within its day
        (local(2021, 6, 18, 10, 30), [], ["reminder:q:0:604800"]),  # a day and a half hour late
        (local(2021, 6, 23, 15, 50), ["reminder:q:0:86400"], ["reminder:q:0:604800"]),  # 5 h 50 min late
        (local(2021, 6, 23, 16, 10), [], ["reminder:q:0:604800", "reminder:q:0:86400"]),  # 6 h 10 min late
        (local(2021, 6, 24, 9, 58), ["reminder:q:0:3600"], ["reminder:q:0:604800", "reminder:q:0:86400"]),
        (local(2021, 6, 24, 10), [], ["reminder:q:0:604800", "reminder:q:0:86400", "reminder:q:0:3600"]),
        (local(2021, 6, 24, 10, 1), [], ["reminder:q:0:604800", "reminder:q:0:86400", "reminder:q:0:3600"]),
    ],
)  # fmt: skip
def test_after_downtime_a_reminder_is_caught_up_once_within_its_window_else_expired(
    cal: Calendar, back_at: dt.datetime, sent: list[str], expired: list[str]
) -> None:
    cal.add("q", local(2021, 6, 24, 10), created=local(2021, 1, 1))
    wake_up = cal.clock()
    wake_up(local(2021, 6, 16))  # the last wake-up before the clock went down
    report = wake_up(back_at)
    assert sorted(report.sent) == sent and report.expired == len(expired)
    rows = cal.rows()
    assert sorted(k for k, v in rows.items() if v == ("expired", "too_late")) == sorted(expired)
    assert wake_up(back_at + dt.timedelta(minutes=1)).sent == []  # once
    assert len(cal.posts(NETWORK)) == len(sent)


def test_after_downtime_only_the_reminder_closest_to_the_meeting_goes(cal: Calendar) -> None:
    """Offsets configured per series (2 hours and 1 hour, each with a long window): back at 09:10, both are
    within their windows; only the 1-hour one goes, the other is recorded as superseded."""
    cal.set_meetings(
        {
            "series": {"committee": cal.series_like_quarterly(reminders=[7200, 3600])},
            "catch_up": {"7200": 7200, "3600": 3600},
        }
    )
    cal.add("committee:2021-06", local(2021, 6, 24, 10), created=local(2021, 1, 1), series="committee")
    wake_up = cal.clock()
    wake_up(local(2021, 6, 24, 7))
    assert wake_up(local(2021, 6, 24, 9, 10)).sent == ["reminder:committee:2021-06:0:3600"]
    assert cal.rows() == {
        "reminder:committee:2021-06:0:7200": ("skipped", "superseded"),
        "reminder:committee:2021-06:0:3600": ("sent", None),
    }
    assert "La reunión es en 50 minutos." in text_of(cal.posts(NETWORK)[0])


def test_the_hour_reminder_is_never_sent_after_the_start_even_with_a_long_window(
    cal: Calendar, fast_retries: None
) -> None:
    cal.set_meetings({"catch_up": {"3600": 7200}})  # an hour reminder may go up to two hours late...
    cal.add("q", local(2021, 6, 24, 10), created=local(2021, 6, 24, 8))
    wake_up = cal.clock()
    cal.fake.fail("chat.postMessage", 500, times=4)
    assert wake_up(local(2021, 6, 24, 9)).retrying == ["reminder:q:0:3600"]
    report = wake_up(local(2021, 6, 24, 10, 5))  # ...but not after the start: retried after it, it expires
    assert (report.sent, report.expired) == ([], 1)
    assert cal.rows()["reminder:q:0:3600"] == ("expired", "meeting_started")
    cal.add("r", local(2021, 6, 24, 10), created=local(2021, 6, 24, 8), channel=ADHOC)
    assert wake_up(local(2021, 6, 24, 10, 30)).sent == []  # planned after the start: expired at once
    assert cal.rows()["reminder:r:0:3600"] == ("expired", "too_late")
    assert cal.posts(NETWORK) == [] and cal.posts(ADHOC) == []


def test_two_clocks_racing_post_each_reminder_once(cal: Calendar, monkeypatch: pytest.MonkeyPatch) -> None:
    cal.add("quarterly:2021-06", local(2021, 6, 24, 10), created=local(2021, 1, 1))
    clocks = [cal.clock(), cal.clock()]
    rf.in_step(monkeypatch, outbox_store, "add_delivery")
    errors = rf.race(*[lambda clock=clock: clock(local(2021, 6, 17, 10)) for clock in clocks])
    assert errors == []
    assert cal.keys(NETWORK) == ["reminder:quarterly:2021-06:0:604800"]


# -- failures ---------------------------------------------------------------------------------------------


def test_a_reminder_whose_channel_is_gone_fails_at_once_and_the_admins_are_told_which_meeting(
    cal: Calendar,
) -> None:
    cal.add("quarterly:2021-06", local(2021, 6, 24, 10), created=local(2021, 1, 1), channel=GONE)
    cal.fake.fail("chat.postMessage", 200, error="channel_not_found")
    report = cal.clock()(local(2021, 6, 17, 10))
    key = "reminder:quarterly:2021-06:0:604800"
    assert (report.failed, report.retrying, report.unreported) == ([key], [], [])
    assert report.sent == [f"notice:{key}#1:{ADMIN}"]
    [notice] = cal.fake.messages(f"D{ADMIN}")
    text = text_of(notice)
    assert "Enlace no pudo entregar el recordatorio de la reunión" in text
    assert "«Reunión trimestral de la Red» del " in text
    assert "|jueves 24 de junio de 2021, 10:00 (hora de la Ciudad de México)>, en <#C0GONE0001>" in text
    assert "Slack no encuentra <#C0GONE0001>" in text


def test_a_meeting_with_a_long_uid_is_named_by_its_id_and_still_found(cal: Calendar) -> None:
    uid = "grupo-de-trabajo-sobre-vias-regulares-de-migracion:2021-06-24"
    cal.add(uid, local(2021, 6, 24, 10), created=local(2021, 1, 1), channel=GONE)
    cal.fake.fail("chat.postMessage", 200, error="channel_not_found")
    report = cal.clock()(local(2021, 6, 17, 10))
    assert report.failed == [f"reminder:{uid}:0:604800"]
    row = rf.deliveries(cal.url)[f"reminder:{uid}:0:604800"]
    assert row.period_key.startswith("#") and len(row.period_key) <= 40
    assert "«Reunión trimestral de la Red»" in text_of(cal.fake.messages(f"D{ADMIN}")[0])


# -- Mexico's time-zone change -----------------------------------------------------------------------------


def test_across_mexicos_2022_to_2023_change_the_hour_reminder_is_at_nine_local_both_years(
    cal: Calendar,
) -> None:
    """Mexico City was UTC-5 in June 2022 and is UTC-6 since October 2022: 10:00 local is 15:00 UTC the
    first year and 16:00 UTC the next; the reminder is at 09:00 local both times, and its date token
    carries the right instant."""
    cal.add("quarterly:2022-06", local(2022, 6, 30, 10), created=local(2022, 1, 1))
    cal.add("quarterly:2023-06", local(2023, 6, 29, 10), created=local(2022, 1, 1))
    wake_up = cal.clock()
    seen = []
    for day in (dt.date(2022, 6, 30), dt.date(2023, 6, 29)):
        seen += run(wake_up, every(local(day.year, day.month, day.day, 8), local(day.year, day.month, day.day, 11),
                                   dt.timedelta(minutes=10)), cal, (NETWORK,))  # fmt: skip
    hours = [(at.astimezone(ZONE).strftime("%F %H:%M"), at.astimezone(dt.UTC).strftime("%H:%M"), key)
             for at, _, key in seen if key.endswith(":3600")]  # fmt: skip
    assert hours == [
        ("2022-06-30 09:00", "14:00", "reminder:quarterly:2022-06:0:3600"),
        ("2023-06-29 09:00", "15:00", "reminder:quarterly:2023-06:0:3600"),
    ]
    epochs = [int(m) for p in cal.posts(NETWORK) for m in re.findall(r"<!date\^(\d+)\^", text_of(p))]
    starts = {int(dt.datetime(2022, 6, 30, 15, tzinfo=dt.UTC).timestamp()),
              int(dt.datetime(2023, 6, 29, 16, tzinfo=dt.UTC).timestamp())}  # fmt: skip
    assert set(epochs) == starts
    assert all("10:00 (hora de la Ciudad de México)" in text_of(p) for p in cal.posts(NETWORK))


# -- words --------------------------------------------------------------------------------------------------

_REASON = re.compile(r'"(?:expired|skipped)", "(\w+)"')


def test_every_reason_a_meeting_delivery_records_has_words_in_both_languages(catalog: Catalog) -> None:
    text = (ROOT / "bot/meetings/reminders.py").read_text(encoding="utf-8")
    reasons = set(_REASON.findall(text))
    assert {
        "too_late",
        "not_ahead",
        "superseded",
        "meeting_moved",
        "meeting_cancelled",
        "meeting_started",
    } <= reasons
    for lang in ("es", "en"):
        for reason in reasons:
            assert catalog.t(f"outbox.reason.{reason}", lang)
        for kind in ("reminder", "cancellation", "minutes"):
            assert catalog.t(f"outbox.kind.{kind}", lang)


def test_the_tick_command_plans_reminders_at_its_instant(cal: Calendar) -> None:
    """`enlace tick --at` (handlers.clock_process.tick): the meeting's reminder at that instant."""
    cal.add("quarterly:2021-06", local(2021, 6, 24, 10), created=local(2021, 1, 1))
    report = tick(cal.settings, local(2021, 6, 23, 10, 2))
    assert report.sent == ["reminder:quarterly:2021-06:0:86400"]
    assert report.expired == 1  # the 7-day one, long past its day
    assert Counter(cal.keys(NETWORK)) == {"reminder:quarterly:2021-06:0:86400": 1}
    assert reminders.parse_reminder_key("reminder:quarterly:2021-06:3:86400") == reminders.ReminderKey(
        "quarterly:2021-06", 3, DAY
    )


def test_a_whole_year_of_quarterly_meetings_twelve_reminders_each_once(
    sqlite_db: str, fake_slack: FakeSlack
) -> None:
    """2021's four quarterly meetings (last Thursday of March, June, September, December, 10:00), the
    December one moved to the day before by a holiday; the clock wakes at 09:00 and 10:00 every day."""
    cal = Calendar(sqlite_db, fake_slack, rf.settings_for(sqlite_db, fake_slack))
    days = {"03": 25, "06": 24, "09": 30, "12": 30}
    for month, day in days.items():
        cal.add(f"quarterly:2021-{month}", local(2021, int(month), day, 10), created=local(2020, 12, 1))
    cal.move("quarterly:2021-12", local(2021, 12, 29, 10), now=local(2020, 12, 1), reason="holiday:Ejemplo")
    wake_up = cal.clock()
    instants = (
        at.replace(hour=h) for at in every(local(2021, 1, 1), local(2021, 12, 31), DAY) for h in (9, 10)
    )
    seen = run(wake_up, instants, cal, (NETWORK,))
    expected = []
    for month, day in {**days, "12": 29}.items():
        start = local(2021, int(month), day, 10)
        sequence = 1 if month == "12" else 0
        for offset in (WEEK, DAY, HOUR):
            expected.append(
                (
                    start - offset,
                    NETWORK,
                    f"reminder:quarterly:2021-{month}:{sequence}:{int(offset.total_seconds())}",
                )
            )
    assert seen == expected
    assert set(cal.rows().values()) == {("sent", None)} and len(cal.rows()) == 12
    cal.engine.dispose()


# -- from Slack, end to end ---------------------------------------------------------------------------------


def test_a_meeting_scheduled_moved_and_cancelled_from_slack_is_reminded_accordingly(
    app_env_any: rf.Env,
) -> None:
    """Through the real app: `/red reunión 24 de junio 16:00 sobre vías regulares` saved on 06-08 (the
    Network's clock), its 7-day reminder out on 06-17; moved on 06-18 to 06-25 11:30 from its message's
    button (a new 7-day reminder, since it was still ahead of the move; nothing for the old time); cancelled
    by an admin on 06-24 after the new 1-day reminder: one cancellation notice, and no 1-hour reminder."""
    from tests.test_meetings_adhoc import CHANNEL, PERSON, meetings, press, schedule, submit, values

    env = app_env_any
    message = schedule(env)
    [row] = meetings(env)

    def reminders_posted() -> list[str]:
        keys = [
            (m.get("metadata") or {}).get("event_payload", {}).get("key", "")
            for m in env.fake.messages(CHANNEL)
        ]
        return [k for k in keys if k.startswith(("reminder:", "cancellation:"))]

    env.tick(local(2021, 6, 17, 16))
    assert reminders_posted() == [f"reminder:{row.uid}:0:604800"]
    env.clock.instant = local(2021, 6, 18, 9)
    opened = len(env.fake.calls_to("views.open"))
    press(env, "meeting_move", row.uid, PERSON, message)
    # The move modal, not the scheduling one before it: the button is answered after its ack.
    view = dict(env.fake.wait_for("views.open", opened + 1)[opened]["view"])
    assert submit(env, view, values(date="2021-06-25", time="11:30")) == {}
    for at in (local(2021, 6, 18, 11, 30), local(2021, 6, 23, 16), local(2021, 6, 24, 11, 30)):
        env.tick(at)
    posted = reminders_posted()
    # Everything in the channel and the meetings stored, should it ever differ (seen once, under load).
    assert posted == [f"reminder:{row.uid}:{n}" for n in ("0:604800", "1:604800", "1:86400")], (
        posted, [(r.uid, r.sequence, r.starts_at) for r in meetings(env)],
        [(m.get("text", "")[:80], m.get("metadata")) for m in env.fake.messages(CHANNEL)],
    )  # fmt: skip
    env.clock.instant = local(2021, 6, 24, 12)
    press(env, "meeting_cancel", row.uid, ADMIN, message)
    env.fake.wait_for("chat.update")
    for at in (local(2021, 6, 24, 12, 1), local(2021, 6, 25, 10, 30), local(2021, 6, 25, 10, 31)):
        env.tick(at)
    assert reminders_posted() == [
        f"reminder:{row.uid}:0:604800", f"reminder:{row.uid}:1:604800", f"reminder:{row.uid}:1:86400",
        f"cancellation:{row.uid}",
    ]  # fmt: skip
    texts = [m["text"] for m in env.fake.messages(CHANNEL)[-4:]]
    assert "viernes 25 de junio de 2021, 11:30" in texts[1] and "Se movió" in texts[1]
    assert texts[3].startswith("Cancelada: vías regulares")


def test_a_long_agenda_stays_within_slacks_limits_and_points_to_the_whole_agenda(cal: Calendar) -> None:
    cal.add("quarterly:2021-06", local(2021, 6, 24, 10), created=local(2021, 1, 1))
    with cal.sessions() as session, session.begin():
        row = store.meeting(session, "quarterly:2021-06")
        assert row is not None
        for n in range(120):
            store.add_agenda_item(session, row, f"Punto {n}: " + "informe detallado " * 8, "U0RET00001",
                                  local(2021, 6, 20))  # fmt: skip
    cal.clock()(local(2021, 6, 23, 10))
    [message] = cal.posts(NETWORK)  # the loopback Slack refuses what Slack would refuse
    assert len(message["blocks"]) <= 50
    assert sum(len(t["text"]) for t in text_objects(message["blocks"])) < 11_000  # Slack refuses ~11,300
    text = text_of(message)
    assert "Punto 0:" in text and "Punto 119:" not in text
    assert "La agenda completa: /red agenda." in text
    assert len(message["text"]) <= 3000


def test_a_failed_minutes_delivery_is_named_by_its_meeting_in_the_notice(
    cal: Calendar, catalog: Catalog
) -> None:
    from bot.outbox.notices import notice_message
    from storage.models import Delivery

    cal.add("quarterly:2021-06", local(2021, 6, 24, 10), created=local(2021, 1, 1))
    with cal.sessions() as session, session.begin():
        row = store.meeting(session, "quarterly:2021-06")
        assert row is not None
        minutes = store.add_minutes(
            session, row, "https://docs.example.org/m", "", [], ADMIN, local(2021, 6, 25)
        )
        failed = Delivery(
            key=f"minutes:{minutes.id}:{GONE}", kind="minutes", group_key=row.uid, recipient=GONE,
            period_key=str(minutes.id), due_at=local(2021, 6, 25).astimezone(dt.UTC), status="failed",
            reason="channel_not_found", attempts=1, created_at=local(2021, 6, 25).astimezone(dt.UTC),
        )  # fmt: skip
        session.add(failed)
        session.flush()
        _, text = notice_message(catalog, session, failed, "es")
        blocks, _ = notice_message(catalog, session, failed, "en")
    assert "Enlace no pudo entregar la minuta" in text
    said = "\n".join(t["text"] for t in text_objects(blocks))
    assert "the minutes “Network quarterly meeting” of <!date^1624546800^" in said


def test_a_holiday_moved_meeting_of_the_materialised_calendar_is_reminded_at_its_new_date(
    any_db: str, fake_slack: FakeSlack
) -> None:
    """The calendar as `enlace load` writes it from config/meetings.yaml (materialised here from 2025-06-01):
    the last Thursday of December 2025 is Christmas Day, so the meeting is on Wednesday the 24th, and its
    reminders are for that day."""
    from bot.meetings.materialise import materialise

    cal = Calendar(any_db, fake_slack, rf.settings_for(any_db, fake_slack))
    cal.set_meetings({"series": {"quarterly": cal.series_like_quarterly(channel=NETWORK)}})
    with cal.sessions() as session, session.begin():
        materialise(session, local(2025, 6, 1))
    wake_up = cal.clock()
    seen = run(wake_up, iter([local(2025, 12, 17, 10), local(2025, 12, 18, 10), local(2025, 12, 23, 10),
                              local(2025, 12, 24, 9), local(2025, 12, 24, 10)]), cal, (NETWORK,))  # fmt: skip
    assert seen == [
        (local(2025, 12, 17, 10), NETWORK, "reminder:quarterly:2025-12:0:604800"),
        (local(2025, 12, 23, 10), NETWORK, "reminder:quarterly:2025-12:0:86400"),
        (local(2025, 12, 24, 9), NETWORK, "reminder:quarterly:2025-12:0:3600"),
    ]
    last = cal.posts(NETWORK)[-1]["text"]
    assert "miércoles 24 de diciembre de 2025, 10:00" in last and "feriado" in last
    cal.engine.dispose()
