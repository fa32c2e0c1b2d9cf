"""Keeping a claim alive while its message is in flight.

A send can take long: Slack answers 429 with Retry-After, or the network is slow. A lease that ran out
meanwhile would let another clock take the delivery over and send it again, so while a delivery is held,
a background thread renews its lease every third of the lease."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Iterator

from sqlalchemy.orm import Session, sessionmaker

from bot.time.clock import Clock
from storage import outbox as store

log = logging.getLogger(__name__)
_sending = threading.local()  # in a thread sending a delivery: (its LeaseKeeper, key, claim token)


def claim_still_held() -> bool:
    """Whether the delivery this thread is sending is still this clock's (its lease renewed now); True in a
    thread that sends none. Asked before a post is repeated after a wait (a Retry-After): had the renewals
    stalled past the lease, another clock may have taken the delivery over and sent it meanwhile."""
    held = getattr(_sending, "claim", None)
    if held is None:
        return True
    keeper, key, token = held
    return bool(keeper.renew(key, token))


class LeaseKeeper:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock, lease: dt.timedelta) -> None:
        self.sessions = sessions
        self.clock = clock
        self.lease = lease
        self.interval = max(lease.total_seconds() / 3, 0.05)
        self._held: tuple[str, str] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def holding(self, key: str, token: str) -> Iterator[None]:
        with self._lock:
            self._held = (key, token)
            if self._thread is None:
                self._thread = threading.Thread(target=self._renew_while_held, name="lease", daemon=True)
                self._thread.start()
        _sending.claim = (self, key, token)
        try:
            yield
        finally:
            _sending.claim = None
            with self._lock:
                self._held = None

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _renew_while_held(self) -> None:
        while not self._stop.wait(self.interval):
            with self._lock:
                held = self._held
            if held is not None and not self.renew(*held):
                with self._lock:
                    still = self._held == held  # else its outcome was recorded meanwhile: not a loss
                if still:
                    log.warning("lost the claim on %s: another clock took it over", held[0])

    def renew(self, key: str, token: str) -> bool:
        try:
            with self.sessions() as session, session.begin():
                return store.renew(session, key, token, self.clock.now() + self.lease)
        except Exception:  # the database is busy or away: the next beat tries again
            log.warning("could not renew the lease of %s", key, exc_info=True)
            return True
