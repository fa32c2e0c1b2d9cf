"""What the outbox checks at the moment of sending, in-process (the same with real processes and kill -9:
tests/test_outbox_crash.py).

* a crash does not turn into late messages: age and period state are checked when sending (point 12);
* people who already reported are not prompted, checked when planning and again when sending (point 16);
* leases count from each claim and are renewed while a message is in flight (point 13);
* an unconfirmed delivery is looked for in the conversation before it is sent again (point 14).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import update

pytest.register_assert_rewrite("tests.reporting_fixtures")

from bot.outbox.message import Message  # noqa: E402
from bot.reporting import outbox as reporting_outbox  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from handlers import slack_client  # noqa: E402
from handlers.clock_process import tick  # noqa: E402
from handlers.sender import SlackSender  # noqa: E402
from storage import outbox as store  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.models import Delivery  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests.fakeslack import FakeSlack  # noqa: E402
from tests.reporting_fixtures import DET_PROMPTED, RET, Env, local, metadata, state  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]
RETORNO_OPENS = local(2021, 6, 7, 10)  # retorno: prompts Monday 06-07 10:00, nudge 06-10, close 06-11 10:00


def _dm_counts(fake: FakeSlack, users: list[str]) -> dict[str, int]:
    """Deliveries in each person's DM (the thank-you for a report is not one)."""
    return {user: sum("metadata" in m for m in fake.messages("D" + user)) for user in users}


def _die_on_first_send(monkeypatch: pytest.MonkeyPatch, after_posting: bool = False) -> None:
    """The clock process dies in the middle of a send: before Slack got it, or right after."""
    send = SlackSender.send

    def killed(self: SlackSender, recipient: str, message: Message, key: str) -> None:
        if after_posting:
            send(self, recipient, message, key)
        raise SystemExit("the dyno was restarted")

    monkeypatch.setattr(SlackSender, "send", killed)


# -- point 12: a crash does not turn into late messages ---------------------------------------------


@pytest.mark.parametrize(
    ("next_tick", "reason"),
    [
        (local(2021, 6, 8, 10), "too_late"),  # the period is open, but the prompts are 24 h old (window 12 h)
        (local(2021, 6, 11, 10, 1), "period_closed"),  # four days later: the period closed a minute ago
    ],
)
def test_prompts_left_by_a_dead_clock_are_never_sent_late(
    sqlite_db: str,
    fake_slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
    next_tick: dt.datetime,
    reason: str,
) -> None:
    """On PostgreSQL too, with real processes and kill -9: tests/test_outbox_crash.py."""
    settings = rf.settings_for(sqlite_db, fake_slack)
    _die_on_first_send(monkeypatch)
    with pytest.raises(SystemExit):
        tick(settings, RETORNO_OPENS)
    monkeypatch.undo()
    rows = rf.deliveries(sqlite_db)
    assert Counter(rows[f"prompt:retorno:{u}:2021-06-07"].status for u in RET) == {"sending": 1, "pending": 3}

    report = tick(settings, next_tick)
    assert _dm_counts(fake_slack, RET) == dict.fromkeys(RET, 0)
    rows = rf.deliveries(sqlite_db)
    assert {(rows[f"prompt:retorno:{u}:2021-06-07"].status, rows[f"prompt:retorno:{u}:2021-06-07"].reason)
            for u in RET} == {("expired", reason)}  # fmt: skip
    assert report.ok and not [k for k in report.sent if k.startswith("prompt:retorno")]


def test_a_nudge_left_by_a_dead_clock_is_never_sent_after_the_close(
    sqlite_db: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = rf.settings_for(sqlite_db, fake_slack)
    tick(settings, RETORNO_OPENS)  # the prompts go out
    _die_on_first_send(monkeypatch)
    with pytest.raises(SystemExit):
        tick(settings, local(2021, 6, 10, 10))  # the nudges are planned; the clock dies sending the first
    monkeypatch.undo()
    tick(settings, local(2021, 6, 11, 10, 1))
    assert _dm_counts(fake_slack, RET) == dict.fromkeys(RET, 1)  # the prompt, no nudge
    rows = rf.deliveries(sqlite_db)
    nudges = {(r.status, r.reason) for r in rows.values() if r.kind == "nudge" and r.group_key == "retorno"}
    assert nudges == {("expired", "period_closed")}


def test_a_resend_by_hand_ignores_the_age_but_not_a_closed_period(
    sqlite_db: str, fake_slack: FakeSlack
) -> None:
    settings = rf.settings_for(sqlite_db, fake_slack)
    fake_slack.fail("chat.postMessage", 200, error="channel_not_found", times=4)
    tick(settings, RETORNO_OPENS)
    key = f"prompt:retorno:{RET[0]}:2021-06-07"
    assert rf.deliveries(sqlite_db)[key].status == "failed"
    from handlers.app import build_services
    from handlers.slack_client import make_web_client

    client = make_web_client("xoxb-test", fake_slack.base_url)
    clock = FixedClock(local(2021, 6, 9, 12))  # two days late: past the prompt's window, the period open
    _, reporting = build_services(settings, client, clock=clock)
    assert reporting.retry(SlackSender(client), [key]).sent == [key]
    clock.instant = local(2021, 6, 11, 12)  # after the close
    other = f"prompt:retorno:{RET[1]}:2021-06-07"
    report = reporting.retry(SlackSender(client), [other])
    assert report.expired == 1 and rf.deliveries(sqlite_db)[other].reason == "period_closed"
    assert _dm_counts(fake_slack, RET[:2]) == {RET[0]: 1, RET[1]: 0}


# -- point 16: who already reported is not prompted -------------------------------------------------


def test_who_reported_early_is_not_prompted(app_env: Env) -> None:
    app_env.clock.instant = local(2021, 6, 4, 12)  # before retorno's period opens on 06-07
    values = state(app_env.activities("retorno")[0], "en_curso", "Adelanto mi informe")
    assert app_env.submit(values, RET[0], metadata("retorno", "2021-06-07", RET[0])) == (200, "")
    # detencion is one per agency: unicef's member reports before 06-01, so unicef's lead is not prompted.
    app_env.clock.instant = local(2021, 5, 31, 12)
    values = state(app_env.activities("detencion")[0], "en_curso", "Avance de unicef")
    assert app_env.submit(values, "U0DET00003", metadata("detencion", "2021-06-01", "U0DET00003")) == (
        200,
        "",
    )

    report = app_env.tick(local(2021, 6, 1, 10))
    assert sorted(report.sent) == [
        "prompt:detencion:U0DET00001:2021-06-01",
        "prompt:detencion:U0DET00004:2021-06-01",
    ]
    assert report.skipped == ["prompt:detencion:U0DET00002:2021-06-01"]
    report = app_env.tick(RETORNO_OPENS)
    assert report.skipped == [f"prompt:retorno:{RET[0]}:2021-06-07"]
    assert _dm_counts(app_env.fake, RET) == {RET[0]: 0, RET[1]: 1, RET[2]: 1, RET[3]: 1}
    row = app_env.deliveries()[f"prompt:retorno:{RET[0]}:2021-06-07"]
    assert (row.status, row.reason) == ("skipped", "already_reported")
    app_env.tick(local(2021, 6, 10, 10))  # the nudge: not to who reported either
    assert _dm_counts(app_env.fake, RET) == {RET[0]: 0, RET[1]: 2, RET[2]: 2, RET[3]: 2}


def test_who_reports_between_planning_and_sending_is_not_prompted(
    app_env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    sendable = store.sendable

    def report_then_look(session: Any, now: dt.datetime) -> Any:  # the prompts are planned by now
        app_env.clock.instant = RETORNO_OPENS
        values = state(app_env.activities("retorno")[0], "en_curso", "Justo a tiempo")
        assert app_env.submit(values, RET[1], metadata("retorno", "2021-06-07", RET[1])) == (200, "")
        return sendable(session, now)

    monkeypatch.setattr(store, "sendable", report_then_look)
    report = app_env.tick(RETORNO_OPENS)
    assert f"prompt:retorno:{RET[1]}:2021-06-07" in report.skipped
    assert _dm_counts(app_env.fake, RET) == {RET[0]: 1, RET[1]: 0, RET[2]: 1, RET[3]: 1}


# -- point 13: leases from each claim, renewed while in flight --------------------------------------


def test_each_claim_carries_a_lease_from_its_own_moment_and_a_second_clock_takes_nothing_in_flight(
    sqlite_db: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow run: each send takes 11 minutes of the run's time (a rate-limited workspace). The lease is
    10 minutes, so a lease counted from the run's start would have every later claim born expired; and a
    second clock ticking 11 minutes in would send again what is in flight."""
    settings = rf.settings_for(sqlite_db, fake_slack)
    first = FixedClock(RETORNO_OPENS.astimezone(dt.UTC))
    clocks = iter([first])
    monkeypatch.setattr(
        reporting_outbox, "RunningClock", lambda start: next(clocks, None) or FixedClock(start)
    )
    send, leases, second = SlackSender.send, [], threading.local()

    def slow(self: SlackSender, recipient: str, message: Message, key: str) -> None:
        if getattr(second, "running", False):
            return send(self, recipient, message, key)
        leases.append((first.now(), rf.wall(rf.deliveries(sqlite_db)[key].next_attempt_at)))
        if len(leases) == 2:  # eleven minutes in, another clock ticks
            second.running = True
            tick(settings, RETORNO_OPENS + dt.timedelta(minutes=11, seconds=1))
            second.running = False
        send(self, recipient, message, key)
        first.advance(dt.timedelta(minutes=11))

    monkeypatch.setattr(SlackSender, "send", slow)
    tick(settings, RETORNO_OPENS)
    assert [lease - claimed for claimed, lease in leases] == [dt.timedelta(minutes=10)] * len(leases)
    assert leases[1][0] == RETORNO_OPENS + dt.timedelta(minutes=11)
    # The second clock sent the two prompts still pending, and left alone the one in flight.
    assert len(leases) == 2 and _dm_counts(fake_slack, RET) == dict.fromkeys(RET, 1)


def test_a_lease_is_renewed_while_its_message_is_in_flight(
    sqlite_db: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A send longer than the lease (a Retry-After wait): the lease is renewed meanwhile, every third of it."""
    settings = dataclasses.replace(rf.settings_for(sqlite_db, fake_slack), claim_lease_seconds=0.3)
    renewed, renew = threading.Event(), store.renew
    renewals: list[dt.datetime] = []

    def counting(session: Any, key: str, token: str, until: dt.datetime) -> bool:
        kept = renew(session, key, token, until)
        renewals.append(until)
        if len(renewals) >= 3:
            renewed.set()
        return kept

    monkeypatch.setattr(store, "renew", counting)
    send = SlackSender.send
    seen: list[tuple[Any, Any]] = []

    def long(self: SlackSender, recipient: str, message: Message, key: str) -> None:
        if not seen:
            claimed = rf.deliveries(sqlite_db)[key].next_attempt_at
            assert renewed.wait(timeout=10), "the lease was not renewed during a long send"
            seen.append((claimed, rf.deliveries(sqlite_db)[key].next_attempt_at))
        send(self, recipient, message, key)

    monkeypatch.setattr(SlackSender, "send", long)
    tick(settings, local(2021, 6, 1, 10))
    [(claimed, later)] = seen
    assert later > claimed  # renewed: another clock could not take it over
    assert _dm_counts(fake_slack, DET_PROMPTED) == dict.fromkeys(DET_PROMPTED, 1)


def test_a_delivery_taken_over_during_a_retry_after_wait_is_not_posted_after_it(
    any_db: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slack says 429; while this clock waits out the Retry-After, another takes the delivery over (this
    clock's lease ran out: its renewals stalled). After the wait, the claim is checked before posting again:
    the delivery is the other clock's now, which may have sent it already."""
    settings = rf.settings_for(any_db, fake_slack)
    first = DET_PROMPTED[0]
    key = f"prompt:detencion:{first}:2021-06-01"
    fake_slack.fail("chat.postMessage", 429, retry_after=1)

    def another_clock_takes_it_over(seconds: float) -> None:
        engine = make_engine(any_db)
        with engine.begin() as connection:
            connection.execute(
                update(Delivery).where(Delivery.key == key).values(claim_token="another-clock")
            )
        engine.dispose()

    monkeypatch.setattr(slack_client, "sleep", another_clock_takes_it_over)
    report = tick(settings, local(2021, 6, 1, 10))
    calls = [(c.params["channel"], c.status) for c in fake_slack.calls if c.method == "chat.postMessage"]
    assert calls.count((first, 429)) == 1 and (first, 200) not in calls, calls
    assert key not in report.sent and key not in report.retrying
    assert _dm_counts(fake_slack, DET_PROMPTED) == {user: int(user != first) for user in DET_PROMPTED}
    row = rf.deliveries(any_db)[key]
    assert (row.status, row.claim_token) == ("sending", "another-clock")  # left to the clock that holds it


# -- point 14: an unconfirmed delivery is looked for before it is sent again -------------------------


def test_a_lost_answer_from_slack_does_not_become_a_second_message(
    sqlite_db: str, fake_slack: FakeSlack, fast_retries: None
) -> None:
    settings = rf.settings_for(sqlite_db, fake_slack)
    fake_slack.lose_answer("chat.postMessage")  # posted, but the connection drops before the answer
    report = tick(settings, local(2021, 6, 1, 10))
    assert len(report.sent) == 3
    assert _dm_counts(fake_slack, DET_PROMPTED) == dict.fromkeys(DET_PROMPTED, 1)
    history = fake_slack.calls_to("conversations.history")
    assert [(c["channel"], c["include_all_metadata"]) for c in history] == [("DU0DET00001", "1")]


def test_a_delivery_that_could_not_be_composed_is_retried_without_looking_in_the_conversation(
    sqlite_db: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug while composing one delivery: nothing reached Slack, so nothing is left unconfirmed and its
    retry posts without a look at the history first."""
    settings = rf.settings_for(sqlite_db, fake_slack)
    compose, broken = reporting_outbox.compose, "prompt:detencion:U0DET00001:2021-06-01"

    def buggy(catalog: Any, language: Any, session: Any, row: Any, *args: Any) -> Any:
        if row.key == broken:
            raise RuntimeError("a bug in one message")
        return compose(catalog, language, session, row, *args)

    monkeypatch.setattr(reporting_outbox, "compose", buggy)
    assert tick(settings, local(2021, 6, 1, 10)).retrying == [broken]
    row = rf.deliveries(sqlite_db)[broken]
    assert (row.status, row.reason, row.unconfirmed_since) == ("retrying", "unexpected_error", None)
    monkeypatch.undo()
    assert tick(settings, local(2021, 6, 1, 10, 2)).sent == [broken]
    assert fake_slack.calls_to("conversations.history") == []
    assert _dm_counts(fake_slack, DET_PROMPTED) == dict.fromkeys(DET_PROMPTED, 1)


@pytest.mark.parametrize("after_posting", [False, True])
def test_a_clock_killed_mid_send_leaves_a_delivery_that_is_sent_once(
    any_db: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, after_posting: bool
) -> None:
    """Killed before Slack got the message, the next clock sends it; killed after, it finds it in the
    conversation and marks it sent. Either way, once its claim's lease has run out, and never twice."""
    settings = rf.settings_for(any_db, fake_slack)
    _die_on_first_send(monkeypatch, after_posting)
    with pytest.raises(SystemExit):
        tick(settings, local(2021, 6, 1, 10))
    monkeypatch.undo()
    key = "prompt:detencion:U0DET00001:2021-06-01"
    assert rf.deliveries(any_db)[key].status == "sending"
    assert key not in tick(settings, local(2021, 6, 1, 10, 5)).sent  # its lease (10 minutes) still holds
    assert tick(settings, local(2021, 6, 1, 10, 11)).sent == [key]
    assert Counter(p["channel"] for p in rf.ok_posts(fake_slack)) == dict.fromkeys(DET_PROMPTED, 1)
    row = rf.deliveries(any_db)[key]
    found = "found_in_history" if after_posting else None
    assert (row.status, row.reason, row.unconfirmed_since) == ("sent", found, None)


def test_without_history_access_an_unconfirmed_delivery_is_sent_again(
    sqlite_db: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The promise's named window: when the history cannot be read (the app was installed before it asked
    for the *:history scopes), the only way forward is to send again."""
    settings = rf.settings_for(sqlite_db, fake_slack)
    _die_on_first_send(monkeypatch, after_posting=True)
    with pytest.raises(SystemExit):
        tick(settings, local(2021, 6, 1, 10))
    monkeypatch.undo()
    fake_slack.fail("conversations.history", 200, error="missing_scope", extra={"needed": "im:history"})
    tick(settings, local(2021, 6, 1, 10, 11))
    assert _dm_counts(fake_slack, DET_PROMPTED) == {"U0DET00001": 2, "U0DET00002": 1, "U0DET00004": 1}
