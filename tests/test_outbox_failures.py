"""A delivery that cannot succeed never vanishes (issue 7, point 4), and `enlace tick` says whether it did
its job (point 17): through the real Bolt app, signed requests and the loopback Slack.

Slack refuses the detencion group's summary (due 2021-06-08 10:00, the only delivery due then on a fresh
database: the prompts of 06-01 and 06-07 are past their catch-up window); the secretariat admin
(U0ADMIN001 in config/working-groups.yaml) gets a DM saying what failed, why and how to fix it, with a
"Reenviar" button.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from bot.outbox.failures import PERMANENT  # noqa: E402
from bot.outbox.notices import RESEND_ACTION, subject_of  # noqa: E402
from bot.render.i18n import Catalog  # noqa: E402
from bot.reporting.service import ReportingService  # noqa: E402
from handlers.cli import main  # noqa: E402
from storage.models import NetworkSetting  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests import slackreq, yamlfile  # noqa: E402
from tests.conftest import CONFIG, ROOT  # noqa: E402
from tests.fakeslack import FakeSlack  # noqa: E402
from tests.reporting_fixtures import ADMIN, RET, Env, local  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]
SUMMARY = "summary:detencion:2021-06-01"
NOTICE = f"notice:{SUMMARY}#1:{ADMIN}"
CLOSE = local(2021, 6, 8, 10)


def _button(message: dict[str, Any]) -> dict[str, Any] | None:
    buttons = [e for b in message.get("blocks") or [] if b["type"] == "actions" for e in b["elements"]]
    return buttons[0] if buttons else None


def _press(env: Env, user: str, value: str, notice_ts: str, name: str) -> None:
    body = slackreq.block_actions(
        RESEND_ACTION, value, user_id=user, channel_id=f"D{user}", response_url=env.fake.response_url(name),
        message_ts=notice_ts, button_text="Reenviar",
    )  # fmt: skip
    assert slackreq.post(env.events_url, body)[:1] == (200,)


@pytest.mark.parametrize(
    ("error", "extra", "why", "fix"),
    [
        ("not_in_channel", {}, "Enlace no es miembro de <#C0DETENC01>.",
         "Invita a @Enlace a <#C0DETENC01>: escribe /invite @Enlace en el canal. Luego pulsa Reenviar."),
        ("channel_not_found", {}, "Slack no encuentra <#C0DETENC01>", "config/working-groups.yaml"),
        ("is_archived", {}, "El canal <#C0DETENC01> está archivado.", "Desarchiva el canal"),
        ("missing_scope", {"needed": "chat:write.public", "provided": "chat:write"},
         "A la app de Slack le falta el permiso chat:write.public.",
         "Agrega el permiso chat:write.public en api.slack.com/apps"),
    ],
)  # fmt: skip
def test_an_error_retrying_cannot_fix_fails_at_once_and_the_admin_is_told_how_to_fix_it(
    app_env: Env, error: str, extra: dict[str, str], why: str, fix: str
) -> None:
    app_env.fake.fail("chat.postMessage", 200, error=error, extra=extra)
    report = app_env.tick(CLOSE)
    assert (report.sent, report.retrying, report.failed, report.unreported) == ([NOTICE], [], [SUMMARY], [])
    assert report.ok
    rows = app_env.deliveries()
    assert (rows[SUMMARY].status, rows[SUMMARY].attempts, rows[SUMMARY].reason) == ("failed", 1, error)
    assert (rows[NOTICE].kind, rows[NOTICE].status, subject_of(NOTICE)) == ("notice", "sent", SUMMARY)

    [notice] = app_env.fake.messages(f"D{ADMIN}")
    text = rf.block_text(notice)
    assert "Enlace no pudo entregar el resumen del periodo" in text
    assert "del Grupo de trabajo sobre alternativas a la detención para <#C0DETENC01>" in text
    assert "<!date^1623164400^" in text and "8 de junio de 2021, 10:00 (hora de la Ciudad de México)" in text
    assert why in text and fix in text
    assert notice["metadata"] == {"event_type": "enlace_delivery", "event_payload": {"key": NOTICE}}
    button = _button(notice)
    assert button and (button["action_id"], button["value"], button["text"]["text"]) == (
        RESEND_ACTION, SUMMARY, "Reenviar",
    )  # fmt: skip

    # Nothing more: the failure is final until a person acts, and its notice went out once.
    again = app_env.tick(local(2021, 6, 9, 10))
    assert (again.sent, again.retrying, again.failed) == ([], [], [])
    assert len(app_env.fake.messages(f"D{ADMIN}")) == 1 and app_env.fake.messages("C0DETENC01") == []


def test_every_error_retrying_cannot_fix_has_why_and_how_to_fix_in_both_languages(catalog: Catalog) -> None:
    for code in (*PERMANENT, "transient", "unknown"):
        for part in ("why", "fix"):
            for lang in ("es", "en"):
                assert catalog.t(
                    f"outbox.{part}.{code}", lang, recipient="<#C1>", needed="x", code=code, attempts=8
                )


# Where deliveries get their status and reason, and how: Verdict("expired", ...), status="sending",
# _record(row, token, "sent", ...); ("skipped", "resolved"), reason="found_in_history", skip="...".
_STATUS = re.compile(r'\bVerdict\("(\w+)"|\bstatus="(\w+)"|record\([^()"]*"(\w+)"')
_REASON = re.compile(r'\("(?:expired|skipped)", "(\w+)"\)|\b(?:reason|skip)="(\w+)"')


def _recorded(pattern: re.Pattern[str]) -> set[str]:
    paths = [*sorted((ROOT / "bot" / "outbox").glob("*.py")), ROOT / "bot/reporting/outbox.py",
             ROOT / "storage/outbox.py"]  # fmt: skip
    text = "\n".join(path.read_text(encoding="utf-8") for path in paths)
    return {next(g for g in match.groups() if g) for match in pattern.finditer(text)}


def test_every_status_and_reason_the_outbox_records_has_words_in_both_languages(catalog: Catalog) -> None:
    """`enlace outbox` and a resend's outcome put a status in words; words.reason, given a reason it has no
    sentence for, falls back to a failure's words: a code without its entry would read wrong, silently."""
    statuses, reasons = _recorded(_STATUS), _recorded(_REASON)
    listed = re.search(r"status \(([a-z, ]+)\)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert listed and statuses == set(listed.group(1).split(", "))  # the scan finds them all, as documented
    assert {"too_late", "period_closed", "already_reported", "resolved", "found_in_history"} <= reasons
    for lang in ("es", "en"):
        for status in statuses:
            assert catalog.t(f"outbox.status.{status}", lang)
        for reason in reasons:
            assert catalog.t(f"outbox.reason.{reason}", lang)


def test_resend_button_only_for_admins_sends_now_and_redraws_the_notice(app_env: Env) -> None:
    fake = app_env.fake
    fake.fail("chat.postMessage", 200, error="not_in_channel")
    app_env.tick(CLOSE)
    [notice] = fake.messages(f"D{ADMIN}")

    # A member presses it (a forwarded message, a crafted request): told no, nothing is sent.
    _press(app_env, RET[0], SUMMARY, notice["ts"], "member")
    [refusal] = fake.wait_for("response_url:member")
    assert refusal["text"] == "Solo la Secretaría puede reenviar entregas. Si algo no te llegó, avísale."
    assert fake.messages("C0DETENC01") == [] and fake.calls_to("chat.update") == []

    # Slack still refuses: the notice is redrawn with the outcome and the button; no new DM to the presser.
    fake.fail("chat.postMessage", 200, error="not_in_channel")
    _press(app_env, ADMIN, SUMMARY, notice["ts"], "admin1")
    [update] = fake.wait_for("chat.update")
    assert (update["channel"], update["ts"]) == (f"D{ADMIN}", notice["ts"])
    assert f"Reenvío de <@{ADMIN}>" in rf.block_text(update) and ": falló." in rf.block_text(update)
    assert _button(update) is not None
    row = app_env.deliveries()[SUMMARY]
    assert (row.status, row.attempts, row.failures) == ("failed", 1, 2)
    assert len(fake.messages(f"D{ADMIN}")) == 1

    # @Enlace was invited: the summary goes out at once, and the button is gone.
    _press(app_env, ADMIN, SUMMARY, notice["ts"], "admin2")
    update = fake.wait_for("chat.update", 2)[1]
    assert ": se entregó." in rf.block_text(update) and _button(update) is None
    [summary] = fake.messages("C0DETENC01")
    assert summary["text"].startswith("Resumen:")
    assert summary["metadata"]["event_payload"] == {"key": SUMMARY}
    assert app_env.deliveries()[SUMMARY].status == "sent"

    # Pressed once more (another admin, a double click): nothing is sent twice.
    _press(app_env, ADMIN, SUMMARY, notice["ts"], "admin3")
    update = fake.wait_for("chat.update", 3)[2]
    assert "Ya no hacía falta reenviarla: se entregó." in rf.block_text(update)
    assert len(fake.messages("C0DETENC01")) == 1


def test_with_two_admins_the_one_who_pressed_is_answered_in_place_and_only_the_other_gets_a_notice(
    app_env: Env,
) -> None:
    other = "U0ADMIN002"
    with app_env.sessions() as session, session.begin():
        settings = session.get(NetworkSetting, "reporting")
        assert settings is not None
        settings.value = {**settings.value, "admins": [ADMIN, other]}
    fake = app_env.fake
    fake.fail("chat.postMessage", 200, error="not_in_channel")
    app_env.tick(CLOSE)
    [notice] = fake.messages(f"D{ADMIN}")
    assert len(fake.messages(f"D{other}")) == 1

    fake.fail("chat.postMessage", 200, error="not_in_channel")  # pressed too soon: it fails again
    _press(app_env, ADMIN, SUMMARY, notice["ts"], "admin")
    [update] = fake.wait_for("chat.update")
    assert (update["channel"], update["ts"]) == (f"D{ADMIN}", notice["ts"]) and ": falló." in rf.block_text(
        update
    )
    assert len(fake.messages(f"D{ADMIN}")) == 1  # told in place, not in a new DM
    [_, again] = fake.messages(f"D{other}")  # the other admin hears of this failure too
    assert again["metadata"]["event_payload"] == {"key": f"notice:{SUMMARY}#2:{other}"}
    assert f"notice:{SUMMARY}#2:{ADMIN}" not in app_env.deliveries()


def test_when_the_notice_cannot_be_redrawn_the_admin_who_pressed_is_told_the_outcome(app_env: Env) -> None:
    fake = app_env.fake
    fake.fail("chat.postMessage", 200, error="not_in_channel")
    app_env.tick(CLOSE)
    [notice] = fake.messages(f"D{ADMIN}")
    fake.fail("chat.update", 200, error="message_not_found")  # deleted meanwhile, say
    _press(app_env, ADMIN, SUMMARY, notice["ts"], "admin")
    [told] = fake.wait_for("response_url:admin")
    assert told["response_type"] == "ephemeral" and told["replace_original"] is False
    assert f"Reenvío de <@{ADMIN}>" in told["text"] and ": se entregó." in told["text"]
    assert app_env.deliveries()[SUMMARY].status == "sent" and len(fake.messages("C0DETENC01")) == 1


def test_when_the_resend_breaks_the_admin_who_pressed_gets_the_apology(
    app_env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not silence: the job logs it with the request and apologises (handlers/lanes.py, apologise)."""
    fake = app_env.fake
    fake.fail("chat.postMessage", 200, error="not_in_channel")
    app_env.tick(CLOSE)
    [notice] = fake.messages(f"D{ADMIN}")

    def broken(*args: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ReportingService, "resend", broken)
    _press(app_env, ADMIN, SUMMARY, notice["ts"], "admin")
    [told] = fake.wait_for("response_url:admin")
    assert told["response_type"] == "ephemeral" and told["text"].startswith("Algo salió mal al responder.")
    assert fake.calls_to("chat.update") == []


def _cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str, fake: FakeSlack, **more: str) -> None:
    values = {"DATABASE_URL": url, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s",
              "SLACK_API_URL": fake.base_url, "ENLACE_SEND_RATE": "1000", **more}  # fmt: skip
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_enlace_outbox_lists_and_retries_deliveries(
    any_db: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    _cli_env(monkeypatch, tmp_path, any_db, fake_slack)
    fake_slack.fail("chat.postMessage", 200, error="is_archived")
    assert main(["tick", "--at", "2021-06-08T10:00"]) == 0  # failed, and the admin was told: the job is done
    assert "sent 1, retrying 0, failed 1, unreported 0" in capsys.readouterr().out

    assert main(["outbox"]) == 0
    lines = {line.split("\t")[0]: line.split("\t") for line in capsys.readouterr().out.splitlines()}
    assert lines[SUMMARY] == [
        SUMMARY, "summary", "failed", "C0DETENC01", "2021-06-08T10:00:00-05:00", "1",
        "is_archived: El canal #C0DETENC01 está archivado. Desarchiva el canal, o pon otro canal en "
        "config/working-groups.yaml o, si es de una reunión o un resumen semanal, en config/meetings.yaml o "
        "config/digests.yaml, y ejecuta enlace load. "
        "Luego pulsa Reenviar.",
    ]  # fmt: skip
    # The notice is due when the failure was seen: `tick --at` runs on from its instant (a busy machine can
    # take seconds to get there).
    assert lines[NOTICE][1:4] + lines[NOTICE][5:6] == ["notice", "sent", ADMIN, "1"]
    noticed = dt.datetime.fromisoformat(lines[NOTICE][4]) - local(2021, 6, 8, 10)
    assert dt.timedelta(0) <= noticed < dt.timedelta(minutes=1), lines[NOTICE]
    expired = lines["prompt:detencion:U0DET00001:2021-06-01"]
    assert expired[2] == "expired" and expired[6].startswith(
        "Su hora pasó hace más de lo que permite catch_up"
    )
    assert len(lines) == 3 + 4 + 2  # detencion's 3 prompts and retorno's 4, expired; the summary; the notice

    assert main(["outbox", "--failed", "--lang", "en"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert (
        line.startswith(f"{SUMMARY}\tsummary\tfailed\t")
        and "is_archived: The channel #C0DETENC01 is archived." in line
    )

    assert main(["outbox", "retry"]) == 2
    assert main(["outbox", "retry", "summary:nope:2021-06-01"]) == 2
    assert capsys.readouterr().out.splitlines()[-1] == "unknown\tsummary:nope:2021-06-01"
    assert main(["outbox", "retry", SUMMARY]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"sent\t{SUMMARY}"
    assert len(fake_slack.messages("C0DETENC01")) == 1
    assert main(["outbox", "retry", SUMMARY]) == 0  # not failed any more: left alone
    assert capsys.readouterr().out.splitlines()[-1] == f"sent\t{SUMMARY}"
    assert main(["outbox", "retry", "--failed"]) == 0  # nothing failed
    assert "sent 0" in capsys.readouterr().out
    assert len(fake_slack.messages("C0DETENC01")) == 1


def test_a_notice_that_fails_too_makes_no_notice_and_the_tick_exits_1(
    sqlite_db: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """The token was revoked: the summary fails, and so does the notice about it. Nobody was told, so the
    tick did not do its job: exit 1, once; the next tick has nothing new to say."""
    _cli_env(monkeypatch, tmp_path, sqlite_db, fake_slack)
    fake_slack.fail("chat.postMessage", 200, error="token_revoked", times=2)
    assert main(["tick", "--at", "2021-06-08T10:00"]) == 1
    captured = capsys.readouterr()
    assert "failed 1, unreported 1" in captured.out
    assert f"{NOTICE} could neither be delivered nor reported to a person" in captured.err
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
    rows = rf.deliveries(sqlite_db)
    assert (rows[SUMMARY].status, rows[NOTICE].status, rows[NOTICE].reason) == (
        "failed",
        "failed",
        "token_revoked",
    )
    assert not any(key.startswith("notice:notice:") for key in rows)
    assert main(["tick", "--at", "2021-06-08T10:05"]) == 0
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_a_retry_whose_notice_fails_too_exits_1(
    sqlite_db: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """`enlace outbox retry` answers as the tick does: the summary fails again and so does the notice about
    it, so nobody was told: exit 1."""
    _cli_env(monkeypatch, tmp_path, sqlite_db, fake_slack)
    fake_slack.fail("chat.postMessage", 200, error="is_archived")
    assert main(["tick", "--at", "2021-06-08T10:00"]) == 0  # the summary failed; its notice went out
    capsys.readouterr()
    fake_slack.fail("chat.postMessage", 200, error="token_revoked", times=2)  # the summary, then its notice
    assert main(["outbox", "retry", SUMMARY]) == 1
    captured = capsys.readouterr()
    assert "failed 1, unreported 1" in captured.out and captured.out.splitlines()[-1] == f"failed\t{SUMMARY}"
    assert f"notice:{SUMMARY}#2:{ADMIN} could neither be delivered nor reported to a person" in captured.err
    assert len(fake_slack.messages(f"D{ADMIN}")) == 1  # the first notice only


def test_without_admins_a_failure_is_a_warning_and_exit_1(
    fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database_url = f"sqlite:///{tmp_path / 'enlace.sqlite3'}"  # `enlace load` migrates it
    config = tmp_path / "config"
    shutil.copytree(CONFIG, config)
    (config / "digests.yaml").write_text("digests: []\n", encoding="utf-8")  # as rf.without_digests
    groups = config / "working-groups.yaml"
    yamlfile.edit(groups, lambda data: data.update(secretariat_admins=[]))
    _cli_env(monkeypatch, tmp_path, database_url, fake_slack, ENLACE_CONFIG=str(config))
    assert main(["load"]) == 0
    assert "no secretariat_admins" in capsys.readouterr().out  # `enlace load` warns

    assert main(["tick", "--at", "2021-06-01T10:00"]) == 0  # nothing failed: nothing to report
    assert "no secretariat_admins" in capsys.readouterr().err
    fake_slack.fail("chat.postMessage", 200, error="not_in_channel")
    assert main(["tick", "--at", "2021-06-08T10:00"]) == 1
    captured = capsys.readouterr()
    assert "no secretariat_admins" in captured.err and f"{SUMMARY} could neither be delivered" in captured.err
    assert rf.deliveries(database_url)[SUMMARY].status == "failed"  # and `enlace outbox --failed` shows it


def test_a_tick_that_cannot_run_exits_3(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    _cli_env(monkeypatch, tmp_path, "postgresql+psycopg://nobody@127.0.0.1:1/enlace", fake_slack)
    assert main(["tick", "--at", "2021-06-08T10:00"]) == 3
    assert "enlace tick: could not run" in capsys.readouterr().err


def test_a_delivery_key_is_in_the_message_metadata(app_env: Env) -> None:
    app_env.tick(local(2021, 6, 1, 10))
    [prompt] = app_env.fake.messages("DU0DET00001")
    assert prompt["metadata"] == {
        "event_type": "enlace_delivery",
        "event_payload": {"key": "prompt:detencion:U0DET00001:2021-06-01"},
    }
    [call] = [c for c in app_env.fake.calls_to("chat.postMessage") if c["channel"] == "U0DET00001"]
    assert json.loads(json.dumps(call["metadata"])) == prompt["metadata"]
