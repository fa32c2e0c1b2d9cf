"""What to ask next when an answer finds nothing: the periods nearest to the one asked that do have
deadlines, as questions the engine answers ("¿Qué vencía en el cuarto trimestre de 2022?")."""

from __future__ import annotations

import datetime as dt

from bot.knowledge.deadlines import ALL, Scope, deadline_quarters
from bot.knowledge.snapshot import EntityInfo, Knowledge
from bot.questions.answers.when import is_past, when
from bot.render.i18n import Catalog
from bot.time.dates import DateRange

MAX_PERIOD_EXAMPLES = 2


def period_examples(
    c: Catalog, k: Knowledge, span: DateRange, scope: Scope, today: dt.date, lang: str
) -> tuple[str, ...]:
    """Up to two quarters with deadlines: the one around the asked period, else the nearest before and
    after it. Within the question's agency when it has dated activities, else across the plan."""
    entity = scope.entity
    quarters = deadline_quarters(k, scope)
    if not quarters:
        quarters, entity = deadline_quarters(k, ALL), None
    around = [q for q in quarters if q.start <= span.end and span.start <= q.end][:1]
    before = [q for q in quarters if q.end < span.start][-1:]
    after = [q for q in quarters if q.start > span.end][:1]
    chosen = (around + before + after)[:MAX_PERIOD_EXAMPLES]
    return tuple(_due_question(c, q, entity, today, lang) for q in chosen)


def _due_question(
    c: Catalog, quarter: DateRange, entity: EntityInfo | None, today: dt.date, lang: str
) -> str:
    key = "due.example" + ("_entity" if entity else "") + ("_past" if is_past(quarter, today) else "")
    phrase = when(c, quarter, "quarter", lang)
    return c.t(key, lang, when=phrase, entity=entity.named(lang) if entity else "")
