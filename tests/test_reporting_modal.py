"""The status modal through the real Bolt app over HTTP: the prompt's button opens it, a submission is stored
or answered inside the modal (response_action errors), forged or foreign submissions are refused, and what
people write reaches `/red estado` and the group's summary escaped."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from bot.render.i18n import Catalog  # noqa: E402
from bot.reporting.labels import STATUSES  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests.reporting_fixtures import ADMIN, OUTSIDER, RET, Env, local, metadata, state  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]
RET1 = RET[0]


def _no_dm(env: Env) -> None:
    assert env.fake.calls_to("chat.postMessage") == [], env.fake.methods()


def test_the_prompt_button_opens_a_signed_modal_and_submissions_are_stored_and_edited(
    app_env_any: Env, catalog: Catalog
) -> None:
    env = app_env_any
    env.tick(local(2021, 6, 7, 10))
    [prompt] = [p for p in rf.ok_posts(env.fake) if p["channel"] == RET1]
    env.fake.reset()
    view = env.click(rf.button_value(prompt), RET1)
    assert (view["type"], view["callback_id"]) == ("modal", "status_update")
    assert view["private_metadata"] == metadata("retorno", "2021-06-07", RET1)
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    activity_options = blocks["activity"]["element"]["options"]
    retorno = env.activities("retorno")
    assert [o["value"] for o in activity_options] == retorno
    assert len(retorno) >= 2 and not set(retorno) & set(env.activities("detencion"))
    assert activity_options[-1]["text"]["text"].startswith("Prioridad temática 1, actividad 6")
    assert [o["value"] for o in blocks["status"]["element"]["options"]] == list(STATUSES)
    assert all(len(o["text"]["text"]) <= 75 for o in activity_options)

    status, body = env.submit(
        state(retorno[0], "en_curso", "  Taller con 3 estados\n"), RET1, view["private_metadata"]
    )
    assert (status, body) == (200, "")  # the modal closes
    [row] = env.updates()
    assert (row.group_key, row.period_key, row.author, row.agency) == ("retorno", "2021-06-07", RET1, "oim")
    assert (row.activity_id, row.status, row.progress, row.obstacles, row.next_steps) == (
        int(retorno[0]), "en_curso", "Taller con 3 estados", "", "",
    )  # fmt: skip
    [thanks] = env.fake.wait_for("chat.postMessage")
    assert thanks["channel"] == RET1
    assert thanks["text"].startswith("Gracias: tu informe sobre Grupo de trabajo temático: Retorno")
    assert thanks["text"].endswith("quedó guardado (en curso).")

    env.clock.advance(dt.timedelta(hours=2))  # still before the close: the same row is edited
    edit = state(retorno[0], "bloqueado", "Terminado a medias", "Falta la firma", "Firmar")
    assert env.submit(edit, RET1, view["private_metadata"]) == (200, "")
    [edited] = env.updates()
    assert (edited.id, edited.status, edited.obstacles, edited.next_steps) == (
        row.id,
        "bloqueado",
        "Falta la firma",
        "Firmar",
    )
    assert rf.wall(edited.updated_at) == local(2021, 6, 8, 11) and rf.wall(edited.created_at) == local(
        2021, 6, 8, 9
    )
    assert env.submit(state(retorno[1], "completado", "Hecho"), RET1, view["private_metadata"]) == (200, "")
    assert len(env.updates()) == 2
    env.fake.wait_for("chat.postMessage", 3)


CASES: dict[str, tuple[dict[str, Any], dict[str, tuple[str, dict[str, Any]]]]] = {
    "no progress": (state("A", "en_curso", None), {"progress": ("progress", {})}),
    "two characters": (state("A", "en_curso", " ok \n"), {"progress": ("progress", {})}),
    "blocked, no obstacles": (state("A", "bloqueado", "Avance real"), {"obstacles": ("obstacles_needed", {})}),
    "at risk, blank obstacles": (state("A", "en_riesgo", "Avance", " \n "), {"obstacles": ("obstacles_needed", {})}),
    "progress too long": (state("A", "en_curso", "x" * 3001), {"progress": ("too_long", {"limit": 3000})}),
    "obstacles too long": (state("A", "bloqueado", "Avance", "y" * 3001), {"obstacles": ("too_long", {"limit": 3000})}),
    "next steps too long": (state("A", "en_curso", "Avance", None, "z" * 3001), {"next_steps": ("too_long", {"limit": 3000})}),
    "another group's activity": (state("D", "en_curso", "Avance"), {"activity": ("activity", {})}),
    "not an activity id": (state("1; drop table", "en_curso", "Avance"), {"activity": ("activity", {})}),
    "unknown status": (state("A", "terminado", "Avance"), {"status": ("status", {})}),
    "nothing chosen": (state(None, None, None), {k: (k, {}) for k in ("activity", "status", "progress")}),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_invalid_input_is_answered_inside_the_modal_and_nothing_is_stored(
    app_env: Env, catalog: Catalog, case: str
) -> None:
    values, expected = copy.deepcopy(CASES[case])
    ids = {"A": app_env.activities("retorno")[0], "D": app_env.activities("detencion")[0]}
    option = values["activity"]["value"]["selected_option"]
    if option and option["value"] in ids:
        option["value"] = ids[option["value"]]
    status, body = app_env.submit(values, RET1, metadata("retorno", "2021-06-07", RET1))
    errors = {
        block: catalog.t(f"reporting.errors.{key}", "es", **kw) for block, (key, kw) in expected.items()
    }
    assert status == 200
    assert json.loads(body) == {"response_action": "errors", "errors": errors}
    assert app_env.updates() == []
    _no_dm(app_env)


FORGED: dict[str, Callable[[], str]] = {
    "group changed": lambda: json.dumps(
        {**json.loads(metadata("retorno", "2021-06-07", RET1)), "g": "detencion"}
    ),
    "period changed": lambda: json.dumps(
        {**json.loads(metadata("retorno", "2021-06-07", RET1)), "p": "2021-06-21"}
    ),
    "signature altered": lambda: metadata("retorno", "2021-06-07", RET1, signature="0" * 32),
    "signed for someone else": lambda: metadata("retorno", "2021-06-07", RET[1]),
    "signed with another secret": lambda: _signed_elsewhere(),
    "not JSON": lambda: "retorno|2021-06-07",
    "empty": lambda: "",
    "unknown group": lambda: metadata("nogroup", "2021-06-07", RET1),
}


def _signed_elsewhere() -> str:
    from bot.reporting.modal import sign

    return sign("another-workspace-secret", "retorno", "2021-06-07", RET1)


@pytest.mark.parametrize("case", list(FORGED))
def test_forged_private_metadata_is_refused(app_env: Env, catalog: Catalog, case: str) -> None:
    values = state(app_env.activities("retorno")[0], "en_curso", "Avance")
    status, body = app_env.submit(values, RET1, FORGED[case]())
    assert status == 200
    assert json.loads(body) == {
        "response_action": "errors", "errors": {"activity": catalog.t("reporting.errors.forged", "es")},
    }  # fmt: skip
    assert app_env.updates() == []
    _no_dm(app_env)


@pytest.mark.parametrize(
    ("user", "group", "period"),
    [(OUTSIDER, "retorno", "2021-06-07"), (RET1, "detencion", "2021-06-01")],
    ids=["not a member", "a member of another group"],
)
def test_only_members_and_admins_submit_for_a_group(
    app_env: Env, catalog: Catalog, user: str, group: str, period: str
) -> None:
    """Even with a correctly signed form (say, opened before they left the group)."""
    values = state(app_env.activities(group)[0], "en_curso", "Avance")
    status, body = app_env.submit(values, user, metadata(group, period, user))
    assert (status, json.loads(body)["errors"]) == (
        200,
        {"activity": catalog.t("reporting.errors.not_member", "es")},
    )
    assert app_env.updates() == []
    _no_dm(app_env)


def test_a_secretariat_admin_submits_for_any_group(app_env: Env) -> None:
    view = app_env.click(json.dumps({"g": "detencion", "p": "2021-06-01"}), ADMIN)
    assert view["private_metadata"] == metadata("detencion", "2021-06-01", ADMIN)
    values = state(app_env.activities("detencion")[2], "en_riesgo", "Mesa instalada", "Sin sede")
    assert app_env.submit(values, ADMIN, view["private_metadata"]) == (200, "")
    [row] = app_env.updates()
    assert (row.group_key, row.period_key, row.author, row.agency, row.status) == (
        "detencion", "2021-06-01", ADMIN, None, "en_riesgo",
    )  # fmt: skip


def test_a_form_sent_after_the_close_is_shown_again_for_the_open_period_never_moved_silently(
    app_env: Env, catalog: Catalog
) -> None:
    signed = metadata("retorno", "2021-06-07", RET1)
    activity = app_env.activities("retorno")[0]
    app_env.clock.instant = local(2021, 6, 11, 9, 59)  # a minute before the close: still editable
    assert app_env.submit(state(activity, "en_curso", "Primera versión"), RET1, signed) == (200, "")
    app_env.clock.instant = local(2021, 6, 11, 10)
    late = state(activity, "completado", "Versión tardía", None, "Cerrar el convenio")
    status, body = app_env.submit(late, RET1, signed)
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "update"
    view = answer["view"]
    # Nothing was stored for either period: the person sees their text again, for the period now open.
    assert [(r.period_key, r.progress) for r in app_env.updates()] == [("2021-06-07", "Primera versión")]
    assert view["private_metadata"] == metadata("retorno", "2021-06-21", RET1)
    warning = view["blocks"][0]["elements"][0]["text"]
    assert warning.startswith("⚠️ El periodo del 7 de junio de 2021 al 11 de junio de 2021 se cerró")
    assert "periodo del 21 de junio de 2021 al 25 de junio de 2021" in warning
    inputs = {b["block_id"].split("@")[0]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs["activity"]["initial_option"]["value"] == activity
    assert inputs["status"]["initial_option"]["value"] == "completado"
    assert inputs["progress"]["initial_value"] == "Versión tardía"
    assert inputs["next_steps"]["initial_value"] == "Cerrar el convenio"
    # Sent again as shown (Slack sends the values under the view's own block ids), it is stored once.
    ids = {b["block_id"].split("@")[0]: b["block_id"] for b in view["blocks"] if b["type"] == "input"}
    resent = {ids[name]: value for name, value in late.items()}
    assert app_env.submit(resent, RET1, view["private_metadata"]) == (200, "")
    rows = app_env.updates()
    assert [(r.period_key, r.status, r.progress) for r in rows] == [
        ("2021-06-07", "en_curso", "Primera versión"), ("2021-06-21", "completado", "Versión tardía"),
    ]  # fmt: skip


def test_reports_show_in_red_estado_and_the_summary_escaped(app_env_any: Env) -> None:
    env = app_env_any
    env.tick(local(2021, 6, 7, 10))  # everyone is asked
    first, sixth = env.activities("retorno")[0], env.activities("retorno")[-1]
    signed = {user: metadata("retorno", "2021-06-07", user) for user in RET[:2]}
    ordinary = state(sixth, "en_curso", "Avance ordinario", None, "Seguir \x00@U0ADMIN001\x00 pronto")
    blocked = state(
        first, "bloqueado", "Firmado <!channel> con <@U123> & aliados", "Falta <!here> presupuesto"
    )
    assert env.submit(ordinary, RET[1], signed[RET[1]]) == (200, "")
    assert env.submit(blocked, RET1, signed[RET1]) == (200, "")
    raw = ("<!channel>", "<!here>", "<@U123>", "<@U0ADMIN001>", "\x00")

    reply = env.command("estado retorno", RET[2])
    dumped = json.dumps(reply, ensure_ascii=False)
    assert not [r for r in raw if r in dumped]
    assert "Firmado &lt;!channel&gt; con &lt;@U123&gt; &amp; aliados" in dumped
    assert "<@U0RET00001>" in json.dumps(reply["blocks"]) and "BLOQUEADO" in reply["text"]
    assert reply["text"].index("BLOQUEADO") < reply["text"].index("EN CURSO")

    env.fake.reset()
    env.tick(local(2021, 6, 11, 10))  # retorno's period closes
    [summary] = [p for p in rf.ok_posts(env.fake) if p["channel"] == "C0RETORNO1"]
    text = "\n".join(b.get("text", {}).get("text", "") for b in summary["blocks"])
    fields = [f["text"] for b in summary["blocks"] for f in b.get("fields", [])]
    dumped = json.dumps(summary, ensure_ascii=False)
    assert not [r for r in raw if r in dumped]
    assert text.index("BLOQUEADO") < text.index("EN CURSO")  # blocked and at risk first
    assert (
        "_bloqueado · OIM · <@U0RET00001>: Firmado &lt;!channel&gt; con &lt;@U123&gt; &amp; aliados_" in text
    )
    assert "_Obstáculos: Falta &lt;!here&gt; presupuesto_" in text
    assert "Próximos pasos: Seguir @U0ADMIN001 pronto" in text  # a forged mention marker is just text
    assert "_en curso · ACNUDH · <@U0RET00002>: Avance ordinario_" in text
    assert fields == [
        "*Informaron (2)*\n<@U0RET00001>, <@U0RET00002>",
        "*No informaron (2)*\n<@U0RET00003>, <@U0RET00004>",
    ]
    assert "&lt;!channel&gt;" in summary["text"]
