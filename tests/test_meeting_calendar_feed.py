"""The calendar feed (`GET /calendar.ics?token=...`) and each meeting's own .ics (`GET /calendar/<uid>.ics?sig=
...`), through the production WSGI app (handlers.web.create_wsgi_app) called in process, on SQLite and
PostgreSQL; the documents parsed back with the icalendar library."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from icalendar import Calendar as ICalendar
from sqlalchemy import delete

pytest.register_assert_rewrite("tests.reporting_fixtures")

from bot.meetings.ics import CalendarLinks, signature  # noqa: E402
from bot.settings import Settings, load_settings  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from handlers.web import WsgiApp, create_wsgi_app  # noqa: E402
from storage import meetings as store  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.models import AgendaItem, Meeting, Minutes  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests.fakeslack import FakeSlack  # noqa: E402
from tests.loopback import serve_wsgi  # noqa: E402
from tests.reporting_fixtures import local  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]

TOKEN = "feed-token-7f3a9c"
NOW = local(2021, 6, 10, 12)


@dataclasses.dataclass
class Feed:
    url: str
    settings: Settings

    def __post_init__(self) -> None:
        self.engine = make_engine(self.url)
        self.sessions = make_session_factory(self.engine)
        with self.sessions() as session, session.begin():  # only this test's meetings
            for table in (AgendaItem, Minutes, Meeting):
                session.execute(delete(table))
        self.app: WsgiApp = create_wsgi_app(self.settings, clock=FixedClock(NOW))

    def add(self, uid: str, starts: dt.datetime, place: str = "", **fields: Any) -> None:
        with self.sessions() as session, session.begin():
            store.add_meeting(session, Meeting(
                uid=uid, series=fields.get("series", "quarterly"), kind="quarterly",
                title_es=fields.get("title_es", "Reunión trimestral de la Red"),
                title_en="Network quarterly meeting", starts_at=starts, duration_minutes=120,
                channel="C0RED00001", place=place, status="scheduled", sequence=0,
                created_at=local(2021, 1, 1), updated_at=local(2021, 1, 1),
            ))  # fmt: skip

    def get(self, path: str, query: str = "", method: str = "GET") -> tuple[str, dict[str, str], bytes]:
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "localhost",
            "SERVER_PORT": "3000", "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http",
            "CONTENT_LENGTH": "0",
        }  # fmt: skip
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]]) -> None:
            answer["status"], answer["headers"] = status, dict(headers)

        body = b"".join(self.app(environ, start_response))
        return answer["status"], answer["headers"], body

    def calendar(self, path: str = "/calendar.ics", query: str = f"token={TOKEN}") -> ICalendar:
        status, headers, body = self.get(path, query)
        assert status == "200 OK", (status, body)
        assert headers["Content-Type"] == "text/calendar; charset=utf-8"
        return ICalendar.from_ical(body)


def feed_for(url: str, fake: FakeSlack, token: str | None = TOKEN) -> Feed:
    settings = dataclasses.replace(
        rf.settings_for(url, fake), calendar_token=token, public_url="https://enlace.example.org"
    )
    return Feed(url, settings)


@pytest.fixture
def feed(any_db: str, fake_slack: FakeSlack) -> Iterator[Feed]:
    made = feed_for(any_db, fake_slack)
    yield made
    made.engine.dispose()


def events(calendar: ICalendar) -> dict[str, Any]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_holds_upcoming_and_recent_meetings_and_parses_back(feed: Feed) -> None:
    feed.add("quarterly:2021-03", local(2021, 3, 25, 10))  # 77 days ago: recent
    feed.add("quarterly:2020-12", local(2020, 12, 17, 10))  # 175 days ago: left out
    feed.add("quarterly:2021-06", local(2021, 6, 24, 10), place="https://meet.example.org/red")
    feed.add("adhoc-1", local(2021, 7, 6, 16, 30), place="Sala Tlatelolco", series=None,
             title_es="Vías regulares: seguimiento")  # fmt: skip
    calendar = feed.calendar()
    assert str(calendar["VERSION"]) == "2.0" and "Enlace" in str(calendar["PRODID"])
    found = events(calendar)
    assert list(found) == ["quarterly:2021-03@enlace", "quarterly:2021-06@enlace", "adhoc-1@enlace"]
    june = found["quarterly:2021-06@enlace"]
    assert june.decoded("DTSTART") == dt.datetime(2021, 6, 24, 15, tzinfo=dt.UTC)  # 10:00 in Mexico City
    assert june.decoded("DTEND") == dt.datetime(2021, 6, 24, 17, tzinfo=dt.UTC)
    assert "DTSTART:20210624T150000Z" in june.to_ical().decode()
    assert str(june["SUMMARY"]) == "Reunión trimestral de la Red"
    assert "Network quarterly meeting" in str(june["DESCRIPTION"])
    assert str(june["LOCATION"]) == "https://meet.example.org/red"
    assert str(june["URL"]) == "https://meet.example.org/red"
    assert (june["SEQUENCE"], str(june["STATUS"])) == (0, "CONFIRMED")
    assert (
        june.decoded("DTSTAMP") == june.decoded("LAST-MODIFIED") == dt.datetime(2021, 1, 1, 6, tzinfo=dt.UTC)
    )
    assert str(found["adhoc-1@enlace"]["LOCATION"]) == "Sala Tlatelolco"
    assert str(found["adhoc-1@enlace"]["SUMMARY"]) == "Vías regulares: seguimiento"


def test_a_move_keeps_the_uid_and_bumps_the_sequence_and_a_cancel_says_cancelled(feed: Feed) -> None:
    feed.add("quarterly:2021-06", local(2021, 6, 24, 10))
    feed.add("quarterly:2021-09", local(2021, 9, 30, 10))
    with feed.sessions() as session, session.begin():
        june = store.meeting(session, "quarterly:2021-06")
        september = store.meeting(session, "quarterly:2021-09")
        assert june and september
        store.move(session, june, local(2021, 6, 29, 10), "U0ADMIN001", local(2021, 6, 5))
        store.move(session, june, local(2021, 6, 30, 12), "U0ADMIN001", local(2021, 6, 6))
        store.cancel(session, september, "U0ADMIN001", local(2021, 6, 7))
    found = events(feed.calendar())
    moved = found["quarterly:2021-06@enlace"]
    assert moved["SEQUENCE"] == 2 and str(moved["STATUS"]) == "CONFIRMED"
    assert moved.decoded("DTSTART") == dt.datetime(2021, 6, 30, 17, tzinfo=dt.UTC)
    assert moved.decoded("LAST-MODIFIED") == dt.datetime(2021, 6, 6, 5, tzinfo=dt.UTC)
    assert "Se movió del jueves 24 de junio de 2021, 10:00" in str(moved["DESCRIPTION"])
    assert "Moved from Thursday, June 24, 2021, 10:00" in str(moved["DESCRIPTION"])
    cancelled = found["quarterly:2021-09@enlace"]
    assert (str(cancelled["STATUS"]), cancelled["SEQUENCE"]) == ("CANCELLED", 1)


@pytest.mark.parametrize(
    "query", ["", "token=", "token=wrong", f"token={TOKEN}x", f"token={TOKEN[:-1]}", f"tok={TOKEN}"]
)
def test_a_wrong_or_missing_token_gets_a_bare_404(feed: Feed, query: str) -> None:
    feed.add("quarterly:2021-06", local(2021, 6, 24, 10))
    status, headers, body = feed.get("/calendar.ics", query)
    assert (status, body) == ("404 Not Found", b"")
    assert "Content-Type" not in headers


def test_without_a_token_configured_there_is_no_feed(any_db: str, fake_slack: FakeSlack) -> None:
    made = feed_for(any_db, fake_slack, token=None)
    made.add("quarterly:2021-06", local(2021, 6, 24, 10))
    for path, query in (("/calendar.ics", ""), ("/calendar.ics", "token="), ("/calendar.ics", "token=None"),
                        ("/calendar/quarterly%3A2021-06.ics", "sig=")):  # fmt: skip
        assert made.get(path, query)[::2] == ("404 Not Found", b"")
    made.engine.dispose()


def test_each_meeting_has_its_own_signed_ics(feed: Feed) -> None:
    feed.add("quarterly:2021-06", local(2021, 6, 24, 10))
    feed.add("quarterly:2021-09", local(2021, 9, 30, 10))
    url = CalendarLinks("https://enlace.example.org/", TOKEN).meeting_url("quarterly:2021-06")
    sig = signature(TOKEN, "quarterly:2021-06")
    assert url == f"https://enlace.example.org/calendar/quarterly%3A2021-06.ics?sig={sig}"
    # A WSGI server hands over the path decoded (PEP 3333).
    one = feed.calendar("/calendar/quarterly:2021-06.ics", f"sig={sig}")
    assert list(events(one)) == ["quarterly:2021-06@enlace"]
    wrong = [
        ("/calendar/quarterly:2021-06.ics", ""),
        ("/calendar/quarterly:2021-06.ics", f"sig={sig[:-1]}"),
        ("/calendar/quarterly:2021-06.ics", f"sig={signature('another-token', 'quarterly:2021-06')}"),
        ("/calendar/quarterly:2021-09.ics", f"sig={sig}"),  # one meeting's link opens no other
        ("/calendar/quarterly:2021-12.ics", f"sig={signature(TOKEN, 'quarterly:2021-12')}"),  # unknown
        ("/calendar/quarterly:2021-06.ics", f"token={TOKEN}"),
        ("/calendar/quarterly:2021-06", f"sig={sig}"),
        ("/calendar/", f"token={TOKEN}"),
    ]
    for path, query in wrong:
        assert feed.get(path, query)[::2] == ("404 Not Found", b""), (path, query)


def test_head_and_the_other_routes_still_work(feed: Feed) -> None:
    status, headers, body = feed.get("/calendar.ics", f"token={TOKEN}", method="HEAD")
    assert (status, body) == ("200 OK", b"") and int(headers["Content-Length"]) > 0
    assert feed.get("/healthz")[0] == "200 OK"
    assert feed.get("/calendar.ics", f"token={TOKEN}", method="POST")[0].startswith("404")


def test_the_token_and_public_url_come_from_the_environment(tmp_path: Path) -> None:
    no_file = tmp_path / ".env"  # none: only the environment given counts
    settings = load_settings(
        {"ENLACE_CALENDAR_TOKEN": "abc", "ENLACE_PUBLIC_URL": "https://enlace.example.org/"}, env_file=no_file
    )
    assert (settings.calendar_token, settings.public_url) == ("abc", "https://enlace.example.org")
    bare = load_settings({}, env_file=no_file)
    assert (bare.calendar_token, bare.public_url) == (None, None)
    assert CalendarLinks(bare.public_url, "abc").meeting_url("x") is None
    assert CalendarLinks("https://e.org", None).meeting_url("x") is None


def test_a_uid_with_any_characters_round_trips_through_its_link(feed: Feed) -> None:
    uid = "adhoc:ñandú 2021/06?&"
    feed.add(uid, local(2021, 6, 24, 10))
    url = CalendarLinks("https://e.org", TOKEN).meeting_url(uid)
    assert url == f"https://e.org/calendar/{quote(uid, safe='')}.ics?sig={signature(TOKEN, uid)}"
    # What a WSGI server hands over: the path percent-decoded, its UTF-8 bytes read as latin-1 (PEP 3333).
    path = f"/calendar/{uid}.ics".encode().decode("latin-1")
    one = feed.calendar(path, f"sig={signature(TOKEN, uid)}")
    assert list(events(one)) == [f"{uid}@enlace"]


def test_the_link_a_reminder_carries_opens_its_meeting_over_http(
    sqlite_db: str, fake_slack: FakeSlack
) -> None:
    """End to end on a real (loopback) HTTP server: the reminder's link, as posted in Slack, fetched back."""
    made = feed_for(sqlite_db, fake_slack)
    made.add("quarterly:2021-06", local(2021, 6, 24, 10))
    made.add("adhoc:reunión ñ", local(2021, 6, 24, 10))
    with serve_wsgi(made.app) as base_url:
        for uid in ("quarterly:2021-06", "adhoc:reunión ñ"):
            link = CalendarLinks(base_url, TOKEN).meeting_url(uid)
            assert link
            with urllib.request.urlopen(link, timeout=5) as response:  # loopback only
                assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
                assert list(events(ICalendar.from_ical(response.read()))) == [f"{uid}@enlace"]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base_url}/calendar.ics?token=nope", timeout=5)
        assert refused.value.code == 404 and refused.value.read() == b""
    made.engine.dispose()
