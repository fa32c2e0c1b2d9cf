"""Status reports a working group can trust (issue 7), through signed requests, the real Bolt app and the
loopback Slack: no report hidden, nobody named unfairly, private by default, the same words in every
surface, a modal that remembers, times in each reader's zone.

retorno (each_member): U0RET00001 OIM lead, U0RET00002 ACNUDH lead, U0RET00003 UNICEF, U0RET00004 ACNUR;
prompted Mondays 10:00 from 2021-06-07, closes Fridays 10:00. detencion (one_per_agency): U0DET00001
ACNUR lead, U0DET00002 UNICEF lead, U0DET00003 UNICEF, U0DET00004 OIM; first working day of the month.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from sqlalchemy import insert

pytest.register_assert_rewrite("tests.reporting_fixtures")

from bot.render.blocks import escape  # noqa: E402
from bot.render.i18n import Catalog  # noqa: E402
from bot.render.plain import render_text  # noqa: E402
from bot.reporting.access import Viewer  # noqa: E402
from bot.reporting.status import parse_query, status_answer  # noqa: E402
from bot.text import fold  # noqa: E402
from storage import reporting as store  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.models import StatusUpdate  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests import yamlfile  # noqa: E402
from tests.reporting_fixtures import ADMIN, OUTSIDER, RET, VIA, Env, local, metadata, state  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]
OIM, ACNUR = RET[0], RET[3]
COMMITTEE = "U0COMITE01"
SUMMARY = "C0RETORNO1"


def _report(env: Env, user: str, activity: int, status: str, progress: str, obstacles: str | None = None,
            group: str = "retorno", period: str = "2021-06-07") -> None:  # fmt: skip
    values = state(env.activities(group)[activity], status, progress, obstacles)
    assert env.submit(values, user, metadata(group, period, user)) == (200, "")


def _summary(env: Env, at: dt.datetime) -> dict[str, Any]:
    env.tick(at)
    [summary] = [p for p in rf.ok_posts(env.fake) if p["channel"] == SUMMARY]
    return summary


def _fields(message: dict[str, Any]) -> list[str]:
    return [f["text"] for b in message["blocks"] for f in b.get("fields", [])]


# -- 1. a blocked report never disappears ---------------------------------------------------------------


def test_a_blocked_report_is_never_hidden_behind_a_later_one(app_env_any: Env) -> None:
    env = app_env_any
    env.tick(local(2021, 6, 7, 10))
    env.clock.instant = local(2021, 6, 8, 9)
    _report(env, ACNUR, 0, "bloqueado", "Convenio detenido", "Falta la firma de la cancillería")
    env.clock.instant = local(2021, 6, 9, 9)  # the next day, another agency on the same activity
    _report(env, OIM, 0, "en_curso", "Talleres en marcha")

    summary = rf.block_text(_summary(env, local(2021, 6, 11, 10)))
    assert (
        summary.index("BLOQUEADO ·") < summary.index("_bloqueado · ACNUR") < summary.index("_en curso · OIM")
    )
    assert "Falta la firma de la cancillería" in summary and "Talleres en marcha" in summary

    env.clock.instant = local(2021, 6, 22, 9)  # a later period: OIM reports again, ACNUR does not
    _report(env, OIM, 0, "completado", "Talleres concluidos", period="2021-06-21")
    for text in (
        "estado bloqueado",
        "estado retorno",
        "estado ACNUR",
        "estado unhcr",
        "estado UN Refugee Agency",
    ):
        reply = env.command(text, RET[1])
        assert "Falta la firma de la cancillería" in reply["text"], text
    blocked = env.command("estado bloqueado", RET[1])["text"]
    assert "Talleres concluidos" in blocked  # the activity's other reports stay beside the blocked one
    assert blocked.index("bloqueado · ACNUR") < blocked.index("completado · OIM")
    assert "Falta la firma" not in env.command("estado en riesgo", RET[1])["text"]


def test_a_blocked_question_finds_it_too_in_a_dm(app_env: Env) -> None:
    _report(app_env, ACNUR, 0, "bloqueado", "Convenio detenido", "Falta la firma")
    _report(app_env, OIM, 0, "en_curso", "Talleres en marcha")
    app_env.fake.wait_for("chat.postMessage", 2)
    app_env.fake.reset()
    app_env.dm("¿Qué está bloqueado?", RET[2])
    [answer] = app_env.fake.wait_for("chat.postMessage")
    assert answer["channel"] == "D" + RET[2]
    assert "Falta la firma" in answer["text"] and "Talleres en marcha" in answer["text"]


def test_a_blocked_report_outlives_five_hundred_newer_ones_elsewhere(
    sqlite_db: str, catalog: Catalog
) -> None:
    """Issue 11: the status views once read only the 500 newest reports, so a "bloqueado" followed by 500
    reports of another group (seven months at a busy rate) vanished from `/red estado` and the questions."""
    sessions = make_session_factory(make_engine(sqlite_db))
    at = local(2021, 6, 8, 9)
    with sessions() as session, session.begin():
        retorno, vias = (store.group(session, key) for key in ("retorno", "vias-regulares"))
        assert retorno is not None and vias is not None
        activity = store.followed_activities(session, retorno.follows)[0]
        others = store.followed_activities(session, vias.follows)
        store.save_update(session, {"group_key": "retorno", "period_key": "2021-06-07", "activity_id": activity.id,
                                    "author": ACNUR, "agency": "acnur", "status": "bloqueado", "progress": "Convenio",
                                    "obstacles": "Falta la firma"}, at)  # fmt: skip

        # Newer reports elsewhere: 500 periods of them at once, then each activity's latest as the modal saves it.
        def report(n: int) -> dict[str, object]:
            return {"group_key": "vias-regulares", "period_key": f"2021-{n:04d}", "author": VIA[0],
                    "activity_id": others[n % len(others)].id, "agency": "acnudh", "status": "en_curso",
                    "progress": f"Avance {n}"}  # fmt: skip

        later = [at + dt.timedelta(hours=n + 1) for n in range(500 + len(others))]
        session.execute(insert(StatusUpdate), [{**report(n), "created_at": later[n], "updated_at": later[n]}
                                               for n in range(500)])  # fmt: skip
        for n in range(500, 500 + len(others)):
            store.save_update(session, report(n), later[n])
    with sessions() as session:
        for words in ("bloqueado", "", "retorno"):
            query = parse_query(session, words, lambda _: None)
            answer = render_text(status_answer(catalog, session, Viewer(ADMIN), "es", query), catalog)
            assert "Falta la firma" in answer, words
            assert words or f"Avance {499 + len(others)}" in answer  # beside the newest, not instead of them
    sessions.kw["bind"].dispose()


# -- 2. "did not report" names only those asked ---------------------------------------------------------


def test_did_not_report_names_only_who_was_asked_and_did_not_answer(app_env: Env) -> None:
    app_env.clock.instant = local(2021, 6, 4, 12)
    assert app_env.command("ausente hasta el 9 de junio", RET[2])["text"].startswith("Listo")
    app_env.tick(local(2021, 6, 7, 10))  # asked: everyone but U0RET00003, who is away
    app_env.clock.instant = local(2021, 6, 8, 9)
    _report(app_env, OIM, 0, "en_curso", "Avance")
    summary = _summary(app_env, local(2021, 6, 11, 10))
    assert _fields(summary) == [
        f"*Informó (1)*\n<@{OIM}>",
        f"*No informaron (2)*\n<@{RET[1]}>, <@{ACNUR}>",
    ]


def test_someone_who_reported_early_was_not_asked_and_no_prompt_counts_as_missing(
    app_env: Env, catalog: Catalog
) -> None:
    app_env.clock.instant = local(2021, 6, 7, 9)  # before the period opens: the report is for it
    _report(app_env, OIM, 0, "en_curso", "Listo antes de tiempo")
    app_env.tick(local(2021, 6, 7, 10))
    assert app_env.deliveries()[f"prompt:retorno:{OIM}:2021-06-07"].status == "skipped"
    summary = _summary(app_env, local(2021, 6, 11, 10))
    assert _fields(summary) == [
        f"*Informó (1)*\n<@{OIM}>",
        f"*No informaron (3)*\n<@{RET[1]}>, <@{RET[2]}>, <@{ACNUR}>",
    ]
    assert "avisos" not in rf.block_text(summary) and "aviso de este periodo" not in rf.block_text(summary)


def test_one_per_agency_names_the_agency_that_was_asked_not_its_other_members(app_env: Env) -> None:
    app_env.tick(local(2021, 6, 1, 10))  # acnur's lead, unicef's lead and oim are asked; U0DET00003 is not
    app_env.clock.instant = local(2021, 6, 2, 9)
    _report(app_env, "U0DET00003", 0, "en_curso", "Por UNICEF", group="detencion", period="2021-06-01")
    app_env.tick(local(2021, 6, 8, 10))
    [summary] = [p for p in rf.ok_posts(app_env.fake) if p["channel"] == "C0DETENC01"]
    assert _fields(summary) == [
        "*Informó (1)*\n<@U0DET00003>",
        "*No informaron (2)*\n<@U0DET00001>, <@U0DET00004>",  # not UNICEF's lead: UNICEF reported
    ]


def test_a_period_whose_prompts_were_not_sent_names_nobody_and_says_why(
    app_env: Env, catalog: Catalog
) -> None:
    _report(app_env, OIM, 0, "en_curso", "Avance")  # the clock was down: no prompt went out
    summary = _summary(app_env, local(2021, 6, 11, 10))
    assert _fields(summary) == [f"*Informó (1)*\n<@{OIM}>", "*No informaron (0)*\n—"]
    assert escape(catalog.t("reporting.prompts_not_sent", "es")) in rf.block_text(summary)


def test_a_channel_summary_shows_what_config_lets_it_show(app_env: Env, catalog: Catalog) -> None:
    app_env.tick(local(2021, 6, 14, 10))  # vias-regulares shows statuses only (the default)
    app_env.clock.instant = local(2021, 6, 15, 9)
    _report(app_env, VIA[0], 0, "en_riesgo", "Avance confidencial", "Obstáculo confidencial",
            group="vias-regulares", period="2021-06-14")  # fmt: skip
    app_env.tick(local(2021, 6, 18, 10))
    [summary] = [p for p in rf.ok_posts(app_env.fake) if p["channel"] == "C0VIAS0001"]
    dumped = json.dumps(summary, ensure_ascii=False)
    assert "confidencial" not in dumped
    assert "EN RIESGO ·" in rf.block_text(summary) and f"_en riesgo · ACNUDH · <@{VIA[0]}>_" in rf.block_text(
        summary
    )
    assert "«/red estado Grupo de trabajo sobre vías regulares»" in rf.block_text(summary)


# -- 5. private by default --------------------------------------------------------------------------------


@pytest.fixture
def blocked_retorno(app_env: Env) -> Env:
    _report(app_env, ACNUR, 0, "bloqueado", "Convenio detenido", "Falta la firma secreta")
    app_env.fake.wait_for("chat.postMessage")
    app_env.fake.reset()
    return app_env


@pytest.mark.parametrize(
    ("who", "profile", "sees"),
    [
        (RET[2], {}, True),  # a member of the group
        (ADMIN, {}, True),
        (COMMITTEE, {}, True),
        (VIA[1], {}, False),  # a member of another group
        (OUTSIDER, {}, False),  # in no group
        (RET[2], {"is_restricted": True}, True),  # a guest in the group reads their group
        (VIA[1], {"is_restricted": True}, False),  # a guest of another group
        (VIA[1], {"is_ultra_restricted": True}, False),
        (COMMITTEE, {"team_id": "T0OTHER"}, False),  # an external user, even one config names
        (ADMIN, {"is_stranger": True}, False),
    ],
)
def test_who_reads_a_groups_reports(
    blocked_retorno: Env, who: str, profile: dict[str, Any], sees: bool
) -> None:
    env = blocked_retorno
    if profile:
        env.fake.set_user(who, **profile)
    for text in ("estado", "estado retorno", "estado bloqueado"):
        assert ("Falta la firma secreta" in json.dumps(env.command(text, who), ensure_ascii=False)) is sees, (
            text
        )
    env.dm("¿Qué está bloqueado?", who)
    [dm] = env.fake.wait_for("chat.postMessage")
    assert ("Falta la firma secreta" in json.dumps(dm, ensure_ascii=False)) is sees
    env.fake.reset()
    env.command("exportar estado", who)
    uploads = [c for c in env.fake.calls if c.method.startswith("upload:")]
    exported = b"".join(c.params["data"] for c in uploads)
    assert (b"Falta la firma secreta" in exported) is sees


def test_status_in_a_channel_goes_only_to_the_person_who_asked(
    blocked_retorno: Env, catalog: Catalog
) -> None:
    env = blocked_retorno
    env.mention("¿Qué está bloqueado?", RET[2], channel="C0GENERAL")
    [ephemeral] = env.fake.wait_for("chat.postEphemeral")
    assert (ephemeral["channel"], ephemeral["user"]) == ("C0GENERAL", RET[2])
    assert "Falta la firma secreta" in ephemeral["text"]
    assert escape(catalog.t("slack.only_you", "es")) in rf.block_text(ephemeral)
    assert env.fake.calls_to("chat.postMessage") == []
    env.mention("¿Quién lidera la prioridad temática 5?", RET[2], channel="C0GENERAL")
    [public] = env.fake.wait_for("chat.postMessage")  # the plan is public: answered in the thread
    assert public["channel"] == "C0GENERAL" and public["thread_ts"]


def test_asking_for_a_group_one_may_not_read_says_who_may(blocked_retorno: Env, catalog: Catalog) -> None:
    reply = blocked_retorno.command("estado retorno", VIA[1])
    assert escape(catalog.t("status.who_sees", "es")) in reply["text"]
    assert "Grupo de trabajo sobre retorno y reintegración" in reply["text"]


# -- 6. long messages ------------------------------------------------------------------------------------


def test_a_big_groups_summary_keeps_who_did_not_report_within_slacks_limits(app_env: Env) -> None:
    """150 members, 60 long reports: Slack accepts the summary, and who did not report survives the cut."""
    from storage import reporting as store
    from storage.models import GroupMember, WorkingGroup

    members = [f"U0BIG{n:05d}" for n in range(150)]
    with app_env.sessions() as session, session.begin():
        group = session.get(WorkingGroup, "retorno")
        assert group is not None
        group.members.extend(GroupMember(slack_user_id=u, agency="oim", role="member", position=10 + n)
                             for n, u in enumerate(members))  # fmt: skip
    app_env.tick(local(2021, 6, 7, 10))  # everyone is asked
    activities = app_env.activities("retorno")
    with app_env.sessions() as session, session.begin():  # the modal's own path is tested elsewhere
        for n, user in enumerate(members[:60]):
            values = {"group_key": "retorno", "period_key": "2021-06-07", "author": user, "agency": "oim",
                      "activity_id": int(activities[n % len(activities)]), "status": "bloqueado",
                      "progress": "Avance " + "x" * 2900, "obstacles": "Obstáculo " + "y" * 2900}  # fmt: skip
            store.save_update(session, values, local(2021, 6, 8, 9))
    app_env.fake.reset()
    summary = _summary(app_env, local(2021, 6, 11, 10))  # accepted by a fake that enforces Slack's limits
    fields = _fields(summary)
    assert fields[0].startswith("*Informaron (60)*") and fields[1].startswith("*No informaron (94)*")
    assert "y 69 más" in fields[1]  # 25 named, the rest counted
    text = rf.block_text(summary)
    assert (
        sum(int(n) for n in re.findall(r"… y (\d+) informes más", text)) + text.count("_bloqueado · OIM")
        == 60
    )
    for piece in re.findall(r"<[^>]*>", json.dumps(summary["blocks"])):
        assert re.fullmatch(r"<@U0[A-Z0-9]+>", piece), piece  # no mention cut in the middle


def test_an_answer_slack_refuses_anyway_arrives_as_its_short_version(app_env: Env) -> None:
    app_env.fake.fail("chat.postMessage", 200, error="msg_blocks_too_long")
    app_env.dm("¿Qué está atrasado?", OUTSIDER)
    first, second = app_env.fake.wait_for("chat.postMessage", 2)
    assert "blocks" in first and "blocks" not in second
    assert second["text"] == first["text"] and second["channel"] == "D" + OUTSIDER


# -- 7. the same words everywhere ------------------------------------------------------------------------


def test_commands_work_in_a_dm(app_env: Env, catalog: Catalog) -> None:
    app_env.dm("ausente hasta el 15 de julio", RET[1])
    [reply] = app_env.fake.wait_for("chat.postMessage")
    assert reply["text"].startswith("Listo: no te enviaré avisos de informe hasta el 15 de julio de 2021")
    assert app_env.absences() == {RET[1]: dt.date(2021, 7, 15)}

    app_env.dm("actualizar", RET[1])
    [_, update] = app_env.fake.wait_for("chat.postMessage", 2)
    buttons = [e for b in update["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == ["open_status_modal", "report_no_changes"]
    assert json.loads(buttons[0]["value"]) == {"g": "retorno", "p": "2021-06-07"}
    view = app_env.click(buttons[0]["value"], RET[1])
    assert view["private_metadata"] == metadata("retorno", "2021-06-07", RET[1])

    app_env.mention("estado", RET[1])
    [ephemeral] = app_env.fake.wait_for("chat.postEphemeral")
    assert ephemeral["user"] == RET[1]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_help_and_the_app_home_list_the_commands(app_env: Env, catalog: Catalog, lang: str) -> None:
    app_env.fake.set_locale(OUTSIDER, "en-US" if lang == "en" else "es-LA")
    help_text = app_env.command("ayuda" if lang == "es" else "help", OUTSIDER)["text"]
    for line in catalog.items("help.commands", lang):
        assert escape(line) in help_text
    body = rf.slackreq.event_callback(rf.slackreq.app_home_opened(OUTSIDER))
    assert rf.slackreq.post(app_env.events_url, body)[0] == 200
    [home] = app_env.fake.wait_for("views.publish")
    assert escape(catalog.items("help.commands", lang)[0]) in rf.block_text(home["view"])


def test_the_manifest_usage_hint_names_the_commands() -> None:

    from tests.conftest import ROOT

    manifest = yamlfile.read(ROOT / "manifest.yml")
    [command] = manifest["features"]["slash_commands"]
    hint = fold(command["usage_hint"])
    for name, words in _command_words().items():
        assert any(word in hint for word in words), name
    assert "ayuda" in hint


def _command_words() -> dict[str, set[str]]:
    from bot.chat.subcommands import SUBCOMMANDS

    words: dict[str, set[str]] = {}
    for word, name in SUBCOMMANDS.items():
        words.setdefault(name, set()).add(word)
    return words


@pytest.mark.parametrize("lang", ["es", "en"])
def test_help_names_every_command(catalog: Catalog, lang: str) -> None:
    """Each command (bot.chat.subcommands) starts a line of help in both languages."""
    starts = {fold(line).split(":")[0].split()[0] for line in catalog.items("help.commands", lang)}
    for name, words in _command_words().items():
        assert starts & words or name == "minutes_list", (lang, name)


# -- 8. editing is not blind ------------------------------------------------------------------------------


def _inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"].split("@")[0]: b["element"] for b in view["blocks"] if b["type"] == "input"}


def test_choosing_an_activity_fills_in_the_persons_report(app_env: Env) -> None:
    app_env.tick(local(2021, 6, 7, 10))
    app_env.clock.instant = local(2021, 6, 8, 9)
    _report(app_env, OIM, 1, "en_riesgo", "Talleres a medias", "Sin sede")
    [prompt] = [p for p in rf.ok_posts(app_env.fake) if p["channel"] == OIM and rf.kind_of(p) == "prompt"]
    view = app_env.click(rf.button_value(prompt), OIM)
    assert "Ya informaste sobre una actividad en este periodo" in rf.block_text(view)
    activity = app_env.activities("retorno")[1]
    filled = app_env.choose(view, "activity", activity, OIM)
    assert filled is not None
    inputs = _inputs(filled)
    assert inputs["activity"]["initial_option"]["value"] == activity
    assert inputs["status"]["initial_option"]["value"] == "en_riesgo"
    assert (inputs["progress"]["initial_value"], inputs["obstacles"]["initial_value"]) == (
        "Talleres a medias",
        "Sin sede",
    )
    assert app_env.fake.calls_to("views.update")[-1]["view_id"] == "V1"
    assert app_env.fake.calls_to("views.update")[-1]["hash"] == "1700000000.abcdEFGH"

    # The next period: the earlier report is offered to change only what changed.
    app_env.clock.instant = local(2021, 6, 22, 9)
    next_view = app_env.click(json.dumps({"g": "retorno", "p": "2021-06-21"}), OIM)
    refilled = app_env.choose(next_view, "activity", activity, OIM)
    assert refilled is not None and _inputs(refilled)["progress"]["initial_value"] == "Talleres a medias"
    assert "Lo llené con tu informe del 7 de junio de 2021" in rf.block_text(refilled)


def test_an_old_prompts_button_says_its_period_closed(app_env: Env) -> None:
    app_env.clock.instant = local(2021, 6, 22, 9)
    view = app_env.click(json.dumps({"g": "retorno", "p": "2021-06-07"}), OIM)
    assert view["private_metadata"] == metadata("retorno", "2021-06-21", OIM)
    assert "El periodo de ese mensaje ya se cerró" in rf.block_text(view)
    assert "periodo del 21 de junio de 2021 al 25 de junio de 2021" in rf.block_text(view)


def test_sin_cambios_copies_the_last_periods_reports_and_saving_offers_another(app_env: Env) -> None:
    _report(app_env, OIM, 0, "en_curso", "Talleres en marcha")
    [thanks] = app_env.fake.wait_for("chat.postMessage")
    another = [e for b in thanks["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(e["action_id"], e["text"]["text"]) for e in another] == [
        ("open_status_modal", "Informar otra actividad")
    ]
    _report(app_env, OIM, 1, "bloqueado", "Sin sede", "Falta presupuesto")
    app_env.tick(local(2021, 6, 21, 10))
    [prompt] = [p for p in rf.ok_posts(app_env.fake) if p["channel"] == OIM and rf.kind_of(p) == "prompt"]
    app_env.clock.instant = local(2021, 6, 21, 11)
    app_env.fake.reset()
    app_env.press("report_no_changes", rf.button_value(prompt, "report_no_changes"), OIM)
    [done] = app_env.fake.wait_for("chat.postMessage")
    assert done["text"].startswith(
        "Listo: copié sin cambios tus 2 informes anteriores al periodo del 21 de junio"
    )
    current = [
        (u.period_key, u.status, u.progress) for u in app_env.updates() if u.period_key == "2021-06-21"
    ]
    assert sorted(current) == [
        ("2021-06-21", "bloqueado", "Sin sede"),
        ("2021-06-21", "en_curso", "Talleres en marcha"),
    ]
    app_env.press("report_no_changes", rf.button_value(prompt, "report_no_changes"), OIM)
    [_, again] = app_env.fake.wait_for("chat.postMessage", 2)
    assert again["text"].startswith("Ya informaste sobre esas actividades")
    assert len(app_env.updates()) == 4


# -- 9. times in each reader's zone ------------------------------------------------------------------------


def test_prompts_show_the_close_in_each_readers_zone(app_env: Env) -> None:
    app_env.tick(local(2021, 6, 7, 10))
    [prompt] = [p for p in rf.ok_posts(app_env.fake) if p["channel"] == OIM]
    closes = int(local(2021, 6, 11, 10).timestamp())
    token = f"<!date^{closes}^{{date_long_pretty}}, {{time}}|viernes 11 de junio de 2021, 10:00 (hora de la Ciudad de México)>"
    assert token in rf.block_text(prompt)
    assert "viernes 11 de junio de 2021, 10:00 (hora de la Ciudad de México)" in prompt["text"]
    assert "<!date" not in prompt["text"] and "America/Mexico_City" not in json.dumps(prompt)


def test_the_app_home_shows_the_meeting_in_each_readers_zone(app_env: Env) -> None:
    body = rf.slackreq.event_callback(rf.slackreq.app_home_opened(OUTSIDER))
    assert rf.slackreq.post(app_env.events_url, body)[0] == 200
    [home] = app_env.fake.wait_for("views.publish")
    text = rf.block_text(home["view"])
    assert re.search(
        r"<!date\^\d+\^\{date_long_pretty\}, \{time\}\|jueves 24 de junio de 2021, 10:00 \(hora de la Ciudad de México\)>",
        text,
    )
    assert "America/Mexico_City" not in text


# -- 10. words ----------------------------------------------------------------------------------------------


def test_status_answers_name_groups_and_agencies_never_their_keys(app_env: Env) -> None:
    _report(app_env, OIM, 0, "en_riesgo", "Avance", "Obstáculo")
    for text in ("estado OIM", "estado vias-regulares", "estado", "estado retorno"):
        reply = json.dumps(app_env.command(text, ADMIN), ensure_ascii=False)
        assert not re.search(
            r"vias-regulares|en_riesgo|group-return|thematic-\d|grupo retorno|: oim\b", reply
        ), text


def test_an_example_button_runs_the_example_as_typed(blocked_retorno: Env) -> None:
    """The examples under a status answer are commands ("estado ACNUR"): a click runs them as /red would."""
    env = blocked_retorno
    url = env.fake.response_url("example")
    body = rf.slackreq.block_actions("ask_example_2", "estado ACNUR", user_id=RET[2], response_url=url)
    assert rf.slackreq.post(env.events_url, body)[0] == 200
    [answer] = env.fake.wait_for("response_url:example")
    assert answer["text"].startswith("Último estado: ACNUR") and "Falta la firma secreta" in answer["text"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("¿Estado de la prioridad temática 3?", "answer"),  # a question mark: always a question
        ("estado de la prioridad temática 3", "answer"),  # names no group, agency or report
        ("Report of the Secretary-General", "answer"),
        ("update?", "answer"),
        ("estado retorno", "status"),
        ("What is the risk of smuggling?", "answer"),  # "risk" is a topic here, not a status
        ("What is at risk?", "status"),
    ],
)
def test_command_words_that_start_a_question_get_an_answer(app_env: Env, text: str, kind: str) -> None:
    reply = app_env.command(text, RET[2])
    assert app_env.fake.calls_to("views.open") == []
    header = reply["blocks"][0]["text"]["text"]
    assert header.startswith(("Último estado", "Latest status")) is (kind == "status"), header


def test_slack_is_asked_again_soon_when_it_could_not_say_who_someone_is(
    app_env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.chat import people

    _report(app_env, ACNUR, 0, "bloqueado", "Convenio detenido", "Falta la firma secreta")
    app_env.fake.fail("users.info", 200, error="user_not_found")
    assert "Falta la firma secreta" not in json.dumps(app_env.command("estado", ADMIN))  # unknown: private
    monkeypatch.setattr(people, "UNKNOWN_TTL_SECONDS", 0)  # a minute later
    assert "Falta la firma secreta" in json.dumps(app_env.command("estado", ADMIN), ensure_ascii=False)
