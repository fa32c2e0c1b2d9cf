"""The agenda and the minutes of issue 8, through signed requests, the real Bolt app and the loopback Slack:
people's items (added, removed only by their author or an admin, kept across a restart), what Enlace adds
on its own (most urgent first, only what the reader may see), the minutes modal, minutes posted once in
every channel that follows the meeting (even when Slack fails on one), `/red minutas`, and questions.

retorno (summary_shows: details) and vias-regulares / detencion (statuses) as in config/working-groups.yaml.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from slack_bolt.adapter.wsgi import SlackRequestHandler  # noqa: E402
from sqlalchemy import delete  # noqa: E402

from bot.meetings.agenda import agenda_sections  # noqa: E402
from bot.render.answer import Answer  # noqa: E402
from bot.render.blocks import fallback_text  # noqa: E402
from bot.render.i18n import Catalog  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from handlers.app import create_app  # noqa: E402
from handlers.clock_process import retry  # noqa: E402
from storage import meetings as meetings_store  # noqa: E402
from storage.models import Meeting  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests import slackreq  # noqa: E402
from tests.inprocess import enlace  # noqa: E402
from tests.loopback import serve_wsgi  # noqa: E402
from tests.reporting_fixtures import ADMIN, OUTSIDER, RET, VIA, Env, local, metadata, state  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]
ROOT = Path(__file__).resolve().parents[1]
NETWORK = "C0RED00001"
GROUP_CHANNELS = {"C0RETORNO1", "C0DETENC01", "C0VIAS0001"}
_n = iter(range(10_000))


def add_meeting(env: Env, uid: str, starts: dt.datetime, kind: str = "quarterly", channel: str = NETWORK,
                title: tuple[str, str] = ("Reunión trimestral de la Red", "Network quarterly meeting"),
                series: str | None = None) -> int:  # fmt: skip
    starts = starts.astimezone(dt.UTC)  # stored in UTC, as the calendar's writers do (SQLite keeps no offset)
    with env.sessions() as session, session.begin():
        now = local(2021, 5, 1)
        row = meetings_store.add_meeting(session, Meeting(
            uid=uid, series=series, kind=kind, title_es=title[0], title_en=title[1], starts_at=starts,
            duration_minutes=120, channel=channel, place="", status="scheduled", sequence=0,
            created_at=now, updated_at=now,
        ))  # fmt: skip
        return row.id


def no_meetings(env: Env) -> None:
    """Whatever the load materialised: these tests name their own meetings."""
    from storage.models import AgendaItem, Minutes

    with env.sessions() as session, session.begin():
        session.execute(delete(AgendaItem))
        session.execute(delete(Minutes))
        session.execute(delete(Meeting))


def command(
    env: Env, text: str, user: str, channel: str = "C0CHAN1", url: str | None = None
) -> dict[str, Any]:
    """A signed `/red <text>` typed in `channel`; what the app posted to the response_url."""
    name = f"ag{next(_n)}"
    body = slackreq.slash_command(
        text, user_id=user, channel_id=channel, response_url=env.fake.response_url(name)
    )
    status, _, answer = slackreq.post(url or env.events_url, body)
    assert (status, answer) == (200, ""), (status, answer)
    return env.fake.wait_for(f"response_url:{name}")[0]


def said(message: dict[str, Any]) -> str:
    return f"{message.get('text', '')}\n{rf.block_text(message)}"


def report(env: Env, user: str, group: str, activity: int, status: str, progress: str, obstacles: str,
           period: str) -> None:  # fmt: skip
    values = state(env.activities(group)[activity], status, progress, obstacles)
    assert env.submit(values, user, metadata(group, period, user)) == (200, "")


@pytest.fixture
def env(app_env: Env) -> Env:
    no_meetings(app_env)
    return app_env


@pytest.fixture
def env_any(app_env_any: Env) -> Env:
    """SQLite and PostgreSQL."""
    no_meetings(app_env_any)
    return app_env_any


# -- people's items --------------------------------------------------------------------------------------


def test_agenda_items_are_added_and_removed_by_their_author_or_an_admin(env: Env) -> None:
    add_meeting(env, "quarterly:2021-06", local(2021, 6, 24, 10))

    added = said(command(env, "agenda agregar   Revisar\x07 la estrategia\tde comunicación  ", RET[0]))
    assert "punto 1" in added and "Reunión trimestral de la Red" in added
    assert "Escribe el punto después de «agregar»" in said(command(env, "agenda add", RET[1]))  # empty
    assert "punto 2" in said(command(env, "agenda agregar Informe del grupo de vías regulares", VIA[0]))
    assert "punto 3" in said(command(env, "agenda agregar " + "x" * 500, VIA[1]))

    refused = said(command(env, "agenda quitar 1", VIA[0]))
    assert "Solo quien propuso el punto 1" in refused
    assert "no tiene punto 9" in said(command(env, "agenda quitar 9", RET[0]))
    assert "Quitado el punto 2" in said(command(env, "agenda quitar 2", ADMIN))  # an admin may
    assert "Quitado el punto 1" in said(command(env, "agenda remove 1", RET[0]))  # its author may

    shown = said(command(env, "agenda", OUTSIDER))
    assert "Agenda: Reunión trimestral de la Red" in shown
    assert "1. " + "x" * 299 + "…" in shown and "x" * 300 not in shown  # capped
    assert "Revisar la estrategia" not in shown and "Informe del grupo" not in shown
    assert f"<@{VIA[1]}>" in shown


def test_an_agenda_item_survives_a_restart(env: Env) -> None:
    add_meeting(env, "quarterly:2021-06", local(2021, 6, 24, 10))
    command(env, "agenda agregar Plan de trabajo 2022", RET[0])

    app = create_app(env.settings, clock=FixedClock(local(2021, 6, 9, 9)))  # a new process, same database
    with serve_wsgi(SlackRequestHandler(app, path="/slack/events")) as base_url:
        shown = said(command(env, "agenda", RET[1], url=f"{base_url}/slack/events"))
    assert f"1. Plan de trabajo 2022 (<@{RET[0]}>)" in shown


def test_the_agenda_is_the_next_meeting_of_the_channel_else_the_networks(env: Env) -> None:
    assert "No hay ninguna reunión programada" in said(command(env, "agenda", RET[0]))
    assert "No hay ninguna reunión" in said(command(env, "agenda agregar algo", RET[0]))
    add_meeting(env, "quarterly:2021-06", local(2021, 6, 24, 10))
    add_meeting(env, "vias:1", local(2021, 6, 15, 16), kind="group", channel="C0VIAS0001",
                title=("Reunión de vías regulares", "Regular pathways meeting"))  # fmt: skip
    add_meeting(env, "old", local(2021, 5, 20, 10), kind="group", channel="C0VIAS0001",
                title=("Reunión pasada", "Past meeting"))  # fmt: skip

    assert "Agenda: Reunión de vías regulares" in said(command(env, "agenda", VIA[0], channel="C0VIAS0001"))
    assert "Agenda: Reunión trimestral de la Red" in said(command(env, "agenda", VIA[0], channel="C0OTHER01"))
    command(env, "agenda agregar Convocatoria de becas", VIA[0], channel="C0VIAS0001")
    with env.sessions() as session:
        [vias] = [m for m in meetings_store.upcoming(session, local(2021, 6, 8), 5) if m.uid == "vias:1"]
        assert [i.text for i in meetings_store.agenda_items(session, vias)] == ["Convocatoria de becas"]
    named = said(command(env, "agenda trimestral", VIA[0], channel="C0VIAS0001"))  # another meeting, by name
    assert "Agenda: Reunión trimestral de la Red" in named


# -- what Enlace knows -----------------------------------------------------------------------------------


def _reports(env: Env) -> None:
    env.tick(local(2021, 6, 7, 10))
    report(env, RET[3], "retorno", 0, "bloqueado", "Convenio detenido", "Falta la firma de la cancillería",
           "2021-06-07")  # fmt: skip
    env.clock.instant = local(2021, 6, 15, 9)
    report(env, VIA[0], "vias-regulares", 0, "en_riesgo", "Retraso en la convocatoria", "Sin presupuesto aprobado",
           "2021-06-14")  # fmt: skip
    report(env, VIA[1], "vias-regulares", 1, "en_curso", "Avanza", "", "2021-06-14")


def _sections_text(env: Env, lang: str) -> str:
    """The agenda as a reminder posts it in a channel (no reader: each group's summary_shows decides)."""
    c = Catalog.load(ROOT / "config" / "messages.yaml")
    with env.sessions() as session:
        meeting = meetings_store.upcoming(session, env.clock.instant, 1)[0]
        sections = agenda_sections(c, session, meeting, lang, env.clock.instant)
        return fallback_text(Answer(lang, "Agenda", tuple(sections)), c)


def test_what_enlace_knows_comes_most_urgent_first_and_only_from_groups_the_reader_may_read(
    env_any: Env,
) -> None:
    env = env_any
    add_meeting(env, "quarterly:2021-06", local(2021, 6, 24, 10))
    add_meeting(env, "quarterly:2021-09", local(2021, 9, 30, 10))
    _reports(env)
    env.clock.instant = local(2021, 6, 22, 9)  # retorno's 06-07 period closed; its 06-21 one is open

    admin = said(command(env, "agenda", ADMIN))
    order = [admin.index(h) for h in ("Bloqueadas o en riesgo", "Atrasadas", "Vencen antes de la siguiente reunión",
                                      "Grupos que no informaron")]  # fmt: skip
    assert order == sorted(order), admin
    assert admin.index("BLOQUEADO") < admin.index("EN RIESGO")
    assert "Falta la firma de la cancillería" in admin and "Sin presupuesto aprobado" in admin
    assert "30 de septiembre de 2021" in admin  # due before the following meeting
    # detencion's June period: nobody reported, but its prompts had expired before the first tick (06-07)
    assert "Grupo de trabajo sobre alternativas a la detención" in admin
    assert (
        "la detención · periodo del 1 de junio de 2021 al 8 de junio de 2021 (Enlace no envió los avisos"
        in admin
    )

    fake = env.fake
    fake.set_user(RET[2], is_restricted=True)  # a guest in retorno: retorno's reports only
    guest = said(command(env, "agenda", RET[2]))
    assert "Falta la firma de la cancillería" in guest
    assert "Sin presupuesto aprobado" not in guest and "EN RIESGO" not in guest
    assert "Solo cuentan los informes de los grupos que puedes leer" in guest
    outsider = said(command(env, "agenda", OUTSIDER))
    assert "BLOQUEADO" not in outsider and "cancillería" not in outsider and "presupuesto" not in outsider
    assert "Atrasadas" in outsider  # the plan is public

    channel = _sections_text(env, "es")  # posted in a channel: each group's summary_shows decides
    assert "BLOQUEADO" in channel and "Falta la firma de la cancillería" in channel  # retorno: details
    assert "EN RIESGO" in channel and "Sin presupuesto aprobado" not in channel  # vias-regulares: statuses
    english = _sections_text(env, "en")
    assert "Blocked or at risk" in english and "BLOCKED" in english


def test_each_list_is_capped_with_where_to_see_the_rest(env: Env) -> None:
    from storage import reporting as reporting_store

    add_meeting(env, "quarterly:2021-06", local(2021, 6, 24, 10))
    env.clock.instant = local(2021, 6, 15, 9)
    blocked = [("retorno", RET[0], "2021-06-07"), ("vias-regulares", VIA[0], "2021-06-14"),
               ("detencion", "U0DET00001", "2021-06-01")]  # fmt: skip
    with env.sessions() as session, session.begin():
        for group, user, period in blocked:
            for activity in env.activities(group):
                values = {"group_key": group, "period_key": period, "activity_id": int(activity), "author": user,
                          "agency": None, "status": "bloqueado", "progress": "Detenida", "obstacles": "Sin firma",
                          "next_steps": ""}  # fmt: skip
                reporting_store.save_update(session, values, local(2021, 6, 14, 12))
    total = sum(len(env.activities(g)) for g, _, _ in blocked)
    shown = said(command(env, "agenda", ADMIN))
    urgent = shown.split("Bloqueadas o en riesgo", 1)[1].split("\n\n", 1)[0]
    assert total > 5 and urgent.count("BLOQUEADO") == 5
    assert f"y {total - 5} más: `/red estado`" in urgent

    add_meeting(env, "quarterly:2022-12", local(2022, 12, 15, 10))
    env.clock.instant = local(2022, 12, 1, 9)  # the plan is over: many activities overdue
    shown = said(command(env, "agenda", ADMIN))
    overdue = shown.split("Atrasadas", 1)[1].split("\n\n", 1)[0]
    assert overdue.count("•") == 5 and "más: pregunta «¿Qué está atrasado?»" in overdue
    assert "Vencen en los próximos tres meses (hasta el 15 de marzo de 2023)" not in shown  # the plan is over


# -- minutes ---------------------------------------------------------------------------------------------


def _open_minutes(env: Env, user: str) -> dict[str, Any]:
    before = len(env.fake.calls_to("views.open"))
    body = slackreq.slash_command("minuta", user_id=user, response_url=env.fake.response_url(f"m{next(_n)}"))
    assert slackreq.post(env.events_url, body)[0] == 200
    return dict(env.fake.wait_for("views.open", before + 1)[before]["view"])


def minutes_values(meeting: str | None, link: str | None = None, text: str | None = None,
                   decisions: str | None = None) -> dict[str, Any]:  # fmt: skip
    option = None if meeting is None else {"text": {"type": "plain_text", "text": "x"}, "value": meeting}

    def typed(value: str | None) -> dict[str, Any]:
        return {"value": {"type": "plain_text_input", "value": value}}

    return {"meeting": {"value": {"type": "static_select", "selected_option": option}},
            "link": typed(link), "text": typed(text), "decisions": typed(decisions)}  # fmt: skip


def submit_minutes(env: Env, values: dict[str, Any], user: str, lang: str = "es") -> tuple[int, str]:
    body = slackreq.view_submission("meeting_minutes", values, user_id=user, private_metadata=lang)
    status, _, text = slackreq.post(env.events_url, body)
    return status, text


def test_the_minutes_modal_offers_recent_meetings_first_and_needs_a_link_or_a_text(env: Env) -> None:
    assert "Todavía no hay reuniones pasadas" in said(command(env, "minuta", RET[0]))
    march = add_meeting(env, "quarterly:2021-03", local(2021, 3, 25, 10))
    may = add_meeting(env, "ec:2021-05", local(2021, 5, 27, 10), kind="committee", channel="C0COMITE1",
                      title=("Comité Ejecutivo", "Executive Committee"))  # fmt: skip
    add_meeting(env, "quarterly:2021-06", local(2021, 6, 24, 10))  # not held yet

    view = _open_minutes(env, RET[0])
    [select] = [b["element"] for b in view["blocks"] if b["block_id"] == "meeting"]
    assert [o["value"] for o in select["options"]] == [str(may), str(march)]

    body = slackreq.slash_command(
        "minuta trimestral", user_id=RET[0], response_url=env.fake.response_url("mt")
    )
    assert slackreq.post(env.events_url, body)[0] == 200  # a meeting named: chosen already
    named = env.fake.wait_for("views.open", 2)[1]["view"]
    [chosen] = [
        b["element"]["initial_option"]["value"] for b in named["blocks"] if b["block_id"] == "meeting"
    ]
    assert chosen == str(march)

    status, text = submit_minutes(env, minutes_values(str(may)), RET[0])
    assert status == 200 and '"response_action":"errors"' in text.replace(" ", "") and "link" in text
    status, text = submit_minutes(env, minutes_values(str(may), link="docs.example.org/minuta"), RET[0])
    assert "https://" in text
    status, text = submit_minutes(env, minutes_values(None, text="Algo"), RET[0])
    assert "meeting" in text
    with env.sessions() as session:
        [june] = [m.id for m in meetings_store.upcoming(session, local(2021, 6, 8), 5)]
    assert "meeting" in submit_minutes(env, minutes_values(str(june), text="Aún no"), RET[0])[1]  # not held
    with env.sessions() as session:
        assert meetings_store.minutes_of(session) == []


def test_minutes_reach_every_follower_channel_once_even_when_slack_fails_on_one(env_any: Env) -> None:
    env = env_any
    meeting = add_meeting(env, "quarterly:2021-06", local(2021, 6, 24, 10))
    env.clock.instant = local(2021, 6, 25, 9)
    env.fake.fail("chat.postMessage", status=200, error="channel_not_found")  # the first channel refuses

    values = minutes_values(str(meeting), link="https://docs.example.org/minuta-junio",
                            text="Se revisó el plan.", decisions="Aprobar el plan 2022\n\n  Nueva reunión en julio \x07\n")  # fmt: skip
    assert submit_minutes(env, values, RET[0]) == (200, "")
    expected = {NETWORK} | GROUP_CHANNELS
    keys = {f"minutes:1:{c}" for c in expected}
    deliveries = env.deliveries()
    assert keys <= set(deliveries)
    env.fake.wait_for("chat.postMessage", len(expected) + 1, timeout=10)  # + the failure notice to admins

    def posted() -> dict[str, int]:
        """The minutes each channel holds (what Slack accepted)."""
        counts = {
            c: sum(str(m.get("text", "")).startswith("Minuta: ") for m in env.fake.messages(c))
            for c in expected
        }
        return {c: n for c, n in counts.items() if n}

    failed = [k for k in keys if env.deliveries()[k].status == "failed"]
    assert len(failed) == 1
    assert posted() == {c: 1 for c in expected if f"minutes:1:{c}" not in failed}

    [notice] = env.fake.messages(f"D{ADMIN}")  # the secretariat hears of it, with what to do
    assert "la minuta" in said(notice) and failed[0] in said(notice)
    retry(env.settings, failed)  # an admin resends: now it goes
    assert posted() == {c: 1 for c in expected}
    env.tick(local(2021, 6, 25, 10))
    env.tick(local(2021, 6, 26, 10))  # re-ticks: nothing twice
    assert posted() == {c: 1 for c in expected}
    [one] = [
        p for p in rf.ok_posts(env.fake) if p["channel"] == "C0VIAS0001" and p["text"].startswith("Minuta")
    ]
    text = said(one)
    assert "Aprobar el plan 2022" in text and "Nueva reunión en julio" in text and "2 acuerdos" in text
    assert "https://docs.example.org/minuta-junio" in text


def test_followers_are_the_meeting_channel_the_groups_and_the_series_followers(env: Env) -> None:
    from bot.meetings.minutes import followers

    add_meeting(env, "quarterly:2021-06", local(2021, 6, 24, 10))
    add_meeting(env, "ec:2021-06", local(2021, 6, 10, 10), kind="committee", channel="C0COMITE1",
                series="committee")  # fmt: skip
    add_meeting(env, "adhoc:1", local(2021, 6, 11, 10), kind="ad_hoc", channel="C0RETORNO1")
    with env.sessions() as session, session.begin():
        from storage.models import NetworkSetting

        row = session.get(NetworkSetting, "meetings")
        value = {"series": {"committee": {"followed_by": ["retorno", "vias-regulares", "gone"]}}}
        if row is None:
            session.add(NetworkSetting(name="meetings", value=value))
        else:
            row.value = value
    with env.sessions() as session:
        by_uid = {m.uid: m for m in meetings_store.between(session, local(2021, 1, 1), local(2022, 1, 1))}
        assert followers(session, by_uid["quarterly:2021-06"]) == [
            NETWORK,
            "C0DETENC01",
            "C0RETORNO1",
            "C0VIAS0001",
        ]
        assert followers(session, by_uid["ec:2021-06"]) == ["C0COMITE1", "C0RETORNO1", "C0VIAS0001"]
        assert followers(session, by_uid["adhoc:1"]) == ["C0RETORNO1"]


def test_minutas_lists_past_minutes_latest_first_and_minuta_with_words_is_a_question(env: Env) -> None:
    assert "Todavía no hay minutas" in said(command(env, "minutas", RET[0]))
    march = add_meeting(env, "quarterly:2021-03", local(2021, 3, 25, 10))
    may = add_meeting(env, "ec:2021-05", local(2021, 5, 27, 10), kind="committee", channel="C0COMITE1",
                      title=("Comité Ejecutivo", "Executive Committee"))  # fmt: skip
    assert submit_minutes(
        env, minutes_values(str(march), text="Minuta de marzo", decisions="Uno\nDos"), ADMIN
    ) == (200, "")
    assert submit_minutes(env, minutes_values(str(may), link="https://x.example/acta"), ADMIN) == (200, "")
    listed = said(command(env, "minutas", RET[0]))
    assert listed.index("Comité Ejecutivo") < listed.index("Reunión trimestral de la Red")
    assert "https://x.example/acta" in listed and "2 acuerdos" in listed and "0 acuerdos" in listed
    answer = said(command(env, "minuta de la última reunión", RET[0]))
    assert "Minuta: Comité Ejecutivo" in answer and "https://x.example/acta" in answer


# -- questions -------------------------------------------------------------------------------------------


def test_minutes_and_agenda_questions_in_both_languages_in_slack_and_enlace_ask(env: Env) -> None:
    june = add_meeting(env, "quarterly:2021-06", local(2021, 6, 24, 10))
    add_meeting(env, "quarterly:2021-09", local(2021, 9, 30, 10))
    env.clock.instant = local(2021, 7, 1, 9)
    assert submit_minutes(env, minutes_values(str(june), link="https://docs.example.org/junio",
                                              decisions="Aprobar el plan de comunicación"), ADMIN) == (200, "")  # fmt: skip
    command(env, "agenda agregar Presupuesto 2022", RET[0])

    es = said(command(env, "¿dónde está la minuta de la última reunión?", OUTSIDER))
    assert "https://docs.example.org/junio" in es and "Minuta: Reunión trimestral de la Red" in es
    en = said(command(env, "what was agreed at the June meeting?", OUTSIDER))
    assert "Aprobar el plan de comunicación" in en and "Minutes: Network quarterly meeting" in en
    assert "1 decision" in en
    agenda_es = said(command(env, "¿Qué hay en la agenda?", OUTSIDER))
    assert "Agenda: Reunión trimestral de la Red" in agenda_es and "Presupuesto 2022" in agenda_es
    agenda_en = said(command(env, "What's on the agenda?", OUTSIDER))
    assert "Agenda: Network quarterly meeting" in agenda_en and "Nobody has proposed" not in agenda_en

    def ask(*words: str, today: str = "2021-07-01") -> str:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
        environment["DATABASE_URL"] = env.settings.database_url
        result = enlace("ask", "--today", today, "--", *words, env=environment)
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "https://docs.example.org/junio" in ask(
        "¿dónde", "está", "la", "minuta", "de", "la", "última", "reunión?"
    )
    assert "Aprobar el plan de comunicación" in ask("what", "was", "agreed", "at", "the", "June", "meeting?")
    assert "Aprobar el plan de comunicación" in ask(
        "what was agreed at the June meeting?", today="2022-03-01"
    )
    public = ask("¿Qué", "hay", "en", "la", "agenda?")
    assert "Presupuesto 2022" in public


def test_minutes_slack_could_not_take_are_sent_by_the_clock_once(env: Env, fast_retries: None) -> None:
    meeting = add_meeting(env, "adhoc:vias", local(2021, 6, 4, 16), kind="ad_hoc", channel="C0VIAS0001",
                          title=("Vías regulares: becas", "Regular pathways: scholarships"))  # fmt: skip
    env.fake.fail("chat.postMessage", status=200, error="fatal_error", times=4)  # passing: retried later
    assert submit_minutes(env, minutes_values(str(meeting), text="Se acordó la convocatoria."), VIA[0]) == (
        200,
        "",
    )
    key = "minutes:1:C0VIAS0001"
    env.fake.wait_for("chat.postMessage", 4)
    for _ in range(100):  # the handler records the outcome after Slack's last answer
        if env.deliveries()[key].status == "retrying":
            break
        time.sleep(0.05)
    assert env.deliveries()[key].status == "retrying"
    assert env.fake.messages("C0VIAS0001") == []
    env.tick(local(2021, 6, 8, 12))  # the clock, later
    env.tick(local(2021, 6, 8, 13))
    [posted] = env.fake.messages("C0VIAS0001")
    assert "Se acordó la convocatoria." in said(posted) and env.deliveries()[key].status == "sent"


def test_an_overdue_activity_reported_completed_leaves_the_agenda(env: Env) -> None:
    add_meeting(env, "quarterly:2021-06", local(2021, 6, 24, 10))
    env.tick(local(2021, 6, 7, 10))
    before = said(command(env, "agenda", ADMIN))
    # The return group's first activity (thematic 6.1's first window falls due that day too).
    returns = "vencía el 31 de marzo de 2021: Finalizar la elaboración de herramientas"
    assert returns in before
    report(env, RET[0], "retorno", 0, "completado", "Terminado", "", "2021-06-07")
    after = said(command(env, "agenda", ADMIN))
    assert returns not in after
    assert returns in said(command(env, "agenda", OUTSIDER))  # who may not read it


def test_a_mention_shows_the_agenda_of_its_channels_next_meeting_privately(env: Env) -> None:
    add_meeting(env, "quarterly:2021-06", local(2021, 6, 24, 10))
    add_meeting(env, "vias:1", local(2021, 6, 15, 16), kind="group", channel="C0VIAS0001",
                title=("Reunión de vías regulares", "Regular pathways meeting"))  # fmt: skip
    env.mention("agenda", VIA[0], channel="C0VIAS0001")
    [shown] = env.fake.wait_for("chat.postEphemeral")
    assert shown["channel"] == "C0VIAS0001" and shown["user"] == VIA[0]
    assert "Agenda: Reunión de vías regulares" in said(shown)
    assert not [m for m in env.fake.messages("C0VIAS0001") if "Agenda" in str(m.get("text"))]


def test_an_agenda_question_in_a_channel_keeps_report_details_to_whoever_asked(env: Env) -> None:
    add_meeting(env, "quarterly:2021-06", local(2021, 6, 24, 10))
    _reports(env)
    env.mention("¿Qué hay en la agenda?", RET[0], channel="C0CHAN1")  # a member of retorno
    [shown] = env.fake.wait_for("chat.postEphemeral")
    assert shown["user"] == RET[0] and "Falta la firma de la cancillería" in said(shown)
    assert not [m for m in env.fake.messages("C0CHAN1") if "cancillería" in said(m)]
    before = len(env.fake.calls_to("chat.postMessage"))
    env.mention("¿Qué hay en la agenda?", OUTSIDER, channel="C0CHAN1")  # nothing private: in the thread
    [public] = [
        p for p in env.fake.wait_for("chat.postMessage", before + 1)[before:] if p["channel"] == "C0CHAN1"
    ]
    assert "Agenda: Reunión trimestral de la Red" in said(public) and "cancillería" not in said(public)


def test_the_app_home_agenda_shows_only_what_its_reader_may_read(env: Env) -> None:
    add_meeting(env, "quarterly:2021-06", local(2021, 6, 24, 10))
    _reports(env)

    def home(user: str, count: int) -> str:
        assert (
            slackreq.post(env.events_url, slackreq.event_callback(slackreq.app_home_opened(user)))[0] == 200
        )
        view = env.fake.wait_for("views.publish", count)[-1]
        return rf.block_text(view["view"])

    assert "Falta la firma de la cancillería" in home(RET[0], 1)  # retorno's member
    outsider = home(OUTSIDER, 2)
    assert "Reunión trimestral de la Red" in outsider
    assert "cancillería" not in outsider and "presupuesto" not in outsider and "BLOQUEADO" not in outsider


def _set_series(env: Env, series: dict[str, Any]) -> None:
    from sqlalchemy.orm.attributes import flag_modified

    from storage.models import NetworkSetting

    with env.sessions() as session, session.begin():
        row = session.get(NetworkSetting, "meetings")
        if row is None:
            session.add(NetworkSetting(name="meetings", value={"series": series}))
        else:
            row.value = {**row.value, "series": series}
            flag_modified(row, "value")


def test_a_series_that_keeps_its_agenda_to_statuses_posts_no_obstacles(env: Env) -> None:
    add_meeting(env, "quarterly:2021-06", local(2021, 6, 24, 10), series="quarterly")
    _reports(env)
    _set_series(env, {"quarterly": {"agenda_shows": "statuses"}})
    channel = _sections_text(env, "es")
    assert "BLOQUEADO" in channel and "cancillería" not in channel  # even retorno (summary_shows: details)
    assert "cancillería" in said(command(env, "agenda", RET[0]))  # a member asking still sees it
    _set_series(env, {"quarterly": {"agenda_shows": "details"}})
    channel = _sections_text(env, "es")
    assert "cancillería" in channel and "Sin presupuesto aprobado" not in channel  # each group's own choice
