"""The weekly digest's content (issue 9): what it says, in which order, in both languages, for the
whole Network, one working group or one agency; quiet weeks, no reports, everything completed and a week of
200 changes within Slack's limits; `enlace digest` (in-process, tests/inprocess.py); `/red resumen` through
signed requests; and config/digests.yaml's mistakes.

retorno (summary_shows: details), detencion and vias-regulares (statuses) as in config/working-groups.yaml.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from bot.config_schema import ConfigError  # noqa: E402
from bot.configuration import read_configuration  # noqa: E402
from bot.digest.config import default_digest  # noqa: E402
from bot.digest.content import build_digest  # noqa: E402
from bot.digest.service import preview  # noqa: E402
from bot.knowledge.snapshot import current_knowledge  # noqa: E402
from bot.render.answer import Answer  # noqa: E402
from bot.render.blocks import fallback_text, render_blocks  # noqa: E402
from bot.render.i18n import Catalog  # noqa: E402
from bot.render.plain import render_text  # noqa: E402
from bot.reporting.labels import priority_label  # noqa: E402
from bot.reporting.silence import last_closed  # noqa: E402
from bot.time.clock import NETWORK_TIMEZONE  # noqa: E402
from storage import reporting as store  # noqa: E402
from storage.models import NetworkSetting  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests.conftest import CONFIG  # noqa: E402
from tests.fakeslack import _check_blocks  # noqa: E402
from tests.inprocess import enlace  # noqa: E402
from tests.reporting_fixtures import ADMIN, RET, VIA, Env, local  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]
CATALOG = Catalog.load(CONFIG / "messages.yaml")
AT = local(2021, 6, 8, 9)  # a Tuesday: retorno's first period is open, detencion's June one too
DET = "U0DET00001"


def activity_ids(session: Session, group: str) -> list[int]:
    found = store.group(session, group)
    assert found is not None
    return [a.id for a in store.followed_activities(session, found.follows)]


def report(session: Session, group: str, activity: int, author: str, status: str, when: dt.datetime,
           obstacles: str = "", period: str = "2021-06-07", agency: str | None = "oim") -> None:  # fmt: skip
    values: dict[str, object] = {
        "group_key": group, "period_key": period, "activity_id": activity, "author": author, "agency": agency,
        "status": status, "progress": "Avance", "obstacles": obstacles, "next_steps": "",
    }  # fmt: skip
    store.save_update(session, values, when)


def digest(session: Session, at: dt.datetime = AT, lang: str = "es", **config: Any) -> Answer:
    return build_digest(CATALOG, session, {**default_digest(), **config}, at, lang)


def headings(answer: Answer) -> list[str]:
    return [s.heading or "" for s in answer.sections]


def items_of(answer: Answer, starts: str) -> list[str]:
    section = next(s for s in answer.sections if (s.heading or "").startswith(starts))
    return [" / ".join((i.text, *i.details)) for i in section.items]


def seed_week(session: Session) -> None:
    ret, det, via = (activity_ids(session, g) for g in ("retorno", "detencion", "vias-regulares"))
    report(session, "vias-regulares", via[0], VIA[0], "en_curso", local(2021, 6, 7, 11))
    report(session, "retorno", ret[0], RET[0], "bloqueado", local(2021, 6, 7, 12), "Falta financiamiento")
    report(session, "detencion", det[0], DET, "en_riesgo", local(2021, 6, 7, 13), "Cambio de autoridades",
           period="2021-06")  # fmt: skip
    report(session, "retorno", ret[1], RET[1], "en_curso", local(2021, 5, 20, 12))  # before the week
    session.commit()


# -- content ----------------------------------------------------------------------------------------------


def test_most_urgent_first_each_item_naming_priority_activity_and_lead(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        seed_week(session)
        answer = digest(session)
    assert answer.title == "Resumen semanal de la Red · 8 de junio de 2021"
    names = headings(answer)
    order = ["Atrasadas", "Vencen en las próximas 4 semanas", "Cambios de estado", "Próxima reunión"]
    found = [next(i for i, h in enumerate(names) if h.startswith(o)) for o in order]
    assert found == sorted(found), names
    assert answer.sections[-1].text == (
        "Pulso: 3 informes recibidos esta semana · 0 actividades completadas este trimestre."
    )
    overdue = items_of(answer, "Atrasadas")
    assert overdue[0].startswith("Prioridad temática 1, actividad 1 · encabeza: OMS · ")
    assert "plazo: febrero de 2021" in overdue[0]  # the plan's own words
    returning = next(
        i for i in overdue if i.startswith("Grupo de trabajo temático: Retorno y reintegración, actividad 1")
    )
    assert "encabeza: ACNUDH, OIM, UNICEF" in returning and "último estado: bloqueado" in returning
    assert "plazo: primer trimestre de 2021" in returning
    assert any("plazo: segundo trimestre de 2021" in i for i in items_of(answer, "Vencen"))
    changes = items_of(answer, "Cambios de estado")
    assert [c.split(" · ")[0] for c in changes] == ["BLOQUEADO", "EN RIESGO", "EN CURSO"]
    assert "Obstáculos: Falta financiamiento" in changes[0]  # retorno: summary_shows details
    assert "Cambio de autoridades" not in changes[1]  # detencion shows only statuses in a channel
    assert "encabeza:" in changes[0] and "Grupo de trabajo sobre retorno y reintegración" in changes[0]
    assert "informó OIM" in changes[0] and "\x00@" not in changes[0]  # a channel post pings nobody


def test_the_same_digest_in_english(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        seed_week(session)
        answer = digest(session, lang="en")
    text = render_text(answer, CATALOG)
    assert answer.title == "Weekly Network digest · June 8, 2021"
    for heading in ("Overdue (not reported completed)", "Due in the next 4 weeks", "Status changes since"):
        assert heading in text
    assert "BLOCKED · " in text and "AT RISK · " in text and "lead: WHO · " in text
    assert "deadline: February 2021" in text and "deadline: first quarter of 2021" in text
    assert "Pulse: 3 reports received this week" in text
    assert "trimestre" not in text and "encabeza" not in text


def test_a_group_scoped_digest_sees_only_that_group(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        seed_week(session)
        answer = digest(session, scope={"kind": "groups", "groups": ["vias-regulares"]})
    assert answer.title.startswith("Resumen semanal: Grupo de trabajo sobre vías regulares")
    plan = [i for h in ("Atrasadas", "Vencen") if any(x.startswith(h) for x in headings(answer))
            for i in items_of(answer, h)]  # fmt: skip
    assert plan and all(i.startswith("Grupo de trabajo temático: Vías regulares") for i in plan), plan
    assert items_of(answer, "Cambios") == [items_of(answer, "Cambios")[0]]
    assert items_of(answer, "Cambios")[0].startswith("EN CURSO · Grupo de trabajo temático: Vías regulares")
    assert "1 informe recibido" in (answer.sections[-1].text or "")


def test_an_agency_scoped_digest_sees_only_that_agencys_activities(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        seed_week(session)
        answer = digest(session, scope={"kind": "agency", "agency": "oms"})
        k = current_knowledge(session)
    assert answer.title.startswith("Resumen semanal: OMS")
    text = render_text(answer, CATALOG)
    assert "Prioridad temática 1, actividad 1" in text
    assert "Vías regulares" not in text and "BLOQUEADO" not in text  # retorno's activity has no OMS role
    oms = {
        f"{priority_label(CATALOG, p, 'es')}, actividad {a.number} "
        for p, a in k.activities()
        if any(r.entity.key == "oms" for r in (*p.leads, *p.participants, *a.leads, *(a.participants or ())))
    }
    plan = [i for h in ("Atrasadas", "Vencen") if any(x.startswith(h) for x in headings(answer))
            for i in items_of(answer, h)]  # fmt: skip
    assert plan and all(any(i.startswith(label) for label in oms) for i in plan), plan


def test_a_digest_in_both_languages_previews_as_two(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        settings = session.get(NetworkSetting, "digests")
        assert settings is not None
        settings.value = {"digests": [{**default_digest("C0BOTH0001", "both")}]}
        session.commit()
        shown = preview(CATALOG, session, "C0BOTH0001", AT, None)
        assert preview(CATALOG, session, "C0NOWHERE1", AT, None) is None
    assert shown is not None and [a.lang for a in shown] == ["es", "en"]


def every_group_reported(session: Session, at: dt.datetime) -> None:
    """Each group reported in its last closed period, nine days before `at`: nothing new since."""
    for group in store.active_groups(session):
        period = last_closed(group, NETWORK_TIMEZONE, at)
        assert period is not None
        report(session, group.key, activity_ids(session, group.key)[0], "U0QUIET01", "en_curso",
               at - dt.timedelta(days=9), period=period.key)  # fmt: skip
    session.commit()


def test_a_quiet_week_is_short(sessions: sessionmaker[Session]) -> None:
    at = local(2023, 3, 6, 9)  # the plan is over; every group reported in its last period, a while ago
    with sessions() as session:
        every_group_reported(session, at)
        answer = digest(session, at)
    assert answer.title.endswith(": sin novedades")
    assert answer.sections[0].text and answer.sections[0].text.startswith("Sin novedades esta semana")
    assert "Siguen atrasadas" in render_text(answer, CATALOG)
    assert len(render_text(answer, CATALOG)) < 800


@pytest.mark.parametrize("at", [local(2023, 3, 6, 9), local(2022, 4, 11, 9)])
def test_an_old_window_is_not_news_every_week(sessions: sessionmaker[Session], at: dt.datetime) -> None:
    """Thematic priority 6, activity 1 is due in Q1 2021 and again in Q2 2022: in April 2022 its first
    window is long overdue and its second not yet due, so a week without news is still quiet."""
    with sessions() as session:
        every_group_reported(session, at)
        answer = digest(session, at)
    assert answer.title.endswith(": sin novedades"), render_text(answer, CATALOG)[:600]


def test_no_reports_at_all(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        answer = digest(session, local(2021, 7, 1, 9))
    text = render_text(answer, CATALOG)
    assert "Cambios de estado" not in text and "último estado" not in text
    assert "Pulso: 0 informes recibidos esta semana · 0 actividades completadas este trimestre." in text
    assert "Grupos que no informaron en su último periodo" in text


def test_everything_completed_leaves_nothing_overdue(sessions: sessionmaker[Session]) -> None:
    at = local(2021, 9, 6, 9)
    with sessions() as session:
        k = current_knowledge(session)
        for _, a in k.activities():
            report(session, "retorno", a.id, RET[0], "completado", local(2021, 9, 1, 10))
        session.commit()
        answer = digest(session, at)
    text = render_text(answer, CATALOG)
    assert "Atrasadas" not in text and "Vencen" not in text and "Siguen atrasadas" not in text
    assert f"{len(list(k.activities()))} actividades completadas este trimestre" in text


def test_two_hundred_changes_stay_within_slacks_limits(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        ret = activity_ids(session, "retorno")
        for n in range(200):
            report(session, "retorno", ret[n % len(ret)], f"U0MANY{n:04d}", ("bloqueado", "en_curso")[n % 2],
                   local(2021, 6, 7, 8) + dt.timedelta(minutes=n), "obstáculo " * 80)  # fmt: skip
        session.commit()
        answer = digest(session)
    changes = next(s for s in answer.sections if (s.heading or "").startswith("Cambios"))
    assert len(changes.items) <= 8 and changes.note == "… y 194 más: `/red estado`"
    assert all(i.text.startswith("BLOQUEADO") for i in changes.items)  # blocked first
    blocks = render_blocks(answer, CATALOG)
    assert (
        _check_blocks("chat.postMessage", {"blocks": blocks, "text": fallback_text(answer, CATALOG)}) is None
    )
    assert "Pulso: 200 informes recibidos esta semana" in render_text(answer, CATALOG)


# -- enlace digest -----------------------------------------------------------------------------------------


def test_enlace_digest_prints_the_channels_digest(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'enlace.sqlite3'}"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return enlace(*args, env=environment)  # in-process: the command, not the process, is the subject

    assert run("load").returncode == 0
    shown = run("digest", "--channel", "C0RED00001", "--at", "2021-06-08T09:00")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Resumen semanal de la Red · 8 de junio de 2021")
    assert "Atrasadas (no reportadas como completadas)" in shown.stdout and "Pulso:" in shown.stdout
    english = run("digest", "--channel", "C0RED00001", "--at", "2021-06-08T09:00-06:00", "--lang", "en")
    assert english.returncode == 0 and english.stdout.startswith("Weekly Network digest")
    unknown = run("digest", "--channel", "C0NOWHERE1")
    assert unknown.returncode == 2 and "C0NOWHERE1 has no digest" in unknown.stderr and not unknown.stdout


# -- /red resumen ------------------------------------------------------------------------------------------


@pytest.fixture
def env(app_env_any: Env) -> Env:
    with app_env_any.sessions() as session:
        seed_week(session)
    return app_env_any


def said(message: dict[str, Any]) -> str:
    return f"{message.get('text', '')}\n{rf.block_text(message)}"


def test_red_resumen_shows_the_digest_to_the_person_with_what_they_may_read(env: Env) -> None:
    mine = env.command("resumen", RET[0])
    assert mine["response_type"] == "ephemeral"
    text = said(mine)
    assert "Resumen semanal de la Red" in text and "BLOQUEADO" in text and "Falta financiamiento" in text
    assert "EN RIESGO" not in text and "EN CURSO ·" not in text  # other groups' reports are not theirs
    assert "Solo cuentan los informes de los grupos que puedes leer." in text
    assert f"<@{RET[0]}>" in text  # shown to one person, the reporter is named
    admin = said(env.command("resumen", ADMIN))
    assert "EN RIESGO" in admin and "Cambio de autoridades" in admin  # the secretariat reads every group


def test_red_resumen_is_scoped_to_a_group_or_an_agency(env: Env) -> None:
    group = said(env.command("resumen vías regulares", ADMIN))
    assert "Resumen semanal: Grupo de trabajo sobre vías regulares" in group and "BLOQUEADO" not in group
    assert "EN CURSO · Grupo de trabajo temático: Vías regulares" in group
    outsider = said(env.command("resumen vías regulares", RET[0]))  # the plan is public, the reports are not
    assert (
        "Grupo de trabajo temático: Vías regulares, actividad 1" in outsider and "EN CURSO ·" not in outsider
    )
    agency = said(env.command("digest WHO", ADMIN))
    assert (
        "Weekly digest: WHO" in agency and "Vías regulares" not in agency and "Regular pathways" not in agency
    )
    question = said(env.command("resumen de la prioridad temática 3", ADMIN))
    assert "Resumen semanal" not in question  # words that name no group or agency are a question


# -- config/digests.yaml -----------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "config"
    shutil.copytree(CONFIG, copy)
    return copy


def test_the_shipped_file_is_one_network_digest_in_spanish(folder: Path) -> None:
    assert read_configuration(folder).digests == {"digests": [default_digest()]}
    (folder / "digests.yaml").unlink()
    assert read_configuration(folder).digests == {"digests": [default_digest()]}


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("scope: {groups: [nadie]}", "unknown working group 'nadie'"),
        ("scope: {agency: nasa}", "unknown agency 'nasa'"),
        ("day: lunes", "'day' must be one of monday"),
        ('time: "9am"', "'time' must be HH:MM"),
        ("lang: fr", "'lang' must be one of es, en, both"),
        ("due_within: 0w", "'due_within' must be a span"),
        ("thread: sí", "'thread' must be true or false"),
        ("catch_up: 2w", "'catch_up' must be a span like '4w' or '2d' (at most 6 days)"),
        ("on_holiday: maybe", "'on_holiday' must be one of post, skip"),
        ("channel: general", "'channel' must be a Slack channel id"),
    ],
)
def test_a_bad_entry_names_the_file_the_entry_and_the_problem(folder: Path, entry: str, problem: str) -> None:
    key = entry.split(":")[0]
    lines = [line for line in (folder / "digests.yaml").read_text(encoding="utf-8").splitlines()
             if not line.strip().startswith(f"{key}:") and not line.strip().startswith(f"- {key}:")]  # fmt: skip
    text = "\n".join(lines) + "\n"
    if key == "channel":
        text = text.replace("digests:\n", f"digests:\n  - {entry}\n")
    else:
        text += f"    {entry}\n"
    (folder / "digests.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        read_configuration(folder)
    assert error.value.file.endswith("digests.yaml")
    assert error.value.entry.startswith("digests #1")
    assert problem in error.value.problem, error.value.problem
