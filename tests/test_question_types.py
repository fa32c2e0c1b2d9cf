"""Question types of issue 10 asked through the engine: how many, half-years, observers when there are
none, and what the documents do not say (the gap in the first line, the closest facts after it)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.questions.engine import Engine


def first_line(text: str) -> str:
    return text.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "lang", "title"),
    [
        ("¿Cuántas actividades tiene la prioridad temática 2?", None, "Prioridad temática 2: 2 actividades"),
        ("How many activities does thematic priority 1 have?", "en", "Thematic priority 1: 7 activities"),
        ("¿cuántas actividades tiene el grupo de retorno?", None,
         "Grupo de trabajo temático: Retorno y reintegración: 1 actividad"),
        ("How many principles does the Network follow?", "en", "The Network follows 8 working principles"),
        ("¿Cuántas prioridades tiene el plan?", None,
         "El plan de trabajo tiene 5 prioridades básicas, 7 prioridades temáticas y 3 grupos de trabajo temáticos"),
        ("¿Cuántos objetivos tiene el Pacto Mundial?", None, "El Pacto Mundial para la Migración tiene 23 objetivos"),
        ("How many activities does IFAD lead?", "en", "IFAD leads 3 activities of the work plan"),
    ],
)  # fmt: skip
def test_how_many_says_the_number_first(ask: Callable[..., str], question: str, lang: str | None,
                                        title: str) -> None:  # fmt: skip
    assert first_line(ask(question, lang)) == title


def test_a_count_lists_what_it_counted(ask: Callable[..., str]) -> None:
    text = ask("¿Cuántas actividades tiene la prioridad temática 2?")
    assert text.count("Actividad ") == 2


def test_a_half_year_is_its_six_months(ask: Callable[..., str]) -> None:
    text = ask("What was due in the first half of 2022?", "en", "2022-09-01")
    assert first_line(text) == "What was due in the first half of 2022 (January 1, 2022 to June 30, 2022)"
    assert "due December 31, 2022" not in text and "due June 30, 2022" in text


def test_observers_when_the_plan_names_none(ask: Callable[..., str]) -> None:
    assert "El plan de trabajo no nombra observadores para la prioridad temática 2." in ask(
        "¿Quiénes son los observadores de la prioridad temática 2?"
    )
    named = ask("Who are the observers of the detention group?", "en")
    assert "Global Detention Project" in named and "names no observers" not in named


@pytest.mark.parametrize(
    ("question", "lang", "line"),
    [
        ("¿Cuál es el correo electrónico de la Secretaría de la Red?", None,
         "Los documentos de la Red no indican datos de contacto (correo electrónico, teléfono, dirección o sitio "
         "web) de la Secretaría"),
        ("¿Quién es el punto focal de UNICEF?", None,
         "Los documentos de la Red no indican nombres de personas ni puntos focales del UNICEF"),
        ("How much funding does thematic priority 3 have?", "en",
         "The Network's documents do not give funding or a budget for thematic priority 3"),
    ],
)  # fmt: skip
def test_what_the_documents_do_not_say_comes_first(ask: Callable[..., str], question: str, lang: str | None,
                                                   line: str) -> None:  # fmt: skip
    text = ask(question, lang)
    assert first_line(text) == line and "@" not in text


def test_after_the_gap_come_the_closest_facts(ask: Callable[..., str]) -> None:
    text = ask("¿Cuál es el correo electrónico de la Secretaría de la Red?")
    assert (
        "Esto es lo más cercano que sí dicen" in text
        and "Organización Internacional para las Migraciones" in text
    )


def test_a_word_of_the_gap_is_not_corrected_into_another(loaded_engine: Engine) -> None:
    """Typo correction once turned "punto focal" into "junto local"."""
    answer = loaded_engine.ask("who is the focal point of IOM?", "en")
    assert answer.kind == "silence"


def test_activities_without_a_date(ask: Callable[..., str]) -> None:
    text = ask("Which activities have no timeline?", "en")
    assert first_line(text) == "4 activities have no date in the work plan"
    assert text.count("Core priority 4, activity") == 4
    assert first_line(ask("¿Qué actividades de la prioridad temática 2 no tienen fecha?")) != first_line(
        ask("¿Qué actividades no tienen fecha?")
    )


@pytest.mark.parametrize(
    "question",
    [
        "How does the plan address discrimination?",  # "address" the verb
        "¿Qué agencias, fondos y programas forman la Red?",  # the UN's "funds", not money
        "¿Quién tiene la dirección de la Red?",  # "dirección" as leadership
        "¿Qué actividad crea un espacio en la web?",
    ],
)
def test_words_of_a_gap_in_another_sense_are_not_a_gap(loaded_engine: Engine, question: str) -> None:
    assert loaded_engine.ask(question).kind != "silence"
