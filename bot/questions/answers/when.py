"""How a period reads inside a sentence, with the preposition it needs: "vence en el segundo trimestre de
2021", "vence el 14 de junio de 2021", "is due by June 30, 2021". A bare label glued after a fixed "en"
gave "vence en del 14 de junio"; each kind of period here carries its own wording instead."""

from __future__ import annotations

import datetime as dt

from bot.render.i18n import Catalog
from bot.time.dates import DateRange, quarter_of, year_range


def when(c: Catalog, span: DateRange, kind: str, lang: str) -> str:
    """The period as it reads after "vence" / "due". `kind`: the kind of period a question names
    (bot.time.periods.Period.kind), "day" for a single day, or "until" for "until a day"."""
    start, end = span.start, span.end
    if kind == "quarter":
        ordinal = c.items("dates.quarter_ordinals", lang)[quarter_of(start) - 1]
        return c.t("dates.when.quarter", lang, ordinal=ordinal, year=start.year)
    if kind == "half":
        ordinal = c.items("dates.quarter_ordinals", lang)[(start.month - 1) // 6]
        return c.t("dates.when.half", lang, ordinal=ordinal, year=start.year, start=c.date(start, lang),
                   end=c.date(end, lang))  # fmt: skip
    if kind == "month":
        month = c.items("dates.months", lang)[start.month - 1]
        return c.t("dates.when.month", lang, month=month, year=start.year)
    if kind == "until":
        return c.t("dates.when.until", lang, date=c.date(end, lang))
    if _whole_years(span):
        if start.year == end.year:
            return c.t("dates.when.year", lang, year=start.year)
        return c.t("dates.when.years", lang, first=start.year, last=end.year)
    if start == end:
        return c.t("dates.when.day", lang, date=c.date(start, lang))
    return c.t("dates.when.between", lang, start=c.date(start, lang), end=c.date(end, lang))


def _whole_years(span: DateRange) -> bool:
    return span.start == year_range(span.start.year).start and span.end == year_range(span.end.year).end


def is_past(span: DateRange, today: dt.date) -> bool:
    """The whole period is over on the day of the question: its answer speaks in the past."""
    return span.end < today


def plan_end_sentence(c: Catalog, period: DateRange, today: dt.date, lang: str) -> str:
    """ "El plan de trabajo 2021-2022 terminó el 31 de diciembre de 2022." (or "termina", before that day);
    `period`: the plan's (Knowledge.plan_period)."""
    years = (
        str(period.start.year)
        if period.start.year == period.end.year
        else f"{period.start.year}-{period.end.year}"
    )
    key = "plan.ended" if today > period.end else "plan.ends"
    return c.t(key, lang, years=years, date=c.date(period.end, lang))
