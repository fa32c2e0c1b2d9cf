"""Text normalisation: how typed text and config text are compared."""

from __future__ import annotations

import re
import unicodedata

SHORT_TEXT = 220

# A question longer than this is cut before it is understood; nobody asks 20,000 characters.
MAX_QUESTION_CHARS = 500

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lowercase, strip accents, unify dashes and collapse white space."""
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_DASHES))
    return " ".join(_COMBINING.sub("", decomposed).lower().split())


def clean_input(text: str) -> str:
    """Drop control characters and cap length, keeping what a person could have meant."""
    kept = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text[: MAX_QUESTION_CHARS * 4])
    return " ".join(kept.split())[:MAX_QUESTION_CHARS]


def shorten(text: str, limit: int = SHORT_TEXT) -> str:
    """Cut at a word boundary with an ellipsis, for long texts shown in a list."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
