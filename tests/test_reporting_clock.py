"""The clock, time-travelled against the loopback Slack, on SQLite and PostgreSQL: wake-ups of one clock
process over six weeks, and `tick(settings, at)` (`enlace tick --at`) for the rest.

Six weeks of config/working-groups.yaml, 2021-06-01 .. 2021-07-13 (no Mexican public holiday falls in it;
the next ones are 2021-09-16 and 2021-11-15). Nobody reports, so every prompted person is nudged:

  retorno (each_member, 4 people): Mondays 06-07, 06-21, 07-05 at 10:00, open 4 days -> close Friday
      10:00 (06-11, 06-25, 07-09), nudge 1 day before -> Thursday 10:00 (06-10, 06-24, 07-08).
      12 prompts + 12 nudges + 3 summaries.
  detencion (one_per_agency: acnur U0DET00001, unicef's lead U0DET00002, oim U0DET00004; never
      U0DET00003): first working day 10:00: Tue 06-01 and Thu 07-01, open 7 days -> close 06-08, 07-08;
      nudge 2 days before: Sun 06-06 -> moved to Mon 06-07 (still before the close); Tue 07-06.
      6 prompts + 6 nudges + 2 summaries.
  vias-regulares (each_member, 3 people): Mondays 06-14, 06-28, 07-12; close Fridays 06-18, 07-02 (07-16
      is after the window); nudges Thursdays 06-17, 07-01 (07-15 is after the window).
      9 prompts + 6 nudges + 2 summaries.
  Total 27 prompts + 24 nudges + 7 summaries = 58 chat.postMessage, all at 10:00 on weekdays.
Besides, the Network's quarterly meeting (2021-06-24 10:00, in the calendar `enlace load` wrote) is
reminded in C0RED00001 on 06-17, 06-23 and 06-24.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from bot.outbox.run import TickReport  # noqa: E402
from bot.reporting.schedule import is_working_day  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from handlers.app import build_services  # noqa: E402
from handlers.clock_process import parse_instant, tick  # noqa: E402
from handlers.sender import SlackSender  # noqa: E402
from handlers.slack_client import make_web_client  # noqa: E402
from storage import outbox as store  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests.fakeslack import FakeSlack  # noqa: E402
from tests.reporting_fixtures import DET_PROMPTED, RET, VIA, local  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]

EXPECTED: list[tuple[str, str, list[str]]] = [
    # (local date at 10:00, kind, recipients), in calendar order
    ("2021-06-01", "prompt", DET_PROMPTED),
    ("2021-06-07", "prompt", RET),
    ("2021-06-07", "nudge", DET_PROMPTED),  # wanted Sunday 06-06
    ("2021-06-08", "summary", ["C0DETENC01"]),
    ("2021-06-10", "nudge", RET),
    ("2021-06-11", "summary", ["C0RETORNO1"]),
    ("2021-06-14", "prompt", VIA),
    ("2021-06-17", "nudge", VIA),
    ("2021-06-18", "summary", ["C0VIAS0001"]),
    ("2021-06-21", "prompt", RET),
    ("2021-06-24", "nudge", RET),
    ("2021-06-25", "summary", ["C0RETORNO1"]),
    ("2021-06-28", "prompt", VIA),
    ("2021-07-01", "prompt", DET_PROMPTED),
    ("2021-07-01", "nudge", VIA),
    ("2021-07-02", "summary", ["C0VIAS0001"]),
    ("2021-07-05", "prompt", RET),
    ("2021-07-06", "nudge", DET_PROMPTED),
    ("2021-07-08", "nudge", RET),
    ("2021-07-08", "summary", ["C0DETENC01"]),
    ("2021-07-09", "summary", ["C0RETORNO1"]),
    ("2021-07-12", "prompt", VIA),
]


def _instants() -> list[dt.datetime]:
    """Each day: a minute before the 10:00 schedules, at 10:00, and in the evening."""
    days = [dt.date(2021, 6, 1) + dt.timedelta(days=n) for n in range(43)]  # 06-01 .. 07-13
    return [local(d.year, d.month, d.day, h, m) for d in days for h, m in ((9, 59), (10, 0), (18, 0))]


def _clock(settings: Settings) -> Callable[[dt.datetime], TickReport]:
    """What `enlace clock` does on each wake-up: one process, its services built once, asked what is due."""
    client = make_web_client(settings.slack_bot_token, settings.slack_api_url)
    _, reporting = build_services(settings, client, clock=FixedClock(local(2021, 6, 1)))
    sender = SlackSender(client, settings.send_per_second)
    return lambda at: reporting.deliver_due(sender, at)


def test_six_weeks_of_prompts_nudges_and_summaries(any_db: str, fake_slack: FakeSlack) -> None:
    settings = rf.settings_for(any_db, fake_slack)
    wake_up = _clock(settings)
    seen: list[tuple[dt.datetime, dict[str, Any]]] = []
    for at in _instants():
        before = len(rf.ok_posts(fake_slack))
        report = wake_up(at)
        assert not report.failed and not report.skipped and report.expired == 0, (at, report)
        seen.extend((at, params) for params in rf.ok_posts(fake_slack)[before:])
    # The calendar `enlace load` wrote holds the Network's quarterly meeting of 2021-06-24, 10:00: its
    # reminders go to its channel in the same runs (the wake-up at 09:59 is within the 1-hour one's window).
    meetings = [(at, p["metadata"]["event_payload"]["key"]) for at, p in seen if p["channel"] == "C0RED00001"]
    assert meetings == [
        (local(2021, 6, 17, 10), "reminder:quarterly:2021-06:0:604800"),
        (local(2021, 6, 23, 10), "reminder:quarterly:2021-06:0:86400"),
        (local(2021, 6, 24, 9, 59), "reminder:quarterly:2021-06:0:3600"),
    ]
    seen = [(at, p) for at, p in seen if p["channel"] != "C0RED00001"]

    got = sorted((at.strftime("%Y-%m-%d %H:%M"), rf.kind_of(p), p["channel"]) for at, p in seen)
    want = sorted((f"{day} 10:00", kind, r) for day, kind, people in EXPECTED for r in people)
    assert got == want
    assert len(got) == 58
    assert Counter(kind for _, kind, _ in got) == {"prompt": 27, "nudge": 24, "summary": 7}
    per_recipient = Counter(channel for _, _, channel in got)
    assert per_recipient == {
        **dict.fromkeys(RET, 6), **dict.fromkeys(DET_PROMPTED, 4), **dict.fromkeys(VIA, 5),
        "C0RETORNO1": 3, "C0DETENC01": 2, "C0VIAS0001": 2,
    }  # fmt: skip
    assert all(is_working_day(at.date()) for at, _ in seen)
    # Each prompt and nudge carries its period in the button: the date of the person's latest prompt.
    groups = {"U0RET": "retorno", "U0DET": "detencion", "U0VIA": "vias-regulares"}
    for at, params in seen:
        user = params["channel"]
        if not user.startswith("C"):
            period = max(
                d for d, k, people in EXPECTED if k == "prompt" and user in people and d <= f"{at:%F}"
            )
            assert rf.button_value(params) == f'{{"g": "{groups[user[:5]]}", "p": "{period}"}}'

    rows = {k: r for k, r in rf.deliveries(any_db).items() if r.kind != "reminder"}
    assert len(rows) == 58
    assert {(r.status, r.attempts) for r in rows.values()} == {("sent", 1)}
    assert "prompt:detencion:U0DET00003:2021-06-01" not in rows
    assert rf.wall(rows["nudge:detencion:U0DET00001:2021-06-01"].due_at) == local(2021, 6, 7, 10)

    # Ticking again, at the same instant or at an earlier one, sends nothing and plans nothing.
    for at in (local(2021, 7, 13, 18), local(2021, 7, 13, 18), local(2021, 6, 7, 10), local(2021, 6, 1, 10)):
        report = tick(settings, at)
        assert (report.planned, report.sent, report.failed) == (0, [], [])
    assert len(rf.ok_posts(fake_slack)) == 58 + 3


def test_rate_limited_once_then_delivered_once(
    any_db: str, fake_slack: FakeSlack, retry_after_waits: list[float]
) -> None:
    settings = rf.settings_for(any_db, fake_slack)
    fake_slack.fail("chat.postMessage", 429, times=1, retry_after=1)
    report = tick(settings, local(2021, 6, 1, 10))
    assert sorted(report.sent) == [f"prompt:detencion:{u}:2021-06-01" for u in DET_PROMPTED]
    calls = [c for c in fake_slack.calls if c.method == "chat.postMessage"]
    assert [(c.params["channel"], c.status) for c in calls] == [
        ("U0DET00001", 429), ("U0DET00001", 200), ("U0DET00002", 200), ("U0DET00004", 200),
    ]  # fmt: skip
    assert retry_after_waits == [1.0]  # Retry-After honoured: waited out once, before the second post
    rows = rf.deliveries(any_db)
    assert {(k, r.status, r.attempts) for k, r in rows.items()} == {
        (f"prompt:detencion:{u}:2021-06-01", "sent", 1) for u in DET_PROMPTED
    }
    assert tick(settings, local(2021, 6, 1, 10)).sent == []
    assert len(rf.ok_posts(fake_slack)) == 3


def test_server_error_is_retried_with_backoff_then_delivered_once(
    any_db: str,
    fake_slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    fast_retries: None,
) -> None:
    """Through the `enlace tick --at` command line: a delivery waiting for its retry is the tick doing its
    job (exit 0); the retry looks in the DM first (a 500 may hide a posted message), then posts once."""
    from handlers.cli import main

    for name, value in {"DATABASE_URL": any_db, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s",
                        "SLACK_API_URL": fake_slack.base_url, "ENLACE_SEND_RATE": "1000"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # no stray .env
    fake_slack.fail("chat.postMessage", 500, times=4)  # the first post and the sender's 3 repeats
    assert main(["tick", "--at", "2021-06-01T10:00"]) == 0
    assert "sent 2, retrying 1, failed 0, unreported 0" in capsys.readouterr().out
    waiting = rf.deliveries(any_db)["prompt:detencion:U0DET00001:2021-06-01"]
    assert (waiting.status, waiting.attempts, waiting.reason) == ("retrying", 1, "http_500")
    retry_at = rf.wall(waiting.next_attempt_at)
    assert retry_at and local(2021, 6, 1, 10, 1) <= retry_at < local(2021, 6, 1, 10, 1) + dt.timedelta(
        seconds=30
    )
    assert waiting.unconfirmed_since is not None  # a 500 may hide a message Slack did post
    assert [c.status for c in fake_slack.calls if c.method == "chat.postMessage"][:4] == [500] * 4
    # Between the repeats the sender looked for the message in the DM: not there.
    assert {c["channel"] for c in fake_slack.calls_to("conversations.history")} == {"DU0DET00001"}

    assert main(["tick", "--at", "2021-06-01T10:00:30"]) == 0  # still backing off
    assert "sent 0" in capsys.readouterr().out
    fake_slack.reset()
    assert main(["tick", "--at", "2021-06-01T10:02"]) == 0
    assert "sent 1, retrying 0" in capsys.readouterr().out
    # users.info (and auth.test, once, to tell a guest or an external user): the person's language
    called = [m for m in fake_slack.methods() if m not in ("users.info", "auth.test")]
    assert called == ["conversations.open", "conversations.history", "chat.postMessage"]
    assert main(["tick", "--at", "2021-06-01T10:02"]) == 0
    assert "planned 0, sent 0" in capsys.readouterr().out
    assert {u: len(fake_slack.messages("D" + u)) for u in DET_PROMPTED} == dict.fromkeys(DET_PROMPTED, 1)
    row = rf.deliveries(any_db)[waiting.key]
    assert (row.status, row.attempts, row.next_attempt_at, row.unconfirmed_since) == ("sent", 2, None, None)


def test_after_nine_days_down_old_prompts_expire_and_the_summary_is_caught_up(
    any_db: str, fake_slack: FakeSlack
) -> None:
    settings = rf.settings_for(any_db, fake_slack)
    assert tick(settings, local(2021, 6, 1)).planned == 0
    report = tick(settings, local(2021, 6, 10))  # nine days later
    # detencion: 3 prompts (due 06-01 10:00) and retorno's 4 (06-07 10:00) are older than 12 h: expired.
    # Nobody is nudged about a prompt they never got; detencion's summary (06-08 10:00) is within 7 days.
    assert (report.planned, report.expired, report.sent) == (8, 7, ["summary:detencion:2021-06-01"])
    assert [p["channel"] for p in rf.ok_posts(fake_slack)] == ["C0DETENC01"]
    statuses = Counter((r.kind, r.status) for r in rf.deliveries(any_db).values())
    assert statuses == {("prompt", "expired"): 7, ("summary", "sent"): 1}
    for at in (local(2021, 6, 10), local(2021, 6, 10, 1)):
        assert (tick(settings, at).planned, tick(settings, at).sent) == (0, [])
    assert len(rf.ok_posts(fake_slack)) == 1


@pytest.mark.parametrize(
    ("at", "sent", "expired"),
    [
        (local(2021, 6, 1, 22), 3, 0),  # the prompts are exactly 12 hours late: still sent
        (local(2021, 6, 1, 22, 1), 0, 3),
        (local(2021, 6, 15, 10), 1, 3),  # detencion's summary exactly 7 days late: sent (no prompt, no nudge)
        (local(2021, 6, 15, 10, 1), 0, 4),
    ],
)
def test_catch_up_windows_are_inclusive(sqlite_db: str, fake_slack: FakeSlack, at: dt.datetime,
                                        sent: int, expired: int) -> None:  # fmt: skip
    settings = rf.settings_for(sqlite_db, fake_slack)
    report = tick(settings, at)
    detencion = [k for k in report.sent if k.startswith(("prompt:detencion", "summary:detencion"))]
    assert len(detencion) == sent
    rows = [r for r in rf.deliveries(sqlite_db).values() if r.group_key == "detencion"]
    assert sum(r.status == "expired" for r in rows) == expired


def test_two_clocks_at_once_deliver_once_and_neither_crashes(
    any_db: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    settings = rf.settings_for(any_db, fake_slack)
    tick(settings, local(2021, 6, 1))
    rf.in_step(monkeypatch, store, "add_delivery")
    errors = rf.race(*[lambda: tick(settings, local(2021, 6, 1, 10))] * 2)
    assert Counter(p["channel"] for p in rf.ok_posts(fake_slack)) == dict.fromkeys(DET_PROMPTED, 1)
    assert errors == []


def test_tick_at_an_instant_with_another_offset(
    any_db: str, fake_slack: FakeSlack, request: pytest.FixtureRequest
) -> None:
    """`enlace tick --at 2021-06-01T08:00-07:00` is 10:00 in Mexico City: detencion's prompts are due."""
    settings = rf.settings_for(any_db, fake_slack)
    report = tick(settings, parse_instant("2021-06-01T08:00-07:00"))
    assert report.planned == 3
    assert sorted(report.sent) == [f"prompt:detencion:{u}:2021-06-01" for u in DET_PROMPTED]
