"""The plan's "Cronograma" phrases in the reader's language.

Spanish answers quote the document's own phrase. English answers say it again from the structure the
timeline grammar read (bot/timeline.py), with the catalog's words, so no Spanish month or quarter reaches
an English answer and every phrase the grammar accepts has an English rendering.
"""

from __future__ import annotations

from bot.render.i18n import Catalog
from bot.time.timeline import Point, Span, Timeline


def timeline_words(c: Catalog, timeline: Timeline, lang: str) -> str:
    """The whole phrase: its spans joined as written, then its suffixes in the document's order."""
    text = _spans(c, timeline.spans, timeline.joints, lang)
    if timeline.by_deadline:
        text = c.t("timeline.by_deadline", lang, timeline=text)
    if timeline.continuation_spans:
        quarters = _spans(c, timeline.continuation_spans, (), lang)
        text = c.t("timeline.continuation", lang, timeline=text, quarters=quarters)
    if timeline.later_stages:
        text = c.t("timeline.later_stages", lang, timeline=text)
    return text


def _spans(c: Catalog, spans: tuple[Span, ...], joints: tuple[str, ...], lang: str) -> str:
    and_word = c.t("timeline.and", lang)
    text = _span(c, spans[0], lang)
    for joint, span in zip(joints, spans[1:], strict=True):
        text += f" {and_word} " if joint == "y" else f"{joint} "
        text += _span(c, span, lang)
    return text


def _span(c: Catalog, span: Span, lang: str) -> str:
    if span.last is None:
        return _point(c, span.first, lang)
    if span.first.kind == span.last.kind == "year":
        return c.t("timeline.years", lang, first=span.first.year, last=span.last.year)
    return c.t("timeline.span", lang, first=_point(c, span.first, lang), last=_point(c, span.last, lang))


def _point(c: Catalog, point: Point, lang: str) -> str:
    if point.kind == "year":
        return str(point.year)
    implied = "_implied" if point.year is None else ""
    if point.kind == "month":
        month = c.items("dates.months", lang)[point.month - 1]
        return c.t(f"timeline.month{implied}", lang, month=month, year=point.year)
    names = c.items("dates.quarter_ordinals", lang)
    if point.quarter_span:
        first, last = names[point.quarters[0] - 1], names[point.quarters[-1] - 1]
        return c.t(f"timeline.quarter_run{implied}", lang, first=first, last=last, year=point.year)
    words = [names[q - 1] for q in point.quarters]
    ordinals = (
        words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {c.t('timeline.and', lang)} {words[-1]}"
    )
    return c.t(f"timeline.quarters{implied}", lang, ordinals=ordinals, year=point.year, count=len(words))
