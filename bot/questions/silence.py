"""Honest silence: what the Network's documents never say (contact details, funding, people's names, how
many people sit on a body), said plainly in the first line, before the closest facts they do give.

"¿Cuál es el correo de la Secretaría?" -> "Los documentos de la Red ... no indican datos de contacto (...) de
la Secretaría." followed by what the documents say about the Secretariat. Never a guess: the gap is named
from the question's own words, the facts after it come from the usual answer.
"""

from __future__ import annotations

import re

from bot.knowledge.snapshot import Knowledge
from bot.questions.answers.format import priority_name
from bot.questions.understand import Parsed
from bot.render.answer import Answer, Section
from bot.render.i18n import Catalog

# Asked for, and given by neither document. Folded text.
_GAP_WORDS = {
    "contact": r"correos?(?: electronicos?)?|e-?mails?(?: address)?|telefonos?|phones?(?: numbers?)?|"
    r"contact(?:o|os)? (?:de|del|details|information|info)|contact details|datos de contacto|"
    r"como (?:contacto|contactar|me comunico)|how (?:do i|can i|to) (?:contact|reach)|"
    r"direccion (?:postal|fisica|de (?:la )?oficina)|domicilio|postal address|office address|"
    r"(?:sitio|pagina) web (?:de|del)|website of|the network'?s website|whatsapp|numero de contacto",
    "funding": r"financiamiento|financiacion|financiad\w*|presupuestos?|cuanto dinero|cuantos fondos|"
    r"fondos (?:para|de la red|disponibles|asignados)|cuanto cuesta|costo de|costos de|"
    r"funding|funded|budgets?|how much money|how much does .* cost|cost of",
    "person": r"punto focal|puntos focales|focal points?|nombre de (?:la persona|quien)|como se llama|"
    r"who is the (?:person|director|head|chair|coordinator)|name of the (?:person|director|head|chair)|"
    r"quien es (?:el|la) (?:persona|director\w*|jef\w*|president\w*|coordinador\w*|representante)|"
    r"whose name|persona a cargo|person in charge",
    "people_count": r"cuantas personas|cuanta gente|how many people|how many staff|cuanto personal|"
    r"cuantos funcionarios",
}
GAPS = {name: re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])") for name, body in _GAP_WORDS.items()}
# Typo correction leaves these alone ("punto focal" is not "junto local").
WORDS = frozenset(
    form
    for body in _GAP_WORDS.values()
    for w in re.findall(r"[a-z]{4,}", body)
    for form in (w, w.rstrip("s"))
)
# A body the question may ask about, when it names no organisation: (intent, catalog key).
BODIES = (("secretariat", "secretariat"), ("committee", "committee"), ("working_groups", "working_group"))


def gap_of(q: Parsed) -> str | None:
    """What the question asks that the documents never give, or None."""
    for name, pattern in GAPS.items():
        if pattern.search(q.text):
            return name
    return None


def with_silence(c: Catalog, k: Knowledge, q: Parsed, gap: str, closest: Answer) -> Answer:
    """The gap said in the title and first line; then the closest answer's own sections, under its title."""
    lang = q.lang
    line = c.t("silence.line", lang, what=c.t(f"silence.what.{gap}", lang), of=_subject(c, k, q))
    sections: list[Section] = [Section(text=c.t("silence.closest", lang))]
    if closest.understood:
        sections.append(Section(heading=closest.title))
        sections.extend(closest.sections)
    return Answer(lang, line, tuple(sections), closest.source, examples=closest.examples, kind="silence")


def _subject(c: Catalog, k: Knowledge, q: Parsed) -> str:
    lang = q.lang
    for key in q.entities:
        entity = k.entities.get(key)
        if entity is not None:
            return c.t("silence.of", lang, subject=entity.named(lang)).replace(" de el ", " del ")
    for key in q.priorities:
        priority = k.priority_by_key.get(key)
        if priority is not None:
            name = priority_name(c, priority, lang)
            return c.t(f"silence.of_priority.{priority.kind}", lang, name=name[:1].lower() + name[1:])
    for intent, body in BODIES:
        if q.has(intent):
            return c.t(f"silence.of_body.{body}", lang)
    return ""
