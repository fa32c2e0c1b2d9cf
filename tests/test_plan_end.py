"""The work plan 2021-2022 ended on its last deadline: answers after that day say so once, nothing of the
plan falls due any more, and "overdue" means "not reported completed by the end of the plan", leaving out
the activities the working groups reported completed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.configuration import load_configuration, read_configuration
from bot.knowledge.deadlines import ALL
from bot.knowledge.snapshot import Knowledge
from bot.questions.answers import agenda
from bot.questions.engine import Engine
from bot.render.i18n import Catalog
from bot.render.plain import render_text
from bot.reporting.access import OPERATOR, Viewer
from bot.time.clock import FixedClock
from storage import reporting as store
from storage.models import Activity, Priority
from tests.conftest import CONFIG, NOON

ENDED_ES = "El plan de trabajo 2021-2022 terminó el 31 de diciembre de 2022."
ENDED_EN = "The 2021-2022 work plan ended on December 31, 2022."
AFTER = "2026-11-30"
# Every activity with a deadline is past it once the plan has ended. Counted in config/workplan-2021-2022.yaml:
# 59 activities, 55 of them with a `timeline` (core-4's activities 2 to 5 have none), and every timeline
# phrase there ends in 2022 at the latest.
PAST_DUE_AFTER_PLAN = 55


@pytest.fixture(scope="module")
def knowledge(loaded_engine: Engine) -> Knowledge:
    return loaded_engine.snapshot().knowledge


def past_due(k: Knowledge, day: dt.date) -> list[int]:
    """Ids of activities to report completed in a test; expected counts are written by hand, not from this."""
    return [a.id for _, a in k.activities() if any(d < day for d in a.deadlines)]  # any window passed


def test_the_plan_period_comes_from_its_timelines(knowledge: Knowledge) -> None:
    period = knowledge.plan_period
    assert period is not None
    assert (period.start, period.end) == (dt.date(2021, 1, 1), dt.date(2022, 12, 31))
    assert period.end == max(a.due for _, a in knowledge.activities() if a.due)


@pytest.mark.parametrize(
    ("question", "lang", "ended"),
    [
        ("¿Qué vence este trimestre?", "es", ENDED_ES),
        ("¿Qué vence el mes que viene?", "es", ENDED_ES),
        ("What is due next month?", "en", ENDED_EN),
        ("What is due this quarter?", "en", ENDED_EN),
        ("¿Qué vence en 2025?", "es", ENDED_ES),
    ],
)
def test_after_the_plan_nothing_is_due_because_it_ended(ask, question: str, lang: str, ended: str) -> None:
    answer = ask(question, today=AFTER)
    assert answer.count(ended) == 1, answer
    assert "•" not in answer.split("Intenta" if lang == "es" else "Try")[0]  # no activity listed
    past = (
        "¿Qué vencía en el cuarto trimestre de 2022?"
        if lang == "es"
        else "What was due in the fourth quarter of 2022?"
    )
    assert past in answer
    assert "31 de diciembre de 2022" in ask(past, today=AFTER) or "December 31, 2022" in ask(
        past, today=AFTER
    )


@pytest.mark.parametrize(("lang", "question"), [("es", "¿Qué está atrasado?"), ("en", "What is overdue?")])
def test_after_the_plan_overdue_is_what_was_not_reported_completed(ask, lang: str, question: str) -> None:
    answer = ask(question, today=AFTER)
    count = PAST_DUE_AFTER_PLAN
    if lang == "es":
        assert answer.startswith("No reportadas como completadas al terminar el plan\n")
        assert (
            f"{count} actividades llegaron a su plazo sin que un grupo de trabajo las reportara como completadas:"
            in answer
        )
        assert answer.count(ENDED_ES) == 1
    else:
        assert answer.startswith("Not reported completed by the end of the plan\n")
        assert (
            f"{count} activities reached their deadlines without a working group reporting them completed:"
            in answer
        )
        assert answer.count(ENDED_EN) == 1
    assert answer.count("•") == count


def test_on_the_plans_last_day_it_has_not_ended(ask) -> None:
    answer = ask("¿Qué está atrasado?", today="2022-12-31")
    assert answer.startswith("Atrasado al 31 de diciembre de 2022") and "terminó" not in answer
    assert "terminó" not in ask("¿Qué vence este trimestre?", today="2022-12-31")
    assert ENDED_ES in ask("¿Qué está atrasado?", today="2023-01-01")


def test_a_period_reaching_past_the_plan_says_when_it_ends(ask) -> None:
    answer = ask("¿Qué vence antes del 1 de enero de 2030?", today="2021-05-01")
    assert answer.count("El plan de trabajo 2021-2022 termina el 31 de diciembre de 2022.") == 1


def test_the_end_follows_the_data_not_a_fixed_date(catalog: Catalog, knowledge: Knowledge) -> None:
    """A plan whose last deadline is in 2021 ended on December 31, 2021: nothing about 2022 is written down."""
    shorter = [p for p in knowledge.priorities if all(a.due and a.due.year == 2021 for a in p.activities)]
    k = dataclasses.replace(knowledge, priorities=shorter)
    assert k.plan_period is not None and k.plan_period.end == dt.date(2021, 12, 31)
    answer = render_text(agenda.overdue(catalog, k, dt.date(2022, 3, 1), "es", ALL, frozenset()), catalog)
    assert "terminó el 31 de diciembre de 2021" in answer and "2022" not in answer.split("\n")[3]


def test_reported_completed_activities_are_left_out(catalog: Catalog, knowledge: Knowledge) -> None:
    day = dt.date(2023, 1, 1)
    ids = past_due(knowledge, day)
    done = frozenset(ids[:3])
    answer = render_text(agenda.overdue(catalog, knowledge, day, "es", ALL, done), catalog)
    assert f"{PAST_DUE_AFTER_PLAN - 3} actividades llegaron a su plazo" in answer
    assert (
        "3 actividades con el plazo vencido fueron reportadas como completadas y no aparecen aquí." in answer
    )
    assert answer.count("•") == PAST_DUE_AFTER_PLAN - 3
    first = frozenset(past_due(knowledge, dt.date(2021, 4, 15))[:1])
    during = render_text(agenda.overdue(catalog, knowledge, dt.date(2021, 4, 15), "en", ALL, first), catalog)
    assert "1 activity past its deadline was reported completed and is not listed." in during


def test_when_everything_past_due_was_completed_the_answer_says_so_and_what_next(
    catalog: Catalog, knowledge: Knowledge
) -> None:
    day = dt.date(2021, 4, 15)
    answer = agenda.overdue(catalog, knowledge, day, "es", ALL, frozenset(past_due(knowledge, day)))
    text = render_text(answer, catalog)
    assert (
        "Todas las actividades con el plazo vencido al 15 de abril de 2021 fueron reportadas como completadas."
        in text
    )
    assert answer.examples == (
        "¿Qué vence en el segundo trimestre de 2021?",
        "¿Qué vencía en el primer trimestre de 2021?",
    )


def _activity_id(session: Session, priority: str, number: int) -> int:
    query = select(Activity.id).join(Priority).where(Priority.key == priority, Activity.number == number)
    return int(session.scalars(query).one())


def test_the_engine_reads_completion_from_the_groups_reports(session_factory: sessionmaker[Session]) -> None:
    """status_updates decide: the latest report on an activity says "completado", it leaves the overdue list;
    a later report that reopens it brings it back."""
    with session_factory() as session, session.begin():
        load_configuration(session, read_configuration(CONFIG), NOON)
    engine = Engine(session_factory, Catalog.load(CONFIG / "messages.yaml"), FixedClock(NOON))
    after = dt.date(2023, 1, 1)

    def overdue(viewer: Viewer = OPERATOR) -> str:
        return render_text(engine.ask("¿Qué está atrasado?", None, after, viewer), engine.catalog)

    activity = "Finalizar la elaboración de herramientas y recursos"  # group-return, activity 1
    assert activity in overdue()
    with session_factory() as session, session.begin():
        values = {"group_key": "retorno", "period_key": "2022-12-05", "author": "U0RET00001", "agency": "oim",
                  "activity_id": _activity_id(session, "group-return", 1), "status": "completado",
                  "progress": "Herramientas publicadas"}  # fmt: skip
        store.save_update(session, values, dt.datetime(2022, 12, 5, 16, tzinfo=dt.UTC))
    assert activity not in overdue()
    assert "1 actividad con el plazo vencido fue reportada como completada" in overdue()
    assert activity not in overdue(Viewer("U0RET00003"))  # a member of the group that reported it
    assert activity in overdue(Viewer("U0VIA00001"))  # reports are private: to others it is not reported
    with session_factory() as session, session.begin():
        reopened = {
            **values,
            "author": "U0RET00002",
            "agency": "acnudh",
            "status": "en_curso",
            "progress": "Falta la guía",
        }
        store.save_update(session, reopened, dt.datetime(2022, 12, 6, 16, tzinfo=dt.UTC))
    assert activity in overdue()
