"""Two or three questions in one message are each answered (bot/questions/several.py)."""

from __future__ import annotations

from bot.questions.engine import Engine
from bot.questions.several import split_questions
from bot.render.plain import render_text


def test_each_question_gets_its_part(loaded_engine: Engine) -> None:
    answer = loaded_engine.ask(
        "¿Quién encabeza la prioridad temática 5? ¿Cuántas actividades tiene la prioridad temática 2?"
    )
    text = render_text(answer, loaded_engine.catalog)
    assert answer.title == "Tus 2 preguntas"
    assert text.index("1. ") < text.index("UNODC") < text.index("2. Prioridad temática 2: 2 actividades")


def test_in_english_too(loaded_engine: Engine) -> None:
    answer = loaded_engine.ask(
        "Who leads thematic priority 3? When is activity 1 of thematic priority 1 due?"
    )
    text = render_text(answer, loaded_engine.catalog)
    assert answer.title == "Your 2 questions" and "IFAD" in text and "February 2021" in text


def test_a_greeting_or_a_fourth_question_leaves_the_message_whole() -> None:
    assert split_questions("Hola, ¿cómo están? ¿Quién lidera la prioridad temática 5?") == [
        "Hola, ¿cómo están?",
        "¿Quién lidera la prioridad temática 5?",
    ]
    four = "¿Uno? ¿Dos? ¿Tres? ¿Cuatro?"
    assert split_questions(four) == [four]
    assert split_questions("¿Quién lidera la prioridad temática 5") == [
        "¿Quién lidera la prioridad temática 5"
    ]


def test_a_part_that_is_not_a_question_about_the_network_leaves_the_message_whole(
    loaded_engine: Engine,
) -> None:
    answer = loaded_engine.ask("Hola, ¿cómo están? ¿Quién lidera la prioridad temática 5?")
    assert answer.kind != "several" and "UNODC" in render_text(answer, loaded_engine.catalog)
