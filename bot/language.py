"""Which language to answer in: the question's own, else the person's Slack locale, else Spanish."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from bot.understand import language_signal

DEFAULT_LANGUAGE = "es"
LOCALE_TTL_SECONDS = 6 * 3600


def language_of_locale(locale: str | None) -> str | None:
    if not locale:
        return None
    prefix = locale.lower()[:2]
    return prefix if prefix in ("es", "en") else None


class LocaleCache:
    """Slack locales by user id, fetched once and kept for a while (users.info is rate limited)."""

    def __init__(self, fetch: Callable[[str], str | None], ttl: float = LOCALE_TTL_SECONDS) -> None:
        self._fetch = fetch
        self._ttl = ttl
        self._entries: dict[str, tuple[float, str | None]] = {}
        self._lock = threading.Lock()

    def locale(self, user_id: str) -> str | None:
        now = time.monotonic()
        with self._lock:
            cached = self._entries.get(user_id)
        if cached and now - cached[0] < self._ttl:
            return cached[1]
        value = self._fetch(user_id)
        with self._lock:
            self._entries[user_id] = (now, value)
        return value


def choose_language(question: str, user_id: str | None, locales: LocaleCache | None) -> str:
    signal = language_signal(question)
    if signal:
        return signal
    if user_id and locales is not None:
        from_locale = language_of_locale(locales.locale(user_id))
        if from_locale:
            return from_locale
    return DEFAULT_LANGUAGE
