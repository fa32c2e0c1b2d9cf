"""Passages that answer when the router's reading is weak (bot/questions/retrieval.py): quoted with their
section and source, in the asker's language; the router keeps the questions it reads well."""

from __future__ import annotations

import subprocess
import sys

from bot.questions.engine import Engine
from bot.render.plain import render_text


def test_a_question_the_router_misses_is_answered_by_the_passage_that_contains_it(
    loaded_engine: Engine,
) -> None:
    answer = loaded_engine.ask("¿Qué fondo fiduciario menciona la Red?")
    text = render_text(answer, loaded_engine.catalog)
    assert answer.kind == "passage"
    assert answer.title.startswith("Lo que dicen los Términos de Referencia (3. Objetivos de la Red")
    assert "«Apoyar el diseño de propuestas" in text and "(MPTF)" in text
    assert "Términos de Referencia de la Red de las Naciones Unidas para la Migración en México" in text


def test_in_english_the_passage_is_quoted_in_english_with_the_spanish_original(loaded_engine: Engine) -> None:
    answer = loaded_engine.ask("Which trust fund does the Network mention?", "en")
    text = render_text(answer, loaded_engine.catalog)
    assert answer.kind == "passage" and "(MPTF)" in text
    assert "Original (Spanish): «Apoyar el diseño" in text


def test_what_the_router_reads_well_stays_with_the_router(loaded_engine: Engine) -> None:
    for question in ("¿Quién encabeza la prioridad básica 2.2?", "¿Qué vence en el segundo trimestre de 2021?",
                     "¿Cuántas actividades tiene la prioridad temática 2?", "¿Qué lidera la OMS?"):  # fmt: skip
        assert loaded_engine.ask(question).kind != "passage", question


def test_the_words_that_chose_a_topic_count_for_the_router(loaded_engine: Engine) -> None:
    """ "set up" chose "when the Network was established": a passage that merely contains "set" and "Mexico"
    does not take the question."""
    answer = loaded_engine.ask("When was the Network set up in Mexico?", "en")
    assert answer.kind != "passage" and "January 2021" in render_text(answer, loaded_engine.catalog)


def test_the_ranking_finds_a_passage_by_an_organisations_other_name(loaded_engine: Engine) -> None:
    index = loaded_engine.snapshot().passages
    hits = index.search("fondo fiduciario migración", also=("MPTF",))
    assert hits and "Fondo Fiduciario de Migración" in hits[0].passage.es and hits[0].coverage == 1.0
    assert index.search("zzz qqq") == []


def test_the_ranking_library_loads_only_when_a_question_needs_it() -> None:
    probe = "import sys, bot.questions.engine; print('bm25s' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_a_global_compact_objective_is_found_by_its_name(loaded_engine: Engine) -> None:
    answer = loaded_engine.ask("the objective on consular protection", "en")
    text = render_text(answer, loaded_engine.catalog)
    assert answer.kind == "passage" and answer.title == "Global Compact for Migration: Objective 14"
    assert "«14. " in text and "consular" in text.lower()


def test_an_acronym_question_stays_with_the_acronym_card(loaded_engine: Engine) -> None:
    answer = loaded_engine.ask("¿Qué significa UNITAR?")
    assert answer.kind != "passage" and "Instituto de las Naciones Unidas" in render_text(
        answer, loaded_engine.catalog
    )


def test_where_a_document_says_something_names_its_section(loaded_engine: Engine) -> None:
    answer = loaded_engine.ask(
        "¿En qué sección de los términos de referencia se habla de los grupos de trabajo?"
    )
    assert answer.title.startswith("Está en «4. Membresía y estructura")
    assert answer.title.endswith(
        "(Términos de Referencia de la Red de las Naciones Unidas para la Migración en México)"
    )
    where = loaded_engine.ask("Where do the terms of reference talk about the principle of agility?", "en")
    assert where.title.startswith("It is in “2. Working principles")


def test_where_an_organisation_takes_part_is_not_a_where_in_the_documents(loaded_engine: Engine) -> None:
    answer = loaded_engine.ask("Where does ACT Alliance take part?", "en")
    assert answer.kind != "passage" and not answer.title.startswith("It is in")
