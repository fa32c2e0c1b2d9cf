"""Questions of every kind the engine answers about the plan and the terms of reference, generated from the
loaded knowledge: every priority, activity, entity, objective, area and period, in Spanish and English, on
dates during and after the plan. Used by test_words.py as a regression net over the wording of answers.

Each question carries whether it is a dead end by construction (a number out of range, a period with no
deadline, nonsense), computed from the knowledge, never from the answer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.knowledge.snapshot import EntityInfo, Knowledge, PriorityInfo
from bot.time.dates import DateRange, month_range, quarter_range, year_range

ORDINAL_ES = {1: "primer", 2: "segundo", 3: "tercer", 4: "cuarto"}
MONTHS_ES = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()
MONTHS_EN = "January February March April May June July August September October November December".split()
# During the plan, at its very end, and long after it (today's date in the issue).
TODAYS = ("2021-04-15", "2022-06-15", "2022-12-31", "2023-01-01", "2026-11-30")


@dataclass(frozen=True)
class Question:
    text: str
    lang: str
    today: str | None = None
    dead_end: bool = False


def priority_phrases(p: PriorityInfo) -> list[tuple[str, str]]:
    if p.kind == "core":
        return [("es", f"la prioridad básica {p.number}"), ("en", f"core priority {p.number}")]
    if p.kind == "thematic":
        return [("es", f"la prioridad temática {p.number}"), ("en", f"thematic priority {p.number}")]
    return [("es", f"el grupo de {p.short_name_es.lower()}"), ("en", f"the {p.short_name_en.lower()} group")]


def _priority_questions(k: Knowledge) -> list[Question]:
    questions = []
    for p in k.priorities:
        for lang, name in priority_phrases(p):
            if lang == "es":
                texts = [f"¿Qué es {name}?", f"¿Quién lidera {name}?", f"¿Quiénes participan en {name}?",
                         f"¿Qué objetivos del Pacto aborda {name}?", f"¿Cuál es el cronograma de {name}?",
                         f"¿Qué está atrasado en {name}?"]  # fmt: skip
                activity = "¿Qué es la actividad {n} de " + name + "?"
            else:
                texts = [f"What is {name}?", f"Who leads {name}?", f"Who participates in {name}?",
                         f"Which objectives does {name} address?", f"What is the timeline of {name}?",
                         f"What is overdue in {name}?"]  # fmt: skip
                activity = "What is activity {n} of " + name + "?"
            questions += [Question(t, lang, today) for t in texts for today in (None, TODAYS[-1])]
            for n in range(1, len(p.activities) + 1):
                questions.append(Question(activity.format(n=n), lang))
            if p.activities:
                questions.append(Question(activity.format(n=len(p.activities) + 1), lang, dead_end=True))
    return questions


def entity_names(e: EntityInfo) -> list[tuple[str, str]]:
    names = [("es", e.short("es")), ("en", e.short("en")), ("es", e.named("es")), ("en", e.named("en"))]
    if e.acronym("es"):
        names.append(("es", e.name("es")))
    return list(dict.fromkeys(names))


def _entity_questions(k: Knowledge) -> list[Question]:
    questions = []
    for e in k.entities.values():
        for lang, name in entity_names(e):
            if lang == "es":
                texts = [f"¿Qué lidera {name}?", f"¿En qué participa {name}?", f"¿Qué significa {name}?",
                         f"¿Qué está atrasado para {name}?", f"¿Qué vence este trimestre para {name}?"]  # fmt: skip
            else:
                texts = [f"What does {name} lead?", f"Where does {name} participate?",
                         f"What does {name} stand for?", f"What is overdue for {name}?",
                         f"What is due this quarter for {name}?"]  # fmt: skip
            questions += [Question(t, lang, today) for t in texts for today in (TODAYS[0], TODAYS[-1])]
    return questions


def _reference_questions(k: Knowledge) -> list[Question]:
    questions = []
    for n in range(1, max(k.objectives, default=23) + 2):
        dead = n not in k.objectives
        questions += [
            Question(f"¿Qué dice el objetivo {n} del Pacto?", "es", dead_end=dead),
            Question(f"¿Qué prioridades abordan el objetivo {n}?", "es", dead_end=dead),
            Question(f"What does objective {n} say?", "en", dead_end=dead),
        ]
    for n in range(1, max(k.areas, default=5) + 2):
        dead = n not in k.areas
        questions += [
            Question(f"¿Qué prioridades corresponden a la esfera temática {n}?", "es", dead_end=dead),
            Question(f"What is thematic area {n}?", "en", dead_end=dead),
        ]
    fixed = [
        ("es", "esferas temáticas"), ("en", "thematic areas"), ("es", "¿Cuáles son las prioridades?"),
        ("en", "List the priorities"), ("es", "¿Quién es la Secretaría?"), ("en", "Who is the secretariat?"),
        ("es", "¿Cómo decide el Comité Ejecutivo?"), ("en", "How does the Executive Committee decide?"),
        ("es", "principios"), ("en", "principles"), ("es", "¿Cuáles son los objetivos de la Red?"),
        ("es", "¿Cuándo se estableció la Red?"), ("en", "When was the Network established?"),
        ("es", "¿Quiénes pueden ser miembros de la Red?"), ("es", "grupos de trabajo"),
        ("en", "working groups"), ("es", "cuestiones transversales"), ("en", "cross-cutting issues"),
        ("es", "¿Qué es el plan de trabajo?"), ("en", "What is the work plan?"), ("es", "la red"),
        ("es", "¿Cuándo es la próxima reunión trimestral?"), ("en", "When is the next meeting?"),
        ("es", "¿Cada cuánto se reúne la Red?"), ("en", "How often does the Network meet?"),
        ("es", "hola"), ("en", "help"), ("es", "vacunas"), ("en", "vaccines"),
        ("es", "¿Cuál es el plazo de la estrategia mundial de comunicaciones?"),
        ("en", "When is the Secretary-General's report due?"),
    ]  # fmt: skip
    questions += [Question(t, lang, today) for lang, t in fixed for today in (None, TODAYS[-1])]
    nonsense = [
        ("es", "asdfgh qwerty"),
        ("en", "zzzz qqqq"),
        ("es", "😀😀😀"),
        ("es", "¿Qué opinas del fútbol?"),
    ]
    questions += [Question(t, lang, dead_end=True) for lang, t in nonsense]
    return questions


def _has_deadline(k: Knowledge, span: DateRange) -> bool:
    return any(a.due and span.contains(a.due) for _, a in k.activities())


def _period_questions(k: Knowledge) -> list[Question]:
    questions = []
    for year in range(2020, 2028):
        for q in range(1, 5):
            dead = not _has_deadline(k, quarter_range(year, q))
            questions += [
                Question(f"¿Qué vence en el {ORDINAL_ES[q]} trimestre de {year}?", "es", dead_end=dead),
                Question(f"What is due in Q{q} {year}?", "en", dead_end=dead),
            ]
        dead = not _has_deadline(k, year_range(year))
        questions += [Question(f"¿Qué vence en {year}?", "es", dead_end=dead),
                      Question(f"What is due in {year}?", "en", dead_end=dead)]  # fmt: skip
    for year in range(2021, 2024):
        for m in range(1, 13):
            dead = not _has_deadline(k, month_range(year, m))
            questions += [
                Question(f"¿Qué vence en {MONTHS_ES[m - 1]} de {year}?", "es", dead_end=dead),
                Question(f"What is due in {MONTHS_EN[m - 1]} {year}?", "en", dead_end=dead),
            ]
    for day in [*sorted({a.due for _, a in k.activities() if a.due}), dt.date(2021, 6, 14)]:
        dead = not _has_deadline(k, DateRange(day, day))
        es_day = f"{day.day} de {MONTHS_ES[day.month - 1]} de {day.year}"
        en_day = f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
        questions += [
            Question(f"¿Qué vence el {es_day}?", "es", dead_end=dead),
            Question(f"What is due on {en_day}?", "en", dead_end=dead),
            Question(f"¿Qué vence antes del {es_day}?", "es"),
            Question(f"What is due by {en_day}?", "en"),
        ]
    questions += [Question("¿Qué vence el 31 de febrero de 2021?", "es", dead_end=True),
                  Question("What is due on February 30, 2021?", "en", dead_end=True)]  # fmt: skip
    first_day = min(a.due for _, a in k.activities() if a.due)
    before_all = f"{first_day.day - 1 or 1} de {MONTHS_ES[first_day.month - 1]} de {first_day.year}"
    questions += [
        Question(f"¿Qué vence antes del {before_all}?", "es", dead_end=True),
        Question("¿Qué vence en 2021-2022?", "es"),
        Question("What is due in 2021-2022?", "en"),
        Question("¿Qué vence en 2019-2020?", "es", dead_end=True),
    ]
    for p in k.priorities:
        for lang, name in priority_phrases(p):
            for year, q in ((2021, 2), (2022, 4), (2026, 4)):
                dead = not any(a.due and quarter_range(year, q).contains(a.due) for a in p.activities)
                text = (f"¿Qué vence en el {ORDINAL_ES[q]} trimestre de {year} en {name}?" if lang == "es"
                        else f"What is due in Q{q} {year} in {name}?")  # fmt: skip
                questions.append(Question(text, lang, dead_end=dead))
    relative = [
        ("es", "¿Qué vence este trimestre?"), ("en", "What is due this quarter?"),
        ("es", "¿Qué vence el próximo trimestre?"), ("en", "What is due next quarter?"),
        ("es", "¿Qué vence este mes?"), ("en", "What is due next month?"),
        ("es", "¿Qué vence el mes que viene?"), ("en", "What is due this year?"),
        ("es", "¿Qué venció el trimestre pasado?"), ("en", "What was due last quarter?"),
        ("es", "¿Qué vence esta semana?"), ("en", "What is due this week?"), ("es", "¿Qué vence la próxima semana?"),
        ("es", "¿Qué está atrasado?"), ("en", "What is overdue?"), ("es", "¿Qué actividades están vencidas?"),
        ("en", "What is late?"),
    ]  # fmt: skip
    first_due = min(a.due for _, a in k.activities() if a.due)
    for today in ("2020-06-01", *TODAYS):
        for lang, text in relative:
            questions.append(Question(text, lang, today))
    questions += [
        Question("¿Qué está atrasado?", "es", (first_due - dt.timedelta(days=30)).isoformat(), dead_end=True),
        Question("What is overdue?", "en", (first_due - dt.timedelta(days=30)).isoformat(), dead_end=True),
    ]
    return questions


def sweep_questions(k: Knowledge) -> list[Question]:
    return [*_priority_questions(k), *_entity_questions(k), *_reference_questions(k), *_period_questions(k)]


# --- what no answer may say -------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\w\((?:es|s|y/ies|ies|as|os|a|o|n)\)", re.IGNORECASE)
# Period and date labels glued into sentences that do not fit them ("vence en del 14 de junio").
GLUE = {
    "es": re.compile(
        r"\ben (?:del|al|hasta|desde)\b|\ben el \d|\ben \d{1,2} de \w+|\bde el\b|\ba el\b"
        r"|\b(el|la|los|las|de|en) \1\b"
    ),
    "en": re.compile(
        r"\bin (?:from|until|by|on|the the)\b|\bin (?:" + "|".join(MONTHS_EN) + r") \d{1,2}, \d{4}"
        r"|\bdue due\b|\b(the|a) \1\b",
        re.IGNORECASE,
    ),
}
SPANISH_TIME_WORDS = re.compile(
    r"\b(?:"
    + "|".join(MONTHS_ES)
    + r"|setiembre|trimestres?|a más tardar|etapas posteriores|continuación)\b",
    re.IGNORECASE,
)
SPAIN_ONLY = re.compile(r"\b(?:Prueba a|prueba a|vosotros|ordenador|vale,|coged|pulsad|escribid)\b")


def internal_keys(k: Knowledge) -> re.Pattern[str]:
    """Config keys people never see: priority keys (thematic-3) and entity ids (acnudh) when the id is not
    also how the entity is written (oxfam is written Oxfam; case matters)."""
    keys = {p.key for p in k.priorities}
    for e in k.entities.values():
        shown = {e.short("es"), e.short("en"), e.name("es"), e.name("en")}
        if e.key not in shown:
            keys.add(e.key)
    body = "|".join(sorted((re.escape(key) for key in keys), key=len, reverse=True))
    return re.compile(rf"(?<![\w/.-])(?:{body})(?![\w/-])")


def problems(text: str, lang: str, keys: re.Pattern[str]) -> list[str]:
    found = []
    for name, pattern in (("placeholder", PLACEHOLDER), ("glue", GLUE[lang]), ("internal key", keys),
                          ("Spain-only wording", SPAIN_ONLY)):  # fmt: skip
        found += [f"{name}: {m.group(0)!r}" for m in pattern.finditer(text)]
    if (
        lang == "en"
    ):  # the plan's own words may follow their English rendering, quoted: “primer trimestre ...”
        unquoted = re.sub(r"“[^”]*”", "", text)
        found += [f"Spanish in English: {m.group(0)!r}" for m in SPANISH_TIME_WORDS.finditer(unquoted)]
    return found
