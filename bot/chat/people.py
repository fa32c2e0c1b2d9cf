"""Who is asking: a person's Slack locale, name, and whether they are a guest or an external (Slack Connect)
user. The edge fetches a profile from Slack once and it is kept for a while (users.info is rate limited)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

PROFILE_TTL_SECONDS = 6 * 3600
# When Slack could not say (rate limited, down), ask again soon rather than treat someone as a guest for hours.
UNKNOWN_TTL_SECONDS = 60


@dataclass(frozen=True)
class Profile:
    locale: str | None = None
    name: str | None = None
    # A guest, an external user, or someone Slack could not tell us about: reports stay private to them.
    restricted: bool = True
    tz: str | None = None  # the person's IANA time zone in Slack ("America/Mexico_City"), if Slack says


UNKNOWN = Profile()


class Directory:
    """Profiles by Slack user id, fetched on first use and kept for `ttl` seconds."""

    def __init__(self, fetch: Callable[[str], Profile | None], ttl: float = PROFILE_TTL_SECONDS) -> None:
        self._fetch = fetch
        self._ttl = ttl
        self._entries: dict[str, tuple[float, Profile]] = {}
        self._lock = threading.Lock()

    def profile(self, user_id: str) -> Profile:
        now = time.monotonic()
        with self._lock:
            cached = self._entries.get(user_id)
        if cached and now - cached[0] < (self._ttl if cached[1] is not UNKNOWN else UNKNOWN_TTL_SECONDS):
            return cached[1]
        value = self._fetch(user_id) or UNKNOWN
        with self._lock:
            self._entries[user_id] = (now, value)
        return value

    def locale(self, user_id: str) -> str | None:
        return self.profile(user_id).locale
