"""One run of the outbox: claim each delivery, decide, send, record; tell the admins about failures.

Every instant here comes from the run's clock, which advances while the run goes on (bot.time.clock.RunningClock
for `enlace tick --at T`), so a claim made late in a long run carries a lease from that moment.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from bot.outbox import notices
from bot.outbox.failures import SendError, ambiguous, retryable
from bot.outbox.lease import LeaseKeeper
from bot.outbox.message import Composer, Message, Sender, Verdict
from bot.render.i18n import Catalog
from bot.time.clock import Clock, utc
from storage import outbox as store
from storage.models import Delivery
from storage.reporting import secretariat

log = logging.getLogger("enlace.outbox")
# Passing errors are retried this many times in all (backoff 1, 2, 4 ... minutes, at most an hour apart:
# about two hours), then the delivery fails and the admins are told.
MAX_ATTEMPTS = 8
# How long a claim holds without being renewed: a clock that died mid-send leaves its delivery to
# another after this long. Renewed every third of it while the message is in flight.
CLAIM_LEASE = dt.timedelta(minutes=10)

# (session, the delivery just sent, the Slack timestamp of its message, now) -> the keys of the deliveries
# it leads to (written in that session), sent in the same run: a digest's discussion thread and its pin.
AfterSent = Callable[[Session, Delivery, str | None, dt.datetime], list[str]]


@dataclass
class TickReport:
    planned: int = 0
    expired: int = 0
    sent: list[str] = field(default_factory=list)
    retrying: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # failed for good; the admins are being told
    unreported: list[str] = field(default_factory=list)  # failed, and nobody could be told
    skipped: list[str] = field(default_factory=list)
    no_admins: bool = False

    @property
    def ok(self) -> bool:
        """Did this run do its job: everything sent, expired or skipped with a reason, waiting for its
        retry, or failed and reported to a person."""
        return not self.unreported

    def summary(self) -> str:
        return (f"planned {self.planned}, sent {len(self.sent)}, retrying {len(self.retrying)}, "
                f"failed {len(self.failed)}, unreported {len(self.unreported)}, "
                f"skipped {len(self.skipped)}, expired {self.expired}")  # fmt: skip


@dataclass
class Run:
    sessions: sessionmaker[Session]
    sender: Sender
    catalog: Catalog
    language: Callable[[str], str]
    compose: Composer
    clock: Clock
    start: dt.datetime  # the instant this run stands for (`enlace tick --at`)
    lease: dt.timedelta = CLAIM_LEASE
    report: TickReport = field(default_factory=TickReport)
    # An admin who resent a delivery by hand is answered in place; the notices go to the others.
    answered_by: str | None = None
    after_sent: AfterSent | None = None
    _queued: list[str] = field(default_factory=list)  # written by this run: follow-ups and failure notices

    def deliver_all(self, keys: list[str], manual: bool = False) -> TickReport:
        keeper = LeaseKeeper(self.sessions, self.clock, self.lease)
        try:
            if keys:
                with self.sessions() as session:
                    self.report.no_admins = not secretariat(session)[0]
            for key in keys:
                self.deliver(keeper, key, manual)
            while self._queued:  # what this run wrote; a notice makes no notices
                self.deliver(keeper, self._queued.pop(0))
        finally:
            keeper.close()
        return self.report

    def deliver(self, keeper: LeaseKeeper, key: str, manual: bool = False) -> None:
        token = uuid.uuid4().hex
        with self.sessions() as session, session.begin():
            if not store.claim(session, key, self.clock.now(), self.lease, token):
                return  # another clock has it, or it is no longer due
            row = store.delivery(session, key)
            assert row is not None
            decided: Message | Verdict | SendError | None = None
            if row.unconfirmed_since is None:
                decided = self._decide(session, row, manual)
                if isinstance(decided, Verdict):  # nothing to send: recorded with the claim, in one go
                    store.record(session, key, token, decided.status, self.clock.now(), attempted=False,
                                 reason=decided.reason)  # fmt: skip
                    self._count(key, decided)
                    return
            session.expunge(row)
        with keeper.holding(key, token):
            self._attempt(row, token, manual, decided)

    def _attempt(
        self, row: Delivery, token: str, manual: bool, decided: Message | Verdict | SendError | None
    ) -> None:
        if decided is None:  # an earlier attempt's outcome is unknown: look for it before anything else
            if self._seen_before(row, token):
                return
            with self.sessions() as session:
                decided = self._decide(session, row, manual)
        if isinstance(decided, Verdict):
            self._record(row, token, decided.status, attempted=False, reason=decided.reason)
            self._count(row.key, decided)
            return
        if isinstance(decided, SendError):  # composing it failed: nothing reached Slack, nothing to look for
            self._failed(row, token, decided, may_be_posted=False)
            return
        try:
            ts = self.sender.send(row.recipient, decided, row.key)
        except SendError as error:
            self._failed(row, token, error)
            return
        except Exception as error:
            log.exception("unexpected error sending %s", row.key)
            self._failed(row, token, SendError("unexpected_error", str(error)))
            return
        self._sent(row, token, ts)

    def _sent(self, row: Delivery, token: str, ts: str | None, reason: str | None = None) -> None:
        if not self._record(row, token, "sent", attempted=True, reason=reason, message_ts=ts):
            return
        self.report.sent.append(row.key)
        if self.after_sent is None:
            return
        try:
            with self.sessions() as session, session.begin():
                self._queued += self.after_sent(session, row, ts, self.clock.now())
        except Exception:  # the message went out; its kind plans what should follow it again on a next tick
            log.exception("could not write what follows delivery %s", row.key)

    def _count(self, key: str, verdict: Verdict) -> None:
        if verdict.status == "skipped":
            self.report.skipped.append(key)
        else:
            self.report.expired += 1

    def _decide(self, session: Session, row: Delivery, manual: bool) -> Message | Verdict | SendError:
        try:
            with session.begin_nested():  # a failure here must not undo the claim around it
                if row.kind == "notice":
                    return notices.compose(self.catalog, self.language, session, row)
                return self.compose(session, row, self.start, self.clock.now(), manual)
        except Exception as error:  # a bug for this one delivery must not stop the others
            log.exception("could not compose delivery %s", row.key)
            return SendError("unexpected_error", str(error))

    def _seen_before(self, row: Delivery, token: str) -> bool:
        """An earlier attempt's outcome is unknown: if its message is in the conversation, it was sent."""
        since = utc(row.unconfirmed_since) if row.unconfirmed_since else self.clock.now()
        try:
            found = self.sender.already_sent(row.recipient, row.key, since)
        except SendError as error:
            if retryable(error.code):
                self._failed(row, token, error, may_be_posted=False)  # look again later rather than risk it
                return True
            # The history cannot be read (a scope not granted): sending again is the only way forward.
            log.warning("cannot look for %s in the conversation (%s): sending it again", row.key, error)
            return False
        if found is not None:
            log.info("delivery %s was already in the conversation: marked sent", row.key)
            self._sent(row, token, found, reason="found_in_history")
        return found is not None

    def _failed(self, row: Delivery, token: str, error: SendError, may_be_posted: bool | None = None) -> None:
        """Retry with backoff while it may pass; otherwise fail, and tell the admins. may_be_posted: whether
        Slack may have taken the message anyway (by default, what the error says)."""
        attempts = row.attempts + 1
        detail = str(error)[:500]
        unconfirmed = ambiguous(error.code) if may_be_posted is None else may_be_posted
        if retryable(error.code) and attempts < MAX_ATTEMPTS:
            log.warning("delivery %s: %s (attempt %d); retrying", row.key, detail, attempts)
            retry_at = self.clock.now() + min(
                dt.timedelta(minutes=2 ** (attempts - 1)), dt.timedelta(hours=1)
            )
            if self._record(row, token, "retrying", attempted=True, reason=error.code, error=detail,
                            retry_at=retry_at, unconfirmed=unconfirmed):  # fmt: skip
                self.report.retrying.append(row.key)
            return
        log.error("delivery %s failed for good after %d attempt(s): %s", row.key, attempts, detail)
        with self.sessions() as session, session.begin():
            if not store.record(session, row.key, token, "failed", self.clock.now(), attempted=True,
                                reason=error.code, error=detail, unconfirmed=unconfirmed):  # fmt: skip
                log.warning("lost the claim on %s before recording its failure", row.key)
                return
            self._tell_admins(session, row)

    def _tell_admins(self, session: Session, row: Delivery) -> None:
        if row.kind == "notice":
            log.error("the failure notice %s could not be delivered either", row.key)
            self.report.unreported.append(row.key)
            return
        everyone = secretariat(session)[0]
        if not everyone:
            log.error("delivery %s failed and no secretariat_admins are configured to be told", row.key)
            self.report.unreported.append(row.key)
            return
        failed = store.delivery(session, row.key)
        assert failed is not None
        to = [admin for admin in everyone if admin != self.answered_by]
        self._queued += notices.add_notices(session, failed, failed.failures, to, self.clock.now())
        self.report.failed.append(row.key)

    def _record(self, row: Delivery, token: str, status: str, *, attempted: bool, reason: str | None = None,
                error: str | None = None, retry_at: dt.datetime | None = None, unconfirmed: bool = False,
                message_ts: str | None = None) -> bool:  # fmt: skip
        with self.sessions() as session, session.begin():
            kept = store.record(session, row.key, token, status, self.clock.now(), attempted=attempted,
                                reason=reason, error=error, retry_at=retry_at, unconfirmed=unconfirmed,
                                message_ts=message_ts)  # fmt: skip
        if not kept:
            log.warning(
                "lost the claim on %s: its outcome (%s) was left to the clock that took over", row.key, status
            )
        return kept
