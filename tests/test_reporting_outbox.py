"""The outbox's promises beyond the happy path: backoff while Slack's trouble may pass, then a failure the
admins hear about; nudges only to those who still owe a report."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from handlers.clock_process import tick  # noqa: E402
from storage import outbox as store  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests.fakeslack import FakeSlack  # noqa: E402
from tests.reporting_fixtures import DET_PROMPTED, RET, Env, local, metadata, state  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]
KEYS = [f"prompt:detencion:{u}:2021-06-01" for u in DET_PROMPTED]


def test_a_passing_error_is_retried_eight_times_with_backoff_then_fails_and_the_admin_is_told(
    sqlite_db: str, fake_slack: FakeSlack, fast_retries: None
) -> None:
    settings = rf.settings_for(sqlite_db, fake_slack)
    # Slack answers 503 to every post for eight ticks: each tick posts each prompt 4 times (the sender
    # repeats an unconfirmed post 3 times, looking in the DM before each repeat).
    fake_slack.fail("chat.postMessage", 503, times=3 * 4 * 8)
    at = local(2021, 6, 1, 10)
    for attempt, wait in enumerate((1, 2, 4, 8, 16, 32, 60, None), start=1):  # minutes: 2**n, at most an hour
        report = tick(settings, at)
        rows = [rf.deliveries(sqlite_db)[key] for key in KEYS]
        assert all(r.reason == "http_503" and r.attempts == attempt for r in rows)
        if wait is None:
            break
        assert sorted(report.retrying) == KEYS and report.failed == [] and report.ok
        assert {r.status for r in rows} == {"retrying"}
        for row in rows:
            retry_at = rf.wall(row.next_attempt_at)
            assert retry_at and at + dt.timedelta(minutes=wait) <= retry_at < at + dt.timedelta(
                minutes=wait, seconds=30
            )
        still_waiting = tick(settings, at + dt.timedelta(minutes=wait) - dt.timedelta(seconds=1))
        assert (still_waiting.sent, still_waiting.retrying) == ([], [])  # backing off
        at += dt.timedelta(minutes=wait, seconds=30)
    assert sorted(report.failed) == KEYS and report.retrying == [] and report.ok  # failed, and reported
    assert {(r.status, r.failures) for r in rows} == {("failed", 1)}
    notices = fake_slack.messages("DU0ADMIN001")
    assert len(notices) == 3
    assert all("http_503" in n["text"] and "8 intentos" in n["text"] for n in notices)
    assert tick(settings, at + dt.timedelta(days=1)).sent == []  # failed is final until a person resends it
    assert len(fake_slack.messages("DU0ADMIN001")) == 3
    assert not any(fake_slack.messages("D" + u) for u in DET_PROMPTED)


def test_who_reported_is_not_nudged(app_env: Env) -> None:
    app_env.tick(local(2021, 6, 1, 10))  # detencion's prompts: acnur, unicef's lead, oim
    app_env.clock.instant = local(2021, 6, 2, 12)
    unicef_member = "U0DET00003"  # not prompted, but reports for unicef
    values = state(app_env.activities("detencion")[0], "en_curso", "Avance de unicef")
    assert app_env.submit(values, unicef_member, metadata("detencion", "2021-06-01", unicef_member)) == (
        200,
        "",
    )
    app_env.tick(local(2021, 6, 7, 10))  # detencion's nudge; retorno's prompts
    app_env.clock.instant = local(2021, 6, 8, 9)
    values = state(app_env.activities("retorno")[0], "completado", "Listo")
    assert app_env.submit(values, RET[2], metadata("retorno", "2021-06-07", RET[2])) == (200, "")
    app_env.tick(local(2021, 6, 10, 10))  # retorno's nudge
    nudged = Counter(
        p["channel"] for p in rf.ok_posts(app_env.fake) if "blocks" in p and rf.kind_of(p) == "nudge"
    )
    assert nudged == {"U0DET00001": 1, "U0DET00004": 1, RET[0]: 1, RET[1]: 1, RET[3]: 1}
    rows = app_env.deliveries()
    assert (
        "nudge:detencion:U0DET00002:2021-06-01" not in rows
        and "nudge:retorno:U0RET00003:2021-06-07" not in rows
    )


def test_a_nudge_made_moot_after_it_was_planned_is_skipped(
    app_env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Planned for someone who then reports before the clock gets to send it: recorded skipped, not sent."""
    app_env.tick(local(2021, 6, 7, 10))
    sendable = store.sendable

    def report_then_look(session: object, now: dt.datetime) -> object:  # the nudges are planned by now
        values = state(app_env.activities("retorno")[0], "en_curso", "Justo a tiempo")
        assert app_env.submit(values, RET[0], metadata("retorno", "2021-06-07", RET[0])) == (200, "")
        return sendable(session, now)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "sendable", report_then_look)
    report = app_env.tick(local(2021, 6, 10, 10))
    assert report.skipped == ["nudge:retorno:U0RET00001:2021-06-07"]
    assert app_env.deliveries()["nudge:retorno:U0RET00001:2021-06-07"].status == "skipped"
    nudged = [p["channel"] for p in rf.ok_posts(app_env.fake) if "blocks" in p and rf.kind_of(p) == "nudge"]
    assert sorted(u for u in nudged if u in RET) == RET[1:]


def test_after_downtime_through_prompt_and_nudge_nobody_gets_a_nudge_for_a_prompt_never_sent(
    sqlite_db: str, fake_slack: FakeSlack
) -> None:
    """Enlace down from before retorno's 2021-06-07 prompts until an hour after their nudge (06-10 10:00):
    the prompts are too late (12 h), and a nudge about a prompt nobody got would make no sense."""
    report = tick(rf.settings_for(sqlite_db, fake_slack), local(2021, 6, 10, 11))
    rows = rf.deliveries(sqlite_db)
    prompts = {u: rows[f"prompt:retorno:{u}:2021-06-07"].status for u in RET}
    assert prompts == dict.fromkeys(RET, "expired") and report.ok
    assert [k for k in rows if k.startswith("nudge:retorno:")] == []
    assert [c["channel"] for c in fake_slack.calls_to("chat.postMessage") if c["channel"] in RET] == []
