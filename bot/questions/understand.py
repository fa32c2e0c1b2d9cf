"""Reading a question: its language, what it names (priorities, entities, objectives, areas, periods,
dates) and what it asks (intents). Works on folded text after typo correction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.knowledge.lexicon import GENERIC, STOPWORDS, Lexicon, key_tokens, stem
from bot.knowledge.snapshot import Knowledge
from bot.text import clean_input, fold
from bot.time.periods import MONTHS, QUARTER_ORDINALS, Period, find_period
from bot.time.typed_dates import TypedDate, find_day

INTENTS: dict[str, str] = {
    "where": r"en que (?:seccion|parte|apartado|capitulo)|en (?:cual|que) documento|"
    r"donde (?:dice|dicen|se dice|se habla|habla|hablan|menciona|mencionan|aparece|aparecen|se menciona)|"
    r"where (?:do|does) (?:the )?(?:terms of reference|work ?plan|plan|documents?|tor) (?:say|talk|mention|speak)|"
    r"where (?:is|are) (?:it|that|this|they) (?:said|written|mentioned)|where can i (?:find|read)|"
    r"in which (?:section|part|document)|which (?:section|part)",
    "undated": r"sin (?:fecha|plazo|cronograma)s?|no tienen? (?:fecha|plazo|cronograma)s?|"
    r"(?:have|has|with) no (?:dates?|deadlines?|timelines?)|without (?:a )?(?:dates?|deadlines?|timelines?)|undated",
    "count": r"cuant[oa]s|how many|numero de|number of|cantidad de|total de",
    "help": r"ayuda|help|hola|hello|hi|hey|buen[oa]s(?: dias| tardes| noches)?|good (?:morning|afternoon)|"
    r"que (?:puedes|sabes) hacer|what can you do|como funciona|ejemplos?|examples?|comandos?|commands?|menu",
    "lead": r"lider\w*|encabez\w*|encargad\w*|responsables?|a cargo|coordin(?:a|an|ar)|dirige\w*|lead\w*|"
    r"in charge|responsible|runs?|heads?",
    "participate": r"particip\w*|integra\w*|miembros?|members?|involved|involucrad\w*|colabora\w*|"
    r"forman parte|part of|quienes estan|who is in",
    "observe": r"observador\w*|observer\w*",
    "deadline": r"plazos?|fechas? (?:limite|de entrega|de vencimiento)|cuando|deadlines?|due dates?|when|by when|"
    r"cronogramas?|timelines?|calendario|fechas?|dates?",
    "due": r"vence\w*|vencia\w*|vencio|vencieron|vencimient\w*|due|pendientes?|toca|entrega\w*|deliver\w*|termina\w*|upcoming|por hacer|"
    r"to do|planned|previst\w*|programad\w*|scheduled",
    "overdue": r"atrasad\w*|retrasad\w*|vencid\w*|overdue|late|behind|past due|incumplid\w*|no se cumpli\w*|"
    r"missed|expired|rezagad\w*",
    "objectives": r"objetivos?|objectives?|pmm|gcm|pacto|compact|goals?",
    "meeting": r"reunion\w*|meetings?|meet|sesion\w*|juntas?|se reune\w*|reunirse|reunir|reunen|extraordinari\w*",
    "next": r"proxim\w*|siguiente|next|upcoming|cuando|when|fecha|date",
    "frequency": r"cada cuanto|frecuencia|how often|frequency|periodicidad|regla|rule|se reune\w*|meet|"
    r"reunirse|extraordinari\w*|ad hoc",
    "secretariat": r"secretari\w*|coordinacion|coordinador\w*|coordinat\w*|coordina la red",
    "committee": r"comite ejecutivo|executive committee|comite|committee",
    "principles": r"principios?|principles?",
    "network_objectives": r"objetivos de la red|network'?s? objectives|objectives of the network|"
    r"objetivos de la red de las naciones unidas|para que sirve la red|what is the network for",
    "established": r"establec\w*|cread\w*|fundad\w*|constitu\w*|established|founded|created|set up|since when|"
    r"desde cuando|started|nacio",
    "membership": r"membresia|membership|quienes? (?:forman|conforman|integran) la red|who (?:can|may) join|"
    r"quien puede (?:ser miembro|unirse|participar)|puede(?:n)? (?:ser miembros?|unirse)|who are the members|"
    r"miembros de la red|members of the network|quienes son miembros",
    "participation_level": r"nivel de participacion|level of participation|participation level|"
    r"quienes? (?:asisten|representan)|who attends",
    "working_groups": r"grupos? de trabajo|working groups?",
    "context": r"marco de cooperacion|cooperation framework|pais(?:es)? campe\w*|champion\w*|contexto|context",
    "acronym": r"significa\w*|siglas?|stands? for|acronyms?|meaning|mean|quien es|que es|who is|what is",
    "area": r"esferas? tematicas?|areas? tematicas?|thematic areas?",
    "priorities": r"prioridades|priorities",
    "cross_cutting": r"transversal\w*|cross ?cutting",
    "network": r"la red|red|network|the network",
    "plan": r"plan de trabajo|work ?plan|plan",
    "activities": r"actividad\w*|activit\w*",
    "before": r"antes|hasta|before|by|until|a mas tardar",
    "describe": r"que es|what is|describe|de que (?:se )?trata|about|info\w*|detalles?|details?|resumen|summary",
    # Meetings' minutes and agendas (bot/questions/answers/minutes.py).
    "minutes": r"minuta|minutas|acta|actas|minutes|acuerdos?|acordaron|acordamos|se acordo|agreed|agreements?",
    "agenda": r"agenda|agendas|orden del dia",
}
WITH_NAMES = ("network_objectives", "membership", "context")
_INTENT_PATTERNS = {
    name: re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])") for name, body in INTENTS.items()
}
INTENT_WORDS = {w for body in INTENTS.values() for w in re.findall(r"[a-z]{4,}", body)}
# Words typo correction must leave alone and may correct towards: the patterns below rely on them.
QUESTION_WORDS = (
    frozenset(
        """
    seccion apartado capitulo donde terminos termino referencia referencias cuantas cuantos reunirse reunir reunen extraordinaria extraordinarias lidera lideran liderar liderado liderada lideres lider encargada encargadas encargado encargados
    participa participan participar participantes participante observa observan observadores vence vencen
    vencimiento plazo plazos atrasado atrasada atrasados atrasadas retrasado retrasada pendiente pendientes
    significa siglas prioridad prioridades basica basicas tematica tematicas tematico grupo grupos trabajo
    objetivo objetivos esfera esferas reunion reuniones trimestral trimestre trimestres proxima proximo
    siguiente actividad actividades cronograma secretaria comite ejecutivo principios establecio
    establecida miembros membresia participacion transversal transversales quienes cuales cuando
    leads lead leader leading participates participate participants observers overdue deadline deadlines
    priority priorities thematic core objective objectives meeting meetings quarterly quarter next
    activity activities timeline secretariat committee executive principles established members
    membership network stands viene pasado pasada actual anterior ultimo ultima semana semanas meses
    today tomorrow manana month months week weeks year years previous current coming
    informo informaron reporto reportaron reported estado status bloqueado bloqueada bloqueados
    bloqueadas riesgo avance avances dijo dijeron
    """.split()
    )
    | INTENT_WORDS
    | set(MONTHS)
    | set(QUARTER_ORDINALS)
)

_NUM = r"(?:n[o°º]\.?\s*|#\s*|number\s+|numero\s+|num\.?\s*)?"
_CORE = re.compile(
    r"(?:prioridad(?:es)?\s+basicas?|core\s+priorit(?:y|ies)|grupo\s+de\s+trabajo\s+basico|core\s+working\s+group"
    rf"|(?<![a-z])pb|(?<![a-z])cp)\s*{_NUM}(?P<num>\d(?:\.\d)?)(?![\d.])"
)
_THEMATIC = re.compile(
    r"(?:prioridad(?:es)?\s+tematicas?(?:\s+nuevas?)?|(?:new\s+)?thematic\s+priorit(?:y|ies)"
    rf"|(?<![a-z])pt|(?<![a-z])tp)\s*{_NUM}(?P<num>\d)(?![\d.])"
)
_ANY_PRIORITY = re.compile(rf"(?<![a-z])(?:prioridad|priority)\s*{_NUM}(?P<num>\d(?:\.\d)?)(?![\d.])")
_OBJECTIVE = re.compile(
    r"(?:objetivos?|objectives?|obj\.?|pmm|gcm|pacto|compact)(?:'s)?[^\d?]{0,40}?(?P<nums>\d{1,2}(?:\s*(?:,|y|and|&)\s*\d{1,2})*)(?![\d.])"
)
_AREA = re.compile(
    rf"(?:esferas?|areas?)(?:\s+tematicas?)?\s*{_NUM}(?P<num>\d)(?![\d.])|thematic\s+areas?\s*{_NUM}(?P<num2>\d)(?![\d.])"
)
_ACTIVITY = re.compile(rf"(?:actividad|activity)\s*{_NUM}(?P<num>\d{{1,2}})(?![\d.])")
_ES_HINTS = re.compile(
    r"(?<![a-z])(?:que|quien|quienes|cual|cuales|cuando|donde|como|la|el|los|las|del|es|de|en|por|para|"
    r"lidera|vence|participa|significa|hola|ayuda|prioridad|objetivo|reunion|proxima)(?![a-z])"
)
_EN_HINTS = re.compile(
    r"(?<![a-z])(?:what|who|which|when|where|how|the|is|are|does|do|of|in|for|leads?|due|overdue|"
    r"participates?|stands?|hello|help|priority|objective|meeting|next|network)(?![a-z])"
)
_WORD = re.compile(r"[a-z]+")
_UPPER_WORD = re.compile(r"\b[A-Z][A-Z\-]+\b")


@dataclass
class Parsed:
    original: str
    text: str  # folded and typo-corrected
    lang: str
    lang_explicit: bool
    today: dt.date
    priorities: list[str] = field(default_factory=list)
    # Priorities named by an alias ("remesas") rather than a number; the alias words help find activities.
    alias_priorities: list[str] = field(default_factory=list)
    alias_stems: list[str] = field(default_factory=list)
    priority_numbers_ambiguous: bool = False
    entities: list[str] = field(default_factory=list)
    passages: list[str] = field(default_factory=list)  # working groups the plan names only in passing
    objectives: list[int] = field(default_factory=list)
    areas: list[int] = field(default_factory=list)
    activity_number: int | None = None
    period: Period | None = None
    day: TypedDate | None = None
    intents: set[str] = field(default_factory=set)
    search_stems: list[str] = field(default_factory=list)

    def has(self, *intents: str) -> bool:
        return any(i in self.intents for i in intents)


def intent_words(q: Parsed, intent: str) -> list[str]:
    """The words of the question that matched an intent ("set up" for established)."""
    pattern = _INTENT_PATTERNS.get(intent)
    return [m.group(0) for m in pattern.finditer(q.text)] if pattern else []


def language_signal(question: str) -> str | None:
    """The question's own language when its words say so; None when they do not (e.g. "OIM", "PT3")."""
    original = clean_input(question)
    folded = fold(original)
    if "¿" in original or "¡" in original or "ñ" in original.lower():
        return "es"
    english = len(_EN_HINTS.findall(folded))
    spanish = len(_ES_HINTS.findall(folded))
    if english == spanish:
        return None
    return "en" if english > spanish else "es"


def detect_language(folded: str, original: str) -> str:
    return language_signal(original) or "es"


def analyse(
    question: str, knowledge: Knowledge, lexicon: Lexicon, today: dt.date, lang: str | None
) -> Parsed:
    original = clean_input(question)
    folded = fold(original)
    text = _WORD.sub(lambda m: lexicon.correct(m.group(0)), folded)
    parsed = Parsed(original, text, lang or detect_language(folded, original), lang is not None, today)
    remaining = _take_priorities(parsed, knowledge, text)
    activity = _ACTIVITY.search(remaining)
    if activity:
        parsed.activity_number = int(activity.group("num"))
        remaining = _blank(remaining, activity.span())
    remaining = _take_objectives_and_areas(parsed, knowledge, remaining)
    day = find_day(remaining, today)
    if day is not None:
        parsed.day = day
        remaining = _blank(remaining, day.span)
    period = find_period(remaining, today)
    if period is not None:
        parsed.period = period
        remaining = _blank(remaining, period.span)
    remaining = _take_names(parsed, lexicon, remaining, original)
    parsed.intents = {name for name, pattern in _INTENT_PATTERNS.items() if pattern.search(remaining)}
    # Phrases that hold a name the steps above took away ("the Network's objectives").
    parsed.intents |= {name for name in WITH_NAMES if _INTENT_PATTERNS[name].search(text)}
    parsed.search_stems = [
        stem(t)
        for t in key_tokens(remaining)
        if t not in STOPWORDS
        and t not in GENERIC
        and t not in INTENT_WORDS
        and not t.isdigit()
        and len(t) > 2
    ]
    return parsed


def _blank(text: str, span: tuple[int, int]) -> str:
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]


def _take_priorities(parsed: Parsed, knowledge: Knowledge, text: str) -> str:
    by_kind_number = {(p.kind, p.number): p.key for p in knowledge.priorities if p.number}
    for pattern, kinds in (
        (_CORE, ("core",)),
        (_THEMATIC, ("thematic",)),
        (_ANY_PRIORITY, ("core", "thematic")),
    ):
        for match in pattern.finditer(text):
            number = match.group("num")
            kinds_here = ("core",) if "." in number else kinds
            found = [by_kind_number[(k, number)] for k in kinds_here if (k, number) in by_kind_number]
            if len(found) > 1:
                parsed.priority_numbers_ambiguous = True
            for key in found:
                if key not in parsed.priorities:
                    parsed.priorities.append(key)
            text = _blank(text, match.span())
    return text


def _take_objectives_and_areas(parsed: Parsed, knowledge: Knowledge, text: str) -> str:
    for match in _AREA.finditer(text):
        number = int(match.group("num") or match.group("num2"))
        parsed.areas.append(number)
        text = _blank(text, match.span())
    for match in _OBJECTIVE.finditer(text):
        numbers = [int(n) for n in re.findall(r"\d{1,2}", match.group("nums"))]
        parsed.objectives.extend(n for n in numbers if n not in parsed.objectives)
        text = _blank(text, match.span("nums"))
    return text


def _take_names(parsed: Parsed, lexicon: Lexicon, text: str, original: str) -> str:
    """Find entity names and priority aliases, longest first, and remove them from the text."""
    capitals = {fold(w) for w in _UPPER_WORD.findall(original)}
    tokens = key_tokens(text)
    used = [False] * len(tokens)
    consumed: list[str] = []
    for size in range(min(lexicon.max_label_tokens, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            if any(used[start : start + size]):
                continue
            gram = tuple(tokens[start : start + size])
            priority = lexicon.priority_aliases.get(gram)
            entity = lexicon.entity_labels.get(gram)
            passage = lexicon.passage_aliases.get(gram)
            if entity and size == 1 and gram[0] in lexicon.word_like_acronyms and gram[0] not in capitals:
                entity = None
            if not (priority or entity or passage):
                continue
            if passage and passage not in parsed.passages:
                parsed.passages.append(passage)
            if priority and priority not in parsed.priorities:
                parsed.priorities.append(priority)
                parsed.alias_priorities.append(priority)
                parsed.alias_stems.extend(stem(t) for t in gram if t not in STOPWORDS)
            if entity and entity not in parsed.entities:
                parsed.entities.append(entity)
            used[start : start + size] = [True] * size
            consumed.extend(gram)
    kept = [t for t, u in zip(tokens, used, strict=True) if not u]
    return " ".join(kept)
