"""Which language to answer in: the question's own, else the person's Slack locale, else Spanish."""

from __future__ import annotations

from bot.chat.people import Directory
from bot.questions.understand import language_signal

DEFAULT_LANGUAGE = "es"


def language_of_locale(locale: str | None) -> str | None:
    if not locale:
        return None
    prefix = locale.lower()[:2]
    return prefix if prefix in ("es", "en") else None


def choose_language(question: str, user_id: str | None, locales: Directory | None) -> str:
    signal = language_signal(question)
    if signal:
        return signal
    if user_id and locales is not None:
        from_locale = language_of_locale(locales.locale(user_id))
        if from_locale:
            return from_locale
    return DEFAULT_LANGUAGE
