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

from bot.render.blocks import escape  # noqa: E402
from bot.render.i18n import Catalog  # noqa: E402
from bot.reporting.export import BOM, COLUMNS  # noqa: E402
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


GROUPS = "«Grupo de trabajo sobre alternativas a la detención», «Grupo de trabajo sobre retorno y reintegración», «Grupo de trabajo sobre vías regulares»"


@pytest.mark.parametrize(
    ("text", "user", "key", "values"),
    [
        ("actualizar", OUTSIDER, "reporting.no_group", {}),
        ("actualizar", ADMIN, "reporting.which_group", {"groups": GROUPS}),
        ("actualizar retorno", OUTSIDER, "reporting.errors.not_member", {}),
        ("actualizar detencion", RET1, "reporting.errors.not_member", {}),
        ("actualizar nogroup", RET1, "reporting.unknown_group", {"group": "nogroup", "groups": GROUPS}),
        ("actualizar grupo de trabajo", ADMIN, "reporting.which_group", {"groups": GROUPS}),
    ],
)  # fmt: skip
def test_actualizar_explains_what_it_cannot_open_where_it_was_typed(
    app_env: Env, catalog: Catalog, text: str, user: str, key: str, values: dict[str, str]
) -> None:
    reply = app_env.command(text, user)
    assert reply == {
        "response_type": "ephemeral",
        "replace_original": False,
        "text": escape(catalog.t(key, "es", **values)),
    }
    assert app_env.fake.calls_to("views.open") == []
    assert app_env.fake.calls_to("chat.postMessage") == []


@pytest.mark.parametrize(
    ("text", "user", "group"),
    [
        ("actualizar detención", ADMIN, "detencion"),
        ("actualizar Alternativas a la detencion", ADMIN, "detencion"),
        ("actualizar vías regulares", "U0VIA00002", "vias-regulares"),
        ("update return", RET1, "retorno"),
        ("actualizar reintegracion", RET1, "retorno"),
        ("actualizar retrono", RET1, "retorno"),  # a typo
        ("informar Regular pathways working group", ADMIN, "vias-regulares"),
        ("actualizar grupo de trabajo", RET1, "retorno"),  # names no group: the person's only one
    ],
)
def test_actualizar_finds_a_group_by_its_name_in_either_language(
    app_env: Env, text: str, user: str, group: str
) -> None:
    app_env.command(text, user, wait=False)
    [call] = app_env.fake.wait_for("views.open")
    assert json.loads(call["view"]["private_metadata"])["g"] == group


@pytest.mark.parametrize(("error", "key"), [("expired_trigger_id", "reporting.modal_expired"),
                                            ("invalid_arguments", "reporting.modal_failed")])  # fmt: skip
def test_a_modal_slack_would_not_open_gets_a_message(
    app_env: Env, catalog: Catalog, error: str, key: str
) -> None:
    app_env.fake.fail("views.open", 200, error=error)
    reply = app_env.command("actualizar", RET1)
    assert reply == {
        "response_type": "ephemeral",
        "replace_original": False,
        "text": escape(catalog.t(key, "es")),
    }


def _report(
    env: Env, user: str, activity: int, status: str, progress: str, obstacles: str | None = None
) -> None:
    signed = metadata("retorno", "2021-06-07", user)
    values = state(env.activities("retorno")[activity], status, progress, obstacles)
    assert env.submit(values, user, signed) == (200, "")


def _csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith(BOM)  # Excel reads the accents right only with it
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


def test_export_uploads_a_csv_people_can_read_to_the_dm_and_the_cli_writes_the_same(
    app_env: Env, catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app_env.fake.set_user(RET1, real_name="Ana Ruiz")
    _report(app_env, RET1, 0, "bloqueado", '=HYPERLINK("http://x")', "-5 días de retraso")
    _report(app_env, RET[1], 1, "en_riesgo", 'Talleres, dos: "norte" y sur\nsegunda línea', "Sin sede")
    app_env.fake.wait_for("chat.postMessage", 2)  # the two thank-you DMs are sent after each ack
    app_env.fake.reset()

    reply = app_env.command("exportar estado 2021-06", ADMIN)
    assert reply == {"response_type": "ephemeral", "text": "Aquí está la exportación: 2 informes."}
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
    assert complete["initial_comment"] == reply["text"]

    rows = _csv(upload["data"])
    assert rows[0] == [catalog.t(f"export.columns.{c}", "es") for c in COLUMNS]
    got = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
    group = "Grupo de trabajo sobre retorno y reintegración"
    assert [(r["group"], r["period"], r["activity"], r["status"], r["author"], r["author_id"], r["agency"]) for r in got] == [
        (group, "2021-06-07", "1", "bloqueado", "Ana Ruiz", RET1, "OIM"),
        (group, "2021-06-07", "6", "en riesgo", "Test", RET[1], "ACNUDH"),
    ]  # fmt: skip
    assert [r["priority"] for r in got] == [
        "Grupo de trabajo temático: Retorno y reintegración",
        "Prioridad temática 1",
    ]
    assert got[0]["progress"] == '\'=HYPERLINK("http://x")'  # a spreadsheet would run it as a formula
    assert got[0]["obstacles"] == "'-5 días de retraso"
    assert got[1]["progress"] == 'Talleres, dos: "norte" y sur\nsegunda línea'
    assert got[0]["created_at"] == "2021-06-08 09:00"

    for name, value in {"DATABASE_URL": app_env.settings.database_url, "SLACK_BOT_TOKEN": ""}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    from handlers.cli import main

    assert main(["export", "--period", "2021-06", "--out", str(tmp_path / "estado.csv")]) == 0
    at_the_terminal = _csv((tmp_path / "estado.csv").read_bytes())
    author = COLUMNS.index("author")
    assert [r[author] for r in at_the_terminal[1:]] == [RET1, RET[1]]  # no Slack to ask names of
    assert [r[:author] + r[author + 1 :] for r in at_the_terminal] == [
        r[:author] + r[author + 1 :] for r in rows
    ]
    assert main(["export", "--lang", "en", "--out", str(tmp_path / "status.csv")]) == 0
    english = _csv((tmp_path / "status.csv").read_bytes())
    assert english[0][:2] == ["Group", "Period (start)"] and english[1][5] == "blocked"

    app_env.fake.reset()
    assert (
        app_env.command("exportar estado 2021-07", ADMIN)["text"] == "Aquí está la exportación: 0 informes."
    )
    [empty] = app_env.fake.calls_to("upload:F2")
    assert _csv(empty["data"]) == [rows[0]]


def test_export_holds_only_what_the_person_may_read(app_env: Env, catalog: Catalog) -> None:
    _report(app_env, RET1, 0, "bloqueado", "Convenio sin firmar", "Falta presupuesto")
    detencion = metadata("detencion", "2021-06-01", "U0DET00001")
    values = state(app_env.activities("detencion")[0], "en_curso", "Mesa de detención")
    assert app_env.submit(values, "U0DET00001", detencion) == (200, "")
    app_env.fake.wait_for("chat.postMessage", 2)
    app_env.fake.reset()

    assert app_env.command("exportar estado", RET[2])["text"] == "Aquí está la exportación: 1 informe."
    [upload] = app_env.fake.calls_to("upload:F1")
    assert [r[0] for r in _csv(upload["data"])[1:]] == ["Grupo de trabajo sobre retorno y reintegración"]

    app_env.fake.reset()
    reply = app_env.command("exportar estado", OUTSIDER)
    expected = catalog.t("status.private_no_group", "es") + " " + catalog.t("status.who_sees", "es")
    assert reply == {"response_type": "ephemeral", "text": escape(expected)}
    assert [m for m in app_env.fake.methods() if m.startswith(("files.", "upload", "conversations"))] == []


@pytest.mark.parametrize(
    ("method", "error", "key"),
    [
        ("files.getUploadURLExternal", "missing_scope", "export.errors.missing_scope"),
        ("conversations.open", "invalid_auth", "export.errors.auth"),
        ("files.completeUploadExternal", "channel_not_found", "export.errors.other"),
    ],
)
def test_an_export_slack_refuses_says_what_to_do(
    app_env: Env, catalog: Catalog, method: str, error: str, key: str
) -> None:
    app_env.fake.fail(method, 200, error=error)
    reply = app_env.command("exportar estado", ADMIN)
    assert reply == {"response_type": "ephemeral", "text": escape(catalog.t(key, "es", error=error))}


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
    assert reply["text"] == (
        "Listo: no te enviaré avisos de informe hasta el 30 de junio de 2021 (inclusive). "
        "Para deshacerlo, escribe «ausente no»."
    )
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
        ("ausente hasta el 1 de junio", "absence.past"),  # a week ago; next June is too far to be meant
        ("ausente hasta el 1 de junio de 2021", "absence.past"),
        ("ausente del 20 de julio al 10 de julio", "absence.backwards"),
        ("ausente hasta el 15 de julio de 2023", "absence.too_far"),
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


@pytest.mark.parametrize(
    ("text", "today", "starts", "until"),
    [
        ("ausente hasta el 10 de enero", dt.date(2021, 12, 20), None, dt.date(2022, 1, 10)),  # next January
        ("away until January 10", dt.date(2021, 12, 20), None, dt.date(2022, 1, 10)),
        ("ausente del 1 al 15 de julio", dt.date(2021, 6, 8), dt.date(2021, 7, 1), dt.date(2021, 7, 15)),
        ("ausente del 28 de diciembre al 5 de enero", dt.date(2021, 12, 20), dt.date(2021, 12, 28), dt.date(2022, 1, 5)),
        ("away from July 1 to 15", dt.date(2021, 6, 8), dt.date(2021, 7, 1), dt.date(2021, 7, 15)),
        ("ausente hasta el 15-07-2021", dt.date(2021, 6, 8), None, dt.date(2021, 7, 15)),
        ("ausente hasta el 15.07.2021", dt.date(2021, 6, 8), None, dt.date(2021, 7, 15)),
        ("ausente 15/07/2021", dt.date(2021, 6, 8), None, dt.date(2021, 7, 15)),
    ],
)  # fmt: skip
def test_absence_dates_people_type(
    app_env: Env, text: str, today: dt.date, starts: dt.date | None, until: dt.date
) -> None:
    from storage.models import Absence

    app_env.clock.instant = local(today.year, today.month, today.day, 12)
    reply = app_env.command(text, RET1)["text"]
    assert reply.startswith("Listo") or reply.startswith("Done"), reply
    with app_env.sessions() as session:
        row = session.get(Absence, RET1)
        assert row is not None and (row.starts, row.until) == (starts, until)


def test_a_range_pauses_prompts_from_its_first_day_only(app_env: Env) -> None:
    reply = app_env.command("ausente del 22 al 30 de junio", RET[1])
    assert reply["text"] == (
        "Listo: no te enviaré avisos de informe del 22 de junio de 2021 al 30 de junio de 2021 (inclusive). "
        "Para deshacerlo, escribe «ausente no»."
    )
    for day in (7, 10, 21, 24):
        app_env.tick(local(2021, 6, day, 10))
    sent = _dms(app_env, "retorno")
    assert {k for k in sent if k[0] == RET[1]} == {
        (RET[1], "prompt", "2021-06-07"), (RET[1], "nudge", "2021-06-07"), (RET[1], "prompt", "2021-06-21"),
    }  # fmt: skip  # the 21st is before the absence; the nudge on the 24th falls in it


def test_someone_in_no_group_is_told_so_and_nothing_is_stored(app_env: Env, catalog: Catalog) -> None:
    assert app_env.command("ausente hasta el 15 de julio", OUTSIDER)["text"] == escape(
        catalog.t("absence.no_group", "es")
    )
    assert app_env.absences() == {}


def test_away_tomorrow_then_back(app_env: Env) -> None:
    """`ausente mañana` is read as "until tomorrow, inclusive"; `ausente no` ends it."""
    app_env.tick(local(2021, 6, 7, 10))
    reply = app_env.command("ausente mañana", RET1)
    assert reply["text"].startswith(
        "Listo: no te enviaré avisos de informe hasta el 9 de junio de 2021 (inclusive)."
    )
    assert app_env.absences() == {RET1: local(2021, 6, 9).date()}
    assert app_env.command("ausente no", RET1)["text"] == "Listo: vuelves a recibir avisos de informe."
    assert app_env.absences() == {}
    assert app_env.command("ausente no", RET1)["text"].startswith("No estabas marcado como ausente")
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
