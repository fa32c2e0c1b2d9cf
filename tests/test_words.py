"""A regression net over the words of answers, not a list of sentences: thousands of questions generated
from the knowledge (every priority, activity, agency, objective, area and period, in Spanish and English,
during the plan, on its last day and years after it), and what no answer may say (tests/answer_sweep.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat.home import HomeMeeting, home_answer
from bot.questions.engine import Engine
from bot.render.answer import DEAD_ENDS, Answer
from bot.render.plain import render_text
from tests.answer_sweep import PLACEHOLDER, TODAYS, Question, internal_keys, problems, sweep_questions

Swept = list[tuple[Question, Answer, str]]


def _ask(engine: Engine, question: Question | str, lang: str, today: str | None) -> Answer:
    text = question.text if isinstance(question, Question) else question
    return engine.ask(text, lang, dt.date.fromisoformat(today) if today else None)


@pytest.fixture(scope="module")
def swept(loaded_engine: Engine) -> Swept:
    knowledge = loaded_engine.snapshot().knowledge
    result = []
    for q in sweep_questions(knowledge):
        answer = _ask(loaded_engine, q, q.lang, q.today)
        result.append((q, answer, render_text(answer, loaded_engine.catalog)))
    return result


def test_the_sweep_covers_every_kind_of_question(swept: Swept, loaded_engine: Engine) -> None:
    knowledge = loaded_engine.snapshot().knowledge
    texts = {q.text for q, _, _ in swept}
    assert len(swept) > 2500
    assert {q.lang for q, _, _ in swept} == {"es", "en"}
    assert all(f"¿Qué lidera {e.short('es')}?" in texts for e in knowledge.entities.values())
    assert sum(1 for q, _, _ in swept if q.dead_end) > 50
    assert any(a.title.startswith("What was due") for _, a, _ in swept)  # a past period, in English
    assert any(q.today == "2026-11-30" and "overdue" in q.text for q, _, _ in swept)


def test_no_answer_has_placeholders_glued_periods_internal_keys_or_spanish_in_english(
    swept: Swept, loaded_engine: Engine
) -> None:
    keys = internal_keys(loaded_engine.snapshot().knowledge)
    found = [(q.lang, q.today, q.text, p) for q, _, text in swept for p in problems(text, q.lang, keys)]
    assert not found, f"{len(found)} problems, the first: " + "\n".join(map(str, found[:15]))


def test_every_dead_end_says_what_to_do_next(swept: Swept) -> None:
    for q, answer, text in swept:
        if q.dead_end:
            assert answer.kind in DEAD_ENDS, (q, text)
        if answer.kind in DEAD_ENDS:
            assert answer.examples, (q, text)


def test_what_a_dead_end_suggests_finds_something(swept: Swept, loaded_engine: Engine) -> None:
    asked = 0
    for q, answer, _ in swept:
        if answer.kind not in DEAD_ENDS:
            continue
        for example in answer.examples:
            followed = _ask(loaded_engine, example, q.lang, q.today)
            asked += 1
            assert followed.kind not in DEAD_ENDS, (q, example, followed)
            assert followed.lang == q.lang, (q, example)
    assert asked > 100


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "Entidad(es) encargada(s): OIM"),
        ("es", "1 actividad(es) vencen en este periodo"),
        ("en", "3 activit(y/ies) due"),
        ("es", "Ninguna actividad del plan vence en del 14 de junio de 2021."),
        ("es", "Ninguna actividad del plan vence en 14 de junio de 2021."),
        ("en", "No activity of the plan is due in from June 14, 2021 to June 20, 2021."),
        ("en", "No activity of the plan is due in June 14, 2021."),
        ("en", "Timeline: segundo trimestre de 2021 · due June 30, 2021"),
        ("en", "Timeline: July 2021 a más tardar"),
        ("es", "Último estado: thematic-3"),
        ("es", "Encargadas: acnudh, OIM"),
        ("es", "Prueba a nombrar una prioridad"),
    ],
)
def test_the_net_catches_what_it_is_for(loaded_engine: Engine, lang: str, text: str) -> None:
    """Each kind of fault, written the way it used to appear, is caught: the net can fail."""
    assert problems(text, lang, internal_keys(loaded_engine.snapshot().knowledge))


def test_the_net_lets_correct_words_through(loaded_engine: Engine) -> None:
    keys = internal_keys(loaded_engine.snapshot().knowledge)
    for lang, text in [
        ("es", "Entidades encargadas: OIM, PNUD · Participan en la prioridad temática 3 (remesas)"),
        ("es", "2 actividades vencen el 30 de junio de 2021, del 1 al 15 de julio, en el segundo trimestre"),
        ("en", "Timeline: second quarter of 2021 · due June 30, 2021; activities in July 2021"),
        ("es", "Intenta, por ejemplo: ¿Qué lidera la OMS? Oxfam y ACNUDH participan."),
    ]:
        assert not problems(text, lang, keys), text
    assert not PLACEHOLDER.search("(en curso) (OIM) (2021)")


NO_MEETING = HomeMeeting(None)  # nothing scheduled: the Home says so


def test_no_app_home_has_them_either(loaded_engine: Engine) -> None:
    """Every agency's App Home (and the general one) in both languages, during the plan and after it."""
    knowledge, catalog = loaded_engine.snapshot().knowledge, loaded_engine.catalog
    keys = internal_keys(knowledge)
    found, homes = [], 0
    for agency in (None, *knowledge.entities):
        for today in TODAYS:
            for lang in ("es", "en"):
                answer = home_answer(
                    catalog, knowledge, dt.date.fromisoformat(today), lang, agency, frozenset(), NO_MEETING
                )
                found += [
                    (agency, today, lang, p) for p in problems(render_text(answer, catalog), lang, keys)
                ]
                homes += 1
    assert homes > 800
    assert not found, f"{len(found)} problems, the first: " + "\n".join(map(str, found[:15]))
