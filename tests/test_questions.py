"""Questions of every kind, in both languages, generated from the loaded knowledge where possible.

Expected facts come from the knowledge the database holds (itself checked against the seeds in
test_fidelity.py), so a question kind is tested over every priority, agency, objective and quarter.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.snapshot import Knowledge, PriorityInfo
from bot.questions.engine import Engine
from bot.text import fold
from bot.time.dates import quarter_range


@pytest.fixture(scope="module")
def knowledge(loaded_engine: Engine) -> Knowledge:
    return loaded_engine.snapshot().knowledge


def has(answer: str, *needles: str) -> bool:
    return all(fold(n) in fold(answer) for n in needles)


def ways_to_name(p: PriorityInfo) -> list[tuple[str, str]]:
    """(lang, phrase) ways people name a priority."""
    if p.kind == "core":
        return [("es", f"la prioridad básica {p.number}"), ("es", f"prioridad basica {p.number}"),
                ("en", f"core priority {p.number}")]  # fmt: skip
    if p.kind == "thematic":
        return [("es", f"la prioridad temática {p.number}"), ("es", f"PT{p.number}"),
                ("es", f"prioridad tematica {p.number}"), ("en", f"thematic priority {p.number}")]  # fmt: skip
    return [("es", f"el grupo de {p.short_name_es.lower()}"), ("en", f"the {p.short_name_en.lower()} group")]


def all_priority_phrasings(k: Knowledge) -> list[tuple[str, str, str]]:
    return [(p.key, lang, phrase) for p in k.priorities for lang, phrase in ways_to_name(p)]


def test_who_leads_every_priority_in_every_phrasing(ask, knowledge: Knowledge) -> None:
    for key, lang, phrase in all_priority_phrasings(knowledge):
        p = knowledge.priority_by_key[key]
        question = f"¿Quién lidera {phrase}?" if lang == "es" else f"Who leads {phrase}?"
        answer = ask(question)
        leads = {r.entity.short(lang) for r in p.all_leads()}
        assert leads or has(answer, "no especifica" if lang == "es" else "not specify"), (question, answer)
        for lead in leads:
            assert has(answer, lead), (question, lead, answer)


def test_priority_overview_shows_every_activity_and_area(ask, knowledge: Knowledge) -> None:
    for key, lang, phrase in all_priority_phrasings(knowledge):
        p = knowledge.priority_by_key[key]
        answer = ask(f"¿Qué es {phrase}?" if lang == "es" else f"What is {phrase}?")
        for activity in p.activities:
            assert has(answer, activity.text(lang)), (phrase, activity.number)
        if p.thematic_area:
            assert has(answer, knowledge.areas[p.thematic_area].text(lang)), phrase


def test_participants_and_observers_of_every_priority(ask, knowledge: Knowledge) -> None:
    for p in knowledge.priorities:
        for lang, phrase in ways_to_name(p)[:1] + ways_to_name(p)[-1:]:
            answer = ask(
                f"¿Quiénes participan en {phrase}?" if lang == "es" else f"Who participates in {phrase}?"
            )
            for role in (*p.all_participants(), *p.observers):
                assert has(answer, role.entity.short(lang)), (phrase, role.entity.key)


def test_gcm_objectives_of_every_priority(ask, knowledge: Knowledge) -> None:
    for p in knowledge.priorities:
        _lang, phrase = ways_to_name(p)[0]
        answer = ask(f"¿Qué objetivos del Pacto aborda {phrase}?")
        for number in p.gcm_numbers:
            assert has(answer, knowledge.objectives[number].es), (phrase, number)
        if p.gcm_scope == "todos":
            assert has(answer, "todos")
        if p.gcm_scope == "transversal":
            assert has(answer, "transversal")


def entities_with_roles(k: Knowledge) -> list[str]:
    keys = {r.entity.key for p in k.priorities for r in (*p.all_leads(), *p.all_participants(), *p.observers)}
    return sorted(keys)


def test_what_each_agency_leads_and_where_it_takes_part(ask, knowledge: Knowledge) -> None:
    for key in entities_with_roles(knowledge):
        entity = knowledge.entities[key]
        for lang in ("es", "en"):
            label = entity.short(lang)
            led = [p for p in knowledge.priorities if any(r.entity.key == key for r in p.all_leads())]
            answer = ask(f"¿Qué lidera {label}?" if lang == "es" else f"What does {label} lead?", lang)
            for p in led:
                assert has(answer, p.title(lang)), (label, p.key, answer)
            if not led:
                assert has(answer, "no lidera" if lang == "es" else "leads no"), (label, answer)
            part = [p for p in knowledge.priorities
                    if any(r.entity.key == key for r in (*p.all_participants(), *p.observers))]  # fmt: skip
            answer = ask(
                f"¿En qué participa {label}?" if lang == "es" else f"Where does {label} take part?", lang
            )
            for p in part:
                assert has(answer, p.title(lang)), (label, p.key, answer)


def test_what_leads_keeps_to_leads(ask) -> None:
    answer = ask("¿Qué lidera la OMS?")
    assert has(answer, "covid") and not has(answer, "remesas")


def test_acronyms_in_both_languages(ask, knowledge: Knowledge) -> None:
    for entity in knowledge.entities.values():
        for lang, acronym in (("es", entity.acronym_es), ("en", entity.acronym_en)):
            if not acronym:
                continue
            question = f"¿Qué significa {acronym}?" if lang == "es" else f"What does {acronym} stand for?"
            answer = ask(question)
            assert has(answer, entity.name(lang)), (question, answer)


@pytest.mark.parametrize("number", range(1, 24))
def test_every_gcm_objective(ask, knowledge: Knowledge, number: int) -> None:
    es = ask(f"¿Qué dice el objetivo {number} del Pacto?")
    en = ask(f"What does objective {number} of the Global Compact say?")
    assert has(es, knowledge.objectives[number].es)
    assert has(en, knowledge.objectives[number].en)
    for p in knowledge.priorities:
        if number in p.gcm_numbers:
            assert has(es, p.title_es) and has(en, p.title_en)


def test_objective_out_of_range_is_explained(ask) -> None:
    assert has(ask("objetivo 24 del pacto"), "23 objetivos")


@pytest.mark.parametrize("number", range(1, 6))
def test_every_thematic_area(ask, knowledge: Knowledge, number: int) -> None:
    answer = ask(f"¿Qué prioridades corresponden a la esfera temática {number}?")
    assert has(answer, knowledge.areas[number].es)
    for p in knowledge.priorities:
        if p.thematic_area == number:
            assert has(answer, p.title_es)
    assert has(ask(f"What is thematic area {number}?"), knowledge.areas[number].en)


QUARTERS = [(year, q) for year in (2021, 2022) for q in (1, 2, 3, 4)]
ORDINAL_ES = {1: "primer", 2: "segundo", 3: "tercer", 4: "cuarto"}


@pytest.mark.parametrize(("year", "quarter"), QUARTERS)
def test_due_in_each_quarter(ask, knowledge: Knowledge, year: int, quarter: int) -> None:
    span = quarter_range(year, quarter)
    # Each window of an activity is a deadline of its own (issue 10), not only its last date.
    due = [(p, a) for p, a in knowledge.activities() if a.deadlines_in(span)]
    for question in (
        f"¿Qué vence en el {ORDINAL_ES[quarter]} trimestre de {year}?",
        f"What is due in Q{quarter} {year}?",
    ):
        answer = ask(question)
        if not due:
            assert has(answer, "ninguna" if "vence" in question else "no activity"), question
        for p, a in due:
            lang = "es" if "vence" in question else "en"
            assert has(answer, a.text(lang)[:60]), (question, p.key, a.number)
        undue = [a for _, a in knowledge.activities() if a.deadlines and not a.deadlines_in(span)]
        for a in undue:
            assert not has(answer, a.text("es")[:80]) or any(a.text_es[:80] == b.text_es[:80] for _, b in due)


def test_relative_periods_follow_today(ask) -> None:
    assert has(ask("¿Qué vence este trimestre?", today="2021-05-10"), "segundo trimestre de 2021")
    assert has(ask("What is due next quarter?", today="2021-05-10"), "third quarter of 2021")
    assert has(ask("What is due next month?", today="2021-12-10"), "January 2022")
    assert has(ask("¿Qué vence el mes que viene?", today="2021-06-02"), "julio de 2021", "detencion")


@pytest.mark.parametrize("today", ["2021-03-01", "2021-04-15", "2021-08-01", "2022-01-15", "2023-01-01"])
def test_overdue_lists_exactly_what_is_past_due(ask, knowledge: Knowledge, today: str) -> None:
    day = dt.date.fromisoformat(today)
    answer = ask("¿Qué está atrasado?", today=today)
    past = [a for _, a in knowledge.activities() if any(d < day for d in a.deadlines)]
    assert has(answer, f"{len(past)} actividad") if past else has(answer, "ninguna")
    for a in past:
        assert has(answer, a.text_es[:60])


def test_overdue_for_an_agency_only_lists_its_activities(ask) -> None:
    answer = ask("What is overdue for WHO?", today="2021-04-15")
    assert has(answer, "vaccines") and not has(answer, "return")


def test_deadline_of_an_activity_found_by_its_words(ask, knowledge: Knowledge) -> None:
    found = 0
    dated = [(p, a) for p, a in knowledge.activities() if a.timeline]
    for _p, a in dated:
        words = " ".join(a.text_es.split()[:7])
        answer = ask(f"¿Cuál es el plazo de «{words}»?")
        found += has(answer, a.timeline[0])
    # Several activities share their opening words (thematic 6 and 7); nearly all must be found.
    assert found >= 0.9 * len(dated), f"{found} of {len(dated)}"


def test_deadline_questions_from_the_sample_kinds(ask) -> None:
    assert has(
        ask("¿Cuál es el plazo de la estrategia mundial de comunicaciones?"), "segundo trimestre de 2021"
    )
    assert has(ask("When is the Secretary-General's report due?"), "March 31, 2022")
    assert has(ask("¿Cuándo vence la declaración sobre vacunas?"), "febrero de 2021")


def test_activity_by_number(ask) -> None:
    answer = ask("¿Quién participa en la actividad 1 de la prioridad temática 1?")
    assert has(answer, "todos los miembros del Comite Ejecutivo", "OMS")
    assert has(ask("actividad 9 de la prioridad temática 2"), "no hay actividad 9")


def test_where_the_seed_says_nothing_the_answer_says_so(ask) -> None:
    for question in ("¿Quién lidera la prioridad temática 7?", "¿Quién lidera la prioridad básica 3?"):
        assert has(ask(question), "no especifica")
    assert has(ask("Who leads core priority 4?"), "does not specify")


@pytest.mark.parametrize(
    ("question", "needles"),
    [
        ("¿Quién es la Secretaría de la Red en México?", ["Organización Internacional para las Migraciones"]),
        ("Who is the Network's secretariat?", ["International Organization for Migration"]),
        ("¿Cómo decide el Comité Ejecutivo?", ["consens", "Coordinador Residente"]),
        ("Who sits on the Executive Committee?", ["Resident Coordinator", "consensus"]),
        ("¿Cuáles son los principios de la Red?", ["Responsabilidad", "Agilidad"]),
        ("What are the Network's principles?", ["Accountability", "Agility"]),
        ("¿Cuáles son los objetivos de la Red?", ["plan de implementación nacional"]),
        ("¿Cuándo se estableció la Red en México?", ["enero de 2021"]),
        ("When was the network established?", ["January 2021"]),
        ("¿Cada cuánto se reúne la Red?", ["trimestral", "último jueves"]),
        ("How often does the network meet?", ["quarterly", "last Thursday"]),
        ("¿A quién reportan los grupos de trabajo?", ["Comité Ejecutivo", "Secretaría Técnica", "minutas"]),
        (
            "¿Quién puede participar en los grupos de trabajo?",
            ["academia", "Comisión Nacional de los Derechos Humanos"],
        ),
        ("¿Qué es el Marco de Cooperación?", ["2020-2025"]),
        ("¿México es país campeón?", ["países campeones"]),
        ("¿Cuál es el nivel de participación?", ["Representantes Adjuntos"]),
        ("¿Qué es la Red?", ["enero de 2021", "Organización Internacional para las Migraciones"]),
        ("cuestiones transversales", ["racismo", "género"]),
        ("¿Qué significa PMM?", ["Pacto Mundial para la Migración Segura, Ordenada y Regular"]),
        ("fecha del plan de trabajo", ["28 de abril de 2021"]),
        ("¿Qué prioridades hay?", ["Prioridad básica 2.2", "Prioridad temática 7", "vías regulares"]),
    ],
)
def test_terms_of_reference_and_plan_facts(ask, question: str, needles: list[str]) -> None:
    answer = ask(question)
    for needle in needles:
        assert has(answer, needle), (question, needle, answer)


@pytest.mark.parametrize(
    ("today", "expected_es", "expected_en"),
    [
        ("2021-10-05", "30 de diciembre de 2021", "December 30, 2021"),
        ("2021-12-30", "30 de diciembre de 2021", "December 30, 2021"),
        ("2021-12-31", "31 de marzo de 2022", "March 31, 2022"),
        ("2022-04-01", "30 de junio de 2022", "June 30, 2022"),
    ],
)
def test_next_quarterly_meeting(ask, today: str, expected_es: str, expected_en: str) -> None:
    assert has(ask("¿Cuándo es la próxima reunión trimestral?", today=today), expected_es, "jueves")
    assert has(ask("When is the next quarterly meeting?", today=today), expected_en, "Thursday")


@pytest.mark.parametrize(
    "question",
    [
        "¿quien lidra la priordad tematica 5?",
        "QUIEN LIDERA LA PRIORIDAD TEMATICA 5",
        "quien lidera pt5",
        "lideres prioridad tematica 5",
        "who is in charge of thematic priority 5",
        "UNDOC",
    ],
)
def test_typos_accents_and_case(ask, question: str) -> None:
    assert has(ask(question), "UNODC")


@pytest.mark.parametrize(
    ("question", "english", "spanish"),
    [
        ("Who leads thematic priority 3?", "Lead", "Encargada"),
        ("¿Quién lidera la prioridad temática 3?", "Encargada", "Lead(s)"),
    ],
)
def test_answers_in_the_question_language(ask, question: str, english: str, spanish: str) -> None:
    answer = ask(question)
    assert has(answer, english) and not has(answer, spanish)


def test_explicit_language_wins(ask) -> None:
    assert has(ask("¿Quién lidera la prioridad temática 3?", lang="en"), "Thematic priority 3")


def test_free_text_search_is_the_fallback(ask) -> None:
    assert has(ask("vacunas"), "vacunación")
    assert has(ask("talleres informativos"), "Organizar talleres informativos")


@pytest.mark.parametrize("question", ["hola", "ayuda", "help", "", "   "])
def test_help_shows_examples(ask, question: str) -> None:
    answer = ask(question)
    assert has(answer, "¿Quién lidera la prioridad temática 5?") or has(
        answer, "Who leads core priority 2.1?"
    )


@pytest.mark.parametrize(
    "question",
    [
        "asdfgh qwerty",
        "'; DROP TABLE entities; --",
        "😀😀😀",
        "x" * 20_000,
        "\x00\x01\x1b[31mrojo",
        "<!channel>",
    ],
)
def test_nonsense_gets_a_friendly_answer_with_examples(ask, question: str) -> None:
    answer = ask(question)
    assert has(answer, "No entendí") and has(answer, "¿Quién lidera la prioridad temática 5?")


def test_a_date_that_does_not_exist(ask) -> None:
    assert has(ask("¿Qué vence el 31 de febrero de 2021?"), "31 de febrero", "no es una fecha")
    assert has(ask("What is due on February 30, 2021?"), "not a calendar date")


@pytest.mark.parametrize(
    ("question", "today", "sentence"),
    [
        ("¿Qué vence el 14 de junio de 2021?", "2021-04-15", "Ninguna actividad del plan vence el 14 de junio de 2021."),
        ("What is due on June 14, 2021?", "2021-04-15", "No activity of the plan is due on June 14, 2021."),
        ("¿Qué vence antes del 1 de marzo de 2021?", "2021-01-15", "1 actividad vence a más tardar el 1 de marzo de 2021:"),
        ("What is due by March 1, 2021?", "2021-01-15", "1 activity is due by March 1, 2021:"),
        ("¿Qué vence en julio de 2021?", "2021-04-15", "actividades vencen en julio de 2021, por fecha:"),
        ("¿Qué vence en el segundo trimestre de 2021?", "2022-01-10", "actividades vencían en el segundo trimestre de 2021"),
        ("What is due in Q2 2021?", "2022-01-10", "activities were due in the second quarter of 2021, by date:"),
        ("¿Qué vence en 2021?", "2021-04-15", "actividades vencen en 2021, por fecha:"),
        ("¿Qué vence esta semana?", "2021-06-14", "vence del 14 de junio de 2021 al 20 de junio de 2021"),
        ("What is due this week?", "2021-06-14", "due from June 14, 2021 to June 20, 2021"),
    ],
)  # fmt: skip
def test_a_period_reads_right_in_its_sentence(ask, question: str, today: str, sentence: str) -> None:
    """Each kind of period brings its own preposition and the verb agrees with the count and the tense."""
    assert sentence in ask(question, today=today)


def test_lead_labels_agree_with_the_number_of_leads(ask, knowledge: Knowledge) -> None:
    """ "Entidad encargada" for one lead, "Entidades encargadas" for several: never "Entidad(es)"."""
    for p in knowledge.priorities:
        (_, name), (_, name_en) = ways_to_name(p)[0], ways_to_name(p)[-1]
        for a in p.activities:
            leads = a.leads or p.leads
            if not leads:
                continue
            answer = ask(f"¿Qué es la actividad {a.number} de {name}?".replace(" de el ", " del "))
            assert ("Entidad encargada:" in answer, "Entidades encargadas:" in answer) == (
                len(leads) == 1,
                len(leads) > 1,
            ), (p.key, a.number, answer)
            answer = ask(f"What is activity {a.number} of {name_en}?")
            assert ("Lead entity:" in answer, "Lead entities:" in answer) == (len(leads) == 1, len(leads) > 1)
    assert "Encargada: OMS" in ask("¿Qué vence en febrero de 2021?")
    assert "Lead entities: IOM, UNDP" in ask("Who leads core priority 2.1?")


def test_english_answers_say_the_timeline_in_english(ask) -> None:
    answer = ask("What is due in July 2021?")
    assert "Timeline: July 2021 at the latest (continuing through the third and fourth quarters)" in answer
    assert "julio" not in answer and "trimestre" not in answer
    assert "Cronograma: julio de 2021 a más tardar" in ask(
        "¿Qué vence en julio de 2021?"
    )  # the plan's own words


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("¿Qué lidera OMS?", "Qué lidera la OMS"),
        ("¿Qué lidera ACNUR?", "Qué lidera el ACNUR"),
        ("¿En qué participa la OIM?", "Dónde participa la OIM"),
        ("¿Qué lidera PNUD?", "Qué lidera el PNUD"),
        ("¿Qué lidera ONU Mujeres?", "Qué lidera ONU-Mujeres"),
        ("What does WHO lead?", "What WHO leads"),
        ("What does the RCO lead?", "What the Resident Coordinator's Office leads"),  # no seed writes RCO
    ],
)
def test_agency_names_take_the_article_their_language_needs(ask, question: str, title: str) -> None:
    assert ask(question).splitlines()[0] == title


def test_every_spanish_article_reads_in_titles_and_sentences(ask, knowledge: Knowledge) -> None:
    for e in knowledge.entities.values():
        answer = ask(f"¿Qué lidera {e.short('es')}?", lang="es")
        if not answer.startswith("Qué lider"):
            continue  # the name is also a priority's alias ("ODS"): answered about the priority
        named = f"{e.article_es} {e.short('es')}" if e.article_es else e.short("es")
        verb = "lideran" if e.article_es in ("los", "las") else "lidera"
        assert answer.splitlines()[0] == f"Qué {verb} {named}", (e.key, answer)
        assert f" {named} no {verb} " in answer or "Según" not in answer, (e.key, answer)
