"""`/red actualizar`, `/red exportar estado`, `/red ausente` through the real Bolt app (signed requests, the
loopback Slack), `enlace export` and `enlace ask` on the command line, and absences seen by the clock."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from bot.i18n import Catalog  # noqa: E402
from bot.render_blocks import escape  # noqa: E402
from bot.reporting.status import CSV_COLUMNS  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests.reporting_fixtures import ADMIN, OUTSIDER, RET, Env, local, metadata, state  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]
RET1 = RET[0]


@pytest.mark.parametrize(
    ("text", "user", "at", "signed"),
    [
        ("actualizar", RET1, local(2021, 6, 8, 9), ("retorno", "2021-06-07")),
        ("actualizar retorno", RET1, local(2021, 6, 8, 9), ("retorno", "2021-06-07")),
        ("informar RETORNO", RET1, local(2021, 6, 8, 9), ("retorno", "2021-06-07")),
        ("actualizar", RET1, local(2021, 6, 14, 9), ("retorno", "2021-06-21")),  # between periods: the next
        ("actualizar detencion", ADMIN, local(2021, 6, 8, 9), ("detencion", "2021-06-01")),
    ],
)
def test_actualizar_opens_the_modal(
    app_env: Env, text: str, user: str, at: dt.datetime, signed: tuple[str, str]
) -> None:
    app_env.clock.instant = at
    app_env.command(text, user, wait=False)
    [call] = app_env.fake.wait_for("views.open")
    assert call["trigger_id"] == "1337.42.abcd"
    assert call["view"]["callback_id"] == "status_update"
    assert call["view"]["private_metadata"] == metadata(*signed, user)
    assert app_env.fake.calls_to("chat.postMessage") == []


@pytest.mark.parametrize(
    ("text", "user", "key", "values"),
    [
        ("actualizar", OUTSIDER, "reporting.no_group", {"groups": ""}),
        ("actualizar", ADMIN, "reporting.which_group", {"groups": "detencion, retorno, vias-regulares"}),
        ("actualizar retorno", OUTSIDER, "reporting.errors.not_member", {}),
        ("actualizar detencion", RET1, "reporting.errors.not_member", {}),
        ("actualizar nogroup", RET1, "reporting.unknown_group", {"group": "nogroup", "groups": "detencion, retorno, vias-regulares"}),
    ],
)  # fmt: skip
def test_actualizar_explains_what_it_cannot_open(
    app_env: Env, catalog: Catalog, text: str, user: str, key: str, values: dict[str, str]
) -> None:
    app_env.command(text, user, wait=False)
    [dm] = app_env.fake.wait_for("chat.postMessage")
    assert (dm["channel"], dm["text"]) == (
        user,
        escape(catalog.t(key, "es", **values)),
    )  # Slack text is escaped
    assert app_env.fake.calls_to("views.open") == []


def _report(
    env: Env, user: str, activity: int, status: str, progress: str, obstacles: str | None = None
) -> None:
    signed = metadata("retorno", "2021-06-07", user)
    values = state(env.activities("retorno")[activity], status, progress, obstacles)
    assert env.submit(values, user, signed) == (200, "")


def test_export_uploads_the_csv_to_the_dm_and_the_cli_writes_the_same(
    app_env: Env, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _report(app_env, RET1, 0, "bloqueado", '=HYPERLINK("http://x")', "-5 días de retraso")
    _report(app_env, RET[1], 1, "en_curso", 'Talleres, dos: "norte" y sur\nsegunda línea')
    app_env.fake.wait_for("chat.postMessage", 2)  # the two thank-you DMs are sent after each ack
    app_env.fake.reset()

    reply = app_env.command("exportar estado 2021-06", ADMIN)
    assert reply == {"response_type": "ephemeral", "text": "Aquí está la exportación: 2 informe(s)."}
    methods = [m for m in app_env.fake.methods() if m not in ("auth.test", "users.info")]
    assert [m.split(":")[0] for m in methods] == [
        "conversations.open", "files.getUploadURLExternal", "upload", "files.completeUploadExternal", "response_url",
    ]  # fmt: skip
    assert app_env.fake.calls_to("conversations.open")[0]["users"] == ADMIN
    [url_call] = app_env.fake.calls_to("files.getUploadURLExternal")
    [upload] = app_env.fake.calls_to("upload:F1")
    [complete] = app_env.fake.calls_to("files.completeUploadExternal")
    assert (url_call["filename"], int(url_call["length"])) == ("enlace-estado.csv", len(upload["data"]))
    assert complete["channel_id"] == "D" + ADMIN
    assert complete["files"] == [{"id": "F1", "title": "Enlace"}]
    assert complete["initial_comment"] == reply["text"]

    content = upload["data"].decode("utf-8")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == list(CSV_COLUMNS)
    got = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]
    assert [(r["group"], r["period"], r["priority"], r["activity"], r["author"], r["agency"]) for r in got] == [
        ("retorno", "2021-06-07", "group-return", "1", RET1, "oim"),
        ("retorno", "2021-06-07", "thematic-1", "6", RET[1], "acnudh"),
    ]  # fmt: skip
    assert got[0]["status"] == "bloqueado"
    assert got[0]["progress"] == '\'=HYPERLINK("http://x")'  # a spreadsheet would run it as a formula
    assert got[0]["obstacles"] == "'-5 días de retraso"
    assert got[1]["progress"] == 'Talleres, dos: "norte" y sur\nsegunda línea'
    assert got[0]["created_at"].startswith("2021-06-08T09:00")

    for name, value in {"DATABASE_URL": app_env.settings.database_url, "SLACK_BOT_TOKEN": ""}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    from handlers.cli import main

    assert main(["export", "--period", "2021-06", "--out", str(tmp_path / "estado.csv")]) == 0
    assert (tmp_path / "estado.csv").read_bytes() == upload["data"]

    app_env.fake.reset()
    assert (
        app_env.command("exportar estado 2021-07", ADMIN)["text"] == "Aquí está la exportación: 0 informe(s)."
    )
    [empty] = app_env.fake.calls_to("upload:F2")
    assert list(csv.reader(io.StringIO(empty["data"].decode()))) == [list(CSV_COLUMNS)]


def _dms(env: Env, group: str) -> Counter[tuple[str, str, str]]:
    """(person, kind, period) of every prompt and nudge the clock sent for a group."""
    found: Counter[tuple[str, str, str]] = Counter()
    for params in rf.ok_posts(env.fake):
        if "blocks" in params and not params["channel"].startswith("C"):
            value = json.loads(rf.button_value(params))
            if value["g"] == group:
                found[(params["channel"], rf.kind_of(params), value["p"])] += 1
    return found


def test_someone_away_gets_neither_prompts_nor_nudges_until_back(app_env: Env) -> None:
    app_env.tick(local(2021, 6, 7, 10))  # retorno's first prompts, before anyone said they were away
    reply = app_env.command("ausente hasta el 30 de junio", RET[1])
    assert reply["text"] == "Listo: no te enviaré recordatorios hasta el 30 de junio de 2021 (inclusive)."
    assert app_env.absences() == {RET[1]: local(2021, 6, 30).date()}
    for day in (10, 11, 21, 24, 25):
        app_env.tick(local(2021, 6, day, 10))
    for day in (5, 8, 9):
        app_env.tick(local(2021, 7, day, 10))
    sent = _dms(app_env, "retorno")
    for user in (RET[0], RET[2], RET[3]):
        assert {k: v for k, v in sent.items() if k[0] == user} == {
            (user, kind, period): 1 for kind in ("prompt", "nudge") for period in ("2021-06-07", "2021-06-21", "2021-07-05")
        }  # fmt: skip
    assert {k: v for k, v in sent.items() if k[0] == RET[1]} == {
        (RET[1], "prompt", "2021-06-07"): 1, (RET[1], "prompt", "2021-07-05"): 1, (RET[1], "nudge", "2021-07-05"): 1,
    }  # fmt: skip
    assert "nudge:retorno:U0RET00002:2021-06-07" not in app_env.deliveries()


def test_an_away_lead_is_replaced_by_the_next_member_of_their_agency(app_env: Env) -> None:
    app_env.clock.instant = local(2021, 6, 28, 12)
    assert app_env.command("ausente hasta el 2 de julio", "U0DET00002")["text"].startswith("Listo")
    app_env.tick(local(2021, 7, 1, 10))
    prompted = {(u, "prompt", "2021-07-01"): 1 for u in ("U0DET00001", "U0DET00003", "U0DET00004")}
    assert _dms(app_env, "detencion") == prompted


def test_the_nudge_goes_to_whoever_was_prompted(app_env: Env) -> None:
    app_env.clock.instant = local(2021, 6, 28, 12)
    app_env.command("ausente hasta el 2 de julio", "U0DET00002")
    app_env.tick(local(2021, 7, 1, 10))
    app_env.tick(local(2021, 7, 6, 10))
    assert _dms(app_env, "detencion") == {
        (u, k, "2021-07-01"): 1
        for u in ("U0DET00001", "U0DET00003", "U0DET00004")
        for k in ("prompt", "nudge")
    }


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ausente hasta el 31 de febrero", "absence.no_such_date"),
        ("ausente hasta el 1 de junio", "absence.past"),
        ("ausente", "absence.usage"),
        ("ausente cuando pueda", "absence.usage"),
        ("away until tomorrow-ish", "absence.usage"),
    ],
)
def test_bad_absences_are_explained_and_nothing_is_stored(
    app_env: Env, catalog: Catalog, text: str, key: str
) -> None:
    assert app_env.command(text, RET1)["text"] == escape(catalog.t(key, "es"))
    assert app_env.absences() == {}


def test_away_tomorrow_then_back(app_env: Env) -> None:
    """`ausente mañana` is read as "until tomorrow, inclusive"; `ausente no` ends it (stored as yesterday)."""
    reply = app_env.command("ausente mañana", RET1)
    assert reply["text"] == "Listo: no te enviaré recordatorios hasta el 9 de junio de 2021 (inclusive)."
    assert app_env.absences() == {RET1: local(2021, 6, 9).date()}
    assert app_env.command("ausente no", RET1)["text"] == "Listo: vuelves a recibir recordatorios."
    assert app_env.absences() == {RET1: local(2021, 6, 7).date()}
    app_env.tick(local(2021, 6, 10, 10))
    assert (RET1, "nudge", "2021-06-07") in _dms(app_env, "retorno")


@pytest.mark.parametrize(
    "question",
    [
        "¿Qué está bloqueado?",
        "What is blocked?",
        "¿Qué actividades están bloqueadas?",
        "What did the return group report?",
        "¿Qué reportó el grupo de trabajo sobre retorno?",
        "¿Qué informó el grupo de retorno?",
        "¿Cuál es el estado del grupo de retorno?",
    ],
)  # fmt: skip
def test_enlace_ask_answers_status_questions_from_the_reports(
    app_env: Env,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    question: str,
) -> None:
    _report(app_env, RET1, 0, "bloqueado", "Convenio sin firmar", "Falta presupuesto")
    _report(app_env, RET[1], 1, "en_curso", "Talleres en curso")
    monkeypatch.setenv("DATABASE_URL", app_env.settings.database_url)
    monkeypatch.chdir(tmp_path)
    from handlers.cli import main

    assert main(["ask", "--", question]) == 0
    out = capsys.readouterr().out
    assert "Convenio sin firmar" in out and "Falta presupuesto" in out
    assert "@U0RET00001" in out
    if "bloquead" in question or "blocked" in question:
        assert "Talleres en curso" not in out  # only what is blocked
    else:
        assert "Talleres en curso" in out
