"""Weekly digests posted through the outbox (issue 9, delivery): a quarter travelled tick by tick with seeded
status reports and the loopback Slack (the right posts, on the right days, with the right items in the right
order, in both languages, scoped to a group or an agency); re-ticks and a second clock; downtime caught up
once or recorded as skipped; a channel Enlace cannot post in; the thread and the pin; public holidays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from bot.digest.config import default_digest  # noqa: E402
from bot.digest.content import build_digest  # noqa: E402
from bot.digest.delivery import digest_message  # noqa: E402
from bot.knowledge.snapshot import ActivityInfo, PriorityInfo, current_knowledge  # noqa: E402
from bot.render.i18n import Catalog  # noqa: E402
from bot.reporting.labels import priority_label  # noqa: E402
from bot.reporting.outbox import TickReport  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from handlers.app import build_services  # noqa: E402
from handlers.sender import SlackSender  # noqa: E402
from handlers.slack_client import make_web_client  # noqa: E402
from storage import reporting as store  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.models import NetworkSetting  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests.conftest import CONFIG  # noqa: E402
from tests.fakeslack import FakeSlack, _check_blocks  # noqa: E402
from tests.reporting_fixtures import ADMIN, RET, local  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]
CATALOG = Catalog.load(CONFIG / "messages.yaml")
NETWORK, RETURN, OIM = "C0RED00001", "C0RETORNO1", "C0OIMDIG01"
DAY, WEEK = dt.timedelta(days=1), dt.timedelta(days=7)
Tick = Callable[[dt.datetime], TickReport]


def digests(**by_channel: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**default_digest(channel), **config} for channel, config in by_channel.items()]


def configure(url: str, *entries: dict[str, Any]) -> None:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session, session.begin():
            session.merge(NetworkSetting(name="digests", value={"digests": list(entries)}))
    finally:
        engine.dispose()


def a_clock(settings: Settings) -> Tick:
    """One clock for the whole run (as `enlace clock` keeps one): deliver_due at each instant."""
    client = make_web_client(settings.slack_bot_token, settings.slack_api_url)
    _, reporting = build_services(settings, client, clock=FixedClock(local(2021, 6, 1)))
    sender = SlackSender(client, settings.send_per_second)
    return lambda at: reporting.deliver_due(sender, at)


MONDAY = local(2021, 7, 12, 9)  # week 28's digest


def settled(url: str, fake: FakeSlack, **by_channel: dict[str, Any]) -> Tick:
    """A clock that has sent everything due before MONDAY 09:00 (the groups' prompts and summaries), so
    what follows is the digest alone; the channels' digests configured as given."""
    tick = a_clock(rf.settings_for(url, fake))
    tick(MONDAY - dt.timedelta(minutes=1))
    configure(url, *digests(**by_channel))
    return tick


def digest_posts(fake: FakeSlack, channel: str) -> list[dict[str, Any]]:
    """The digests in a channel, oldest first (the group's summaries share its channel)."""
    return [m for m in fake.messages(channel) if key_of(m).startswith("digest:")]


def key_of(message: dict[str, Any]) -> str:
    return str(((message.get("metadata") or {}).get("event_payload") or {}).get("key", ""))


def headings(message: dict[str, Any]) -> list[str]:
    found = []
    for block in message.get("blocks") or []:
        text = (block.get("text") or {}).get("text", "") if block["type"] in ("header", "section") else ""
        if block["type"] == "header" or text.startswith("*"):
            found.append(text.strip("*").split("*")[0])
    return found


def roles(p: PriorityInfo, a: ActivityInfo) -> tuple[Any, ...]:
    return (*p.leads, *p.participants, *a.leads, *(a.participants or ()))


def labels_in(session: Session, text: str, lang: str) -> set[int]:
    """The activities a digest names, by their label ("Thematic priority 1, activity 6 · lead: ...")."""
    found = set()
    for p, a in current_knowledge(session).activities():
        label = f"{priority_label(CATALOG, p, lang)}, {CATALOG.t('activity.label', lang, number=a.number).lower()}"
        if f"{label} · " in text:
            found.add(a.id)
    return found


def report(session: Session, group: str, index: int, author: str, status: str, when: dt.datetime,
           obstacles: str = "", agency: str = "oim") -> None:  # fmt: skip
    found = store.group(session, group)
    assert found is not None
    activity = store.followed_activities(session, found.follows)[index]
    values: dict[str, object] = {
        "group_key": group, "period_key": when.date().isoformat(), "activity_id": activity.id,
        "author": author, "agency": agency, "status": status, "progress": "Avance", "obstacles": obstacles,
        "next_steps": "",
    }  # fmt: skip
    store.save_update(session, values, when)
    session.commit()


# -- a quarter --------------------------------------------------------------------------------------------


def test_a_quarter_of_digests_posts_once_a_week_on_each_channels_day_with_its_scope_and_language(
    sqlite_sessions: sessionmaker[Session], sqlite_db: str, fake_slack: FakeSlack
) -> None:
    """A tick a day, after every channel's time (PostgreSQL: the shorter tests below)."""
    sessions, any_db = sqlite_sessions, sqlite_db
    configure(
        any_db,
        *digests(**{
            NETWORK: {},  # Mondays 09:00, Spanish, the whole Network
            RETURN: {"day": "wednesday", "time": "08:00", "lang": "en", "scope": {"kind": "groups",
                                                                                  "groups": ["retorno"]}},
            OIM: {"day": "friday", "time": "12:00", "lang": "both", "scope": {"kind": "agency",
                                                                             "agency": "oim"}},
        }),
    )  # fmt: skip
    seeds = {  # reported while the clock travels, each on its day
        local(2021, 7, 6, 11): ("detencion", 0, "U0DET00001", "en_riesgo", "Cambio de autoridades", "acnur"),
        local(2021, 7, 7, 12): ("retorno", 0, RET[0], "bloqueado", "Falta financiamiento", "oim"),
        local(2021, 7, 8, 10): ("vias-regulares", 0, "U0VIA00002", "en_curso", "", "oim"),
    }
    tick = a_clock(rf.settings_for(any_db, fake_slack))
    day = local(2021, 7, 5).date()  # Enlace starts on a Monday: the weeks before are not on record
    while day <= local(2021, 9, 30).date():
        at = dt.datetime.combine(day, dt.time(13, 30), local(2021, 7, 1).tzinfo)
        for when, (group, index, author, status, obstacles, agency) in list(seeds.items()):
            if when <= at:
                with sessions() as session:
                    report(session, group, index, author, status, when, obstacles, agency)
                del seeds[when]
        assert tick(at).ok
        day += DAY

    rows = {k: r for k, r in rf.deliveries(any_db).items() if r.kind == "digest"}
    for channel, weekday, count in ((NETWORK, 0, 13), (RETURN, 2, 13), (OIM, 4, 12)):
        sent = [r for r in rows.values() if r.recipient == channel]
        assert len(sent) == count and {r.status for r in sent} == {"sent"}, channel
        for row in sent:  # posted on its day, at the first tick after its time
            due, at = rf.wall(row.due_at), rf.wall(row.sent_at)
            assert due is not None and at is not None
            assert due.weekday() == weekday and at.date() == due.date() and at - due < dt.timedelta(hours=6)
        assert [key_of(m) for m in digest_posts(fake_slack, channel)] == sorted(r.key for r in sent)

    # The Monday after the three reports: most urgent first, blocked before at risk before in progress.
    network = digest_posts(fake_slack, NETWORK)
    week = next(m for m in network if key_of(m) == f"digest:{NETWORK}:2021-W28")
    names = headings(week)
    assert names[0] == "Resumen semanal de la Red · 12 de julio de 2021"
    order = [next(i for i, h in enumerate(names) if h.startswith(o)) for o in ("Atrasadas", "Cambios")]
    assert order == sorted(order), names
    changes = rf.block_text(week).split("Cambios de estado")[1]
    assert changes.index("BLOQUEADO") < changes.index("EN RIESGO") < changes.index("EN CURSO")
    assert "Falta financiamiento" in changes and "Cambio de autoridades" not in changes  # summary_shows
    # The next Monday: nothing changed since the previous digest, so no changes section.
    later = next(m for m in network if key_of(m) == f"digest:{NETWORK}:2021-W29")
    assert "Cambios de estado" not in rf.block_text(later)

    # Scoped to retorno, in English: its activities only, and only its reports (the one after them).
    returning = digest_posts(fake_slack, RETURN)
    wednesday = next(m for m in returning if key_of(m) == f"digest:{RETURN}:2021-W27")
    text = rf.block_text(wednesday)
    assert headings(wednesday)[0].startswith("Weekly digest: Return and reintegration working group")
    assert "BLOCKED" in text and "AT RISK" not in text and "IN PROGRESS" not in text
    with sessions() as session:
        group = store.group(session, "retorno")
        assert group is not None
        followed = {a.id for a in store.followed_activities(session, group.follows)}
        shown = labels_in(session, text, "en")
    assert shown and shown <= followed and "Resumen" not in text

    # OIM's, in both languages, in one post: Spanish first, then English; only OIM's activities.
    both = digest_posts(fake_slack, OIM)
    friday = rf.block_text(next(m for m in both if key_of(m) == f"digest:{OIM}:2021-W27"))
    assert friday.index("Resumen semanal: OIM") < friday.index("Weekly digest: IOM")
    with sessions() as session:
        k = current_knowledge(session)
        oim = {a.id for p, a in k.activities() if "oim" in {r.entity.key for r in roles(p, a)}}
        shown = labels_in(session, friday, "es") | labels_in(session, friday, "en")
    assert shown and shown <= oim
    for message in (*network, *returning, *both):
        assert _check_blocks("chat.postMessage", message) is None

    # Re-ticking any instant of the quarter posts nothing more.
    posted = len(fake_slack.calls_to("chat.postMessage"))
    for at in (local(2021, 7, 12, 13, 30), local(2021, 8, 13, 13, 30), local(2021, 9, 29, 13, 30)):
        assert tick(at).sent == []
    assert len(fake_slack.calls_to("chat.postMessage")) == posted


def test_two_clocks_ticking_together_post_each_digest_once(any_db: str, fake_slack: FakeSlack) -> None:
    configure(any_db, *digests(**{NETWORK: {}, OIM: {"lang": "both"}}))
    settings = rf.settings_for(any_db, fake_slack)
    first, second = a_clock(settings), a_clock(settings)
    monday = local(2021, 7, 12, 9, 1)
    assert rf.race(lambda: first(monday), lambda: second(monday)) == []
    assert len(digest_posts(fake_slack, NETWORK)) == 1 and len(digest_posts(fake_slack, OIM)) == 1


# -- downtime ----------------------------------------------------------------------------------------------


def test_after_downtime_a_digest_is_caught_up_once_within_two_days_and_else_recorded_skipped(
    sqlite_db: str, fake_slack: FakeSlack
) -> None:
    configure(sqlite_db, *digests(**{NETWORK: {}}))
    tick = a_clock(rf.settings_for(sqlite_db, fake_slack))
    tick(local(2021, 7, 5, 9))  # the first Monday, on time
    tick(local(2021, 7, 14, 8, 59))  # down from Monday to Wednesday 08:59: caught up, late, once
    tick(local(2021, 7, 14, 9, 30))
    tick(local(2021, 7, 21, 9, 1))  # down through the next Wednesday 09:00: the week is skipped
    assert weeks(sqlite_db) == {
        "2021-W27": ("sent", None), "2021-W28": ("sent", None), "2021-W29": ("skipped", "too_late"),
    }  # fmt: skip
    assert len(digest_posts(fake_slack, NETWORK)) == 2

    tick(local(2021, 8, 4, 12))  # down from 07-21 to Wednesday 08-04 12:00: two weeks missed
    missed = weeks(sqlite_db)
    assert missed["2021-W30"] == ("skipped", "too_late") and missed["2021-W31"] == ("skipped", "too_late")
    tick(local(2021, 8, 10, 9))  # Tuesday: last Monday's is still within two days
    tick(local(2021, 8, 16, 9, 5))  # the next Monday's goes on time
    assert len(digest_posts(fake_slack, NETWORK)) == 4


def weeks(url: str) -> dict[str, tuple[str, str | None]]:
    rows = rf.deliveries(url).items()
    return {k.rsplit(":", 1)[1]: (r.status, r.reason) for k, r in rows if r.kind == "digest"}


def test_downtime_across_a_week_boundary_sends_only_the_newest(sqlite_db: str, fake_slack: FakeSlack) -> None:
    configure(sqlite_db, *digests(**{NETWORK: {"day": "sunday", "time": "18:00", "catch_up_days": 3}}))
    tick = a_clock(rf.settings_for(sqlite_db, fake_slack))
    tick(local(2021, 7, 4, 18))  # Sunday, on time
    tick(local(2021, 7, 12, 9))  # Monday: Sunday's, late but within its three days (the next week's ISO week)
    tick(local(2021, 8, 2, 9))  # down two weeks: 07-18's recorded as skipped, 07-25's too, 08-01's goes
    assert weeks(sqlite_db) == {
        "2021-W26": ("sent", None), "2021-W27": ("sent", None), "2021-W28": ("skipped", "too_late"),
        "2021-W29": ("skipped", "too_late"), "2021-W30": ("sent", None),
    }  # fmt: skip
    assert len(digest_posts(fake_slack, NETWORK)) == 3


def test_a_new_channel_does_not_record_weeks_before_its_first_digest(
    sqlite_db: str, fake_slack: FakeSlack
) -> None:
    configure(sqlite_db, *digests(**{NETWORK: {}}))
    tick = a_clock(rf.settings_for(sqlite_db, fake_slack))
    tick(local(2021, 7, 9, 10))  # Friday: Monday's was before Enlace ran, and is not due any more
    assert weeks(sqlite_db) == {}
    assert f"digest:{NETWORK}:2021-W28" in tick(local(2021, 7, 12, 9)).sent


# -- failures ----------------------------------------------------------------------------------------------


def test_a_channel_that_is_gone_fails_at_once_and_the_admins_are_told_what_to_do(
    sqlite_db: str, fake_slack: FakeSlack
) -> None:
    tick = settled(sqlite_db, fake_slack, **{NETWORK: {}})
    fake_slack.fail("chat.postMessage", 200, error="channel_not_found")
    report = tick(MONDAY)
    key = f"digest:{NETWORK}:2021-W28"
    assert report.failed == [key] and report.ok
    row = rf.deliveries(sqlite_db)[key]
    assert (row.status, row.reason, row.attempts) == ("failed", "channel_not_found", 1)
    [notice] = fake_slack.messages(f"D{ADMIN}")
    text = rf.block_text(notice)
    assert "el resumen semanal de la semana 2021-W28 en <#C0RED00001>" in text
    assert "config/digests.yaml" in text and "Reenviar" in text
    for at in (local(2021, 7, 12, 12), local(2021, 7, 13, 9)):  # not retried by the clock
        assert key not in tick(at).sent
    assert len(fake_slack.messages(f"D{ADMIN}")) == 1 and rf.deliveries(sqlite_db)[key].attempts == 1


# -- thread and pin ----------------------------------------------------------------------------------------


def test_a_thread_opens_under_each_digest_and_only_the_latest_stays_pinned(
    any_db: str, fake_slack: FakeSlack
) -> None:
    configure(any_db, *digests(**{NETWORK: {"thread": True, "pin": True, "lang": "both"}}))
    tick = a_clock(rf.settings_for(any_db, fake_slack))
    tick(local(2021, 7, 12, 9))
    [first] = digest_posts(fake_slack, NETWORK)
    [reply] = [m for m in fake_slack.messages(NETWORK) if m.get("thread_ts") == first["ts"]]
    assert "Comenten aquí" in reply["text"] and "Discuss this week's digest" in reply["text"]
    assert fake_slack.pinned(NETWORK) == [first["ts"]]

    tick(local(2021, 7, 12, 12))
    tick(local(2021, 7, 19, 9))
    first_again, second = digest_posts(fake_slack, NETWORK)
    assert first_again["ts"] == first["ts"] and fake_slack.pinned(NETWORK) == [second["ts"]]
    assert len([m for m in fake_slack.messages(NETWORK) if m.get("thread_ts")]) == 2


def test_a_lost_answer_on_the_thread_reply_does_not_post_it_twice(
    sqlite_db: str, fake_slack: FakeSlack, fast_retries: None
) -> None:
    tick = settled(sqlite_db, fake_slack, **{NETWORK: {"thread": True}})
    fake_slack.lose_answer("chat.postMessage", times=2)  # both go out; Slack's answers are lost
    tick(MONDAY)
    [digest] = digest_posts(fake_slack, NETWORK)  # found in the channel's history: not posted again
    replies = [m for m in fake_slack.messages(NETWORK) if m.get("thread_ts")]
    assert [r["thread_ts"] for r in replies] == [digest["ts"]]  # found in the thread: not posted again
    assert fake_slack.count("conversations.replies") >= 1


def test_without_the_pins_scope_the_digest_is_posted_and_the_admins_are_told(
    sqlite_db: str, fake_slack: FakeSlack
) -> None:
    tick = settled(sqlite_db, fake_slack, **{NETWORK: {"pin": True}})
    fake_slack.fail("pins.add", 200, error="missing_scope", extra={"needed": "pins:write"})
    report = tick(MONDAY)
    assert report.sent == [f"digest:{NETWORK}:2021-W28", f"notice:digest-pin:{NETWORK}:2021-W28#1:{ADMIN}"]
    assert report.failed == [f"digest-pin:{NETWORK}:2021-W28"] and len(digest_posts(fake_slack, NETWORK)) == 1
    text = rf.block_text(fake_slack.messages(f"D{ADMIN}")[0])
    assert "el fijado del resumen semanal" in text and "pins:write" in text


# -- holidays ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("on_holiday", "posted"), [("post", 1), ("skip", 0)])
def test_a_digest_day_that_is_a_mexican_holiday(
    sqlite_db: str, fake_slack: FakeSlack, on_holiday: str, posted: int
) -> None:
    """Monday 2021-11-15: Revolution Day (observed)."""
    configure(sqlite_db, *digests(**{NETWORK: {"on_holiday": on_holiday}}))
    tick = a_clock(rf.settings_for(sqlite_db, fake_slack))
    tick(local(2021, 11, 15, 9, 30))
    tick(local(2021, 11, 16, 9, 30))
    assert len(digest_posts(fake_slack, NETWORK)) == posted
    row = rf.deliveries(sqlite_db)[f"digest:{NETWORK}:2021-W46"]
    assert (row.status, row.reason) == (("sent", None) if posted else ("skipped", "holiday"))


# -- limits ------------------------------------------------------------------------------------------------


def test_two_hundred_changes_in_both_languages_stay_within_slacks_limits(
    sessions: sessionmaker[Session],
) -> None:
    at = local(2021, 6, 14, 9)
    with sessions() as session:
        for n in range(200):
            group = ("retorno", "detencion", "vias-regulares")[n % 3]
            report(session, group, n % 3, f"U{n:09d}", ("bloqueado", "en_riesgo", "en_curso")[n % 3],
                   at - dt.timedelta(hours=n % 150 + 1), "Obstáculo largo " * 20)  # fmt: skip
        digest = default_digest(NETWORK, "both")
        answers = [build_digest(CATALOG, session, digest, at, lang) for lang in ("es", "en")]
    message = digest_message(CATALOG, answers)
    params = {"channel": NETWORK, "text": message.text, "blocks": message.blocks}
    assert _check_blocks("chat.postMessage", params) is None
    assert len(message.blocks) <= 50 and "… y " in str(message.blocks) and "… and " in str(message.blocks)


def test_a_thread_the_posting_run_could_not_write_is_planned_on_the_next_tick(
    sqlite_db: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.digest import delivery

    def broken(*args: Any) -> list[str]:
        raise RuntimeError("the database went away right after the post")

    monkeypatch.setattr(delivery, "after_sent", broken)
    tick = settled(sqlite_db, fake_slack, **{NETWORK: {"thread": True}})
    tick(MONDAY)
    [digest] = digest_posts(fake_slack, NETWORK)
    assert [m for m in fake_slack.messages(NETWORK) if m.get("thread_ts")] == []
    monkeypatch.undo()
    tick = a_clock(rf.settings_for(sqlite_db, fake_slack))
    tick(MONDAY + dt.timedelta(minutes=1))
    tick(MONDAY + dt.timedelta(minutes=2))
    replies = [m for m in fake_slack.messages(NETWORK) if m.get("thread_ts")]
    assert [r["thread_ts"] for r in replies] == [digest["ts"]]
