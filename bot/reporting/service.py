"""What the Slack edge and the clock ask of working-group reporting."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.answer import Answer, mention
from bot.clock import Clock
from bot.i18n import Catalog
from bot.outbox import words
from bot.outbox.notices import notice_message, when
from bot.reporting.outbox import CLAIM_LEASE, Reporting, Sender, TickReport, deliver_due, retry
from bot.reporting.status import export_csv, parse_absence, select_updates, status_answer
from bot.reporting.updates import Outcome, may_report, modal_view, period_for, submit
from storage import outbox as outbox_store
from storage import queries
from storage import reporting as store


@dataclass(frozen=True)
class ModalOrMessage:
    view: dict[str, Any] | None = None
    message: str | None = None


@dataclass(frozen=True)
class Resent:
    """What a "Reenviar" press did: `message` answers the person (mrkdwn); `notice` is the notice redrawn
    with the outcome (and the button again if it failed again)."""

    allowed: bool
    message: str
    notice: tuple[list[dict[str, Any]], str] | None = None


@dataclass
class ReportingService:
    session_factory: sessionmaker[Session]
    catalog: Catalog
    clock: Clock
    secret: str
    language: Callable[[str], str]

    def _admins(self, session: Session) -> list[str]:
        return list((queries.network_settings(session).get("reporting") or {}).get("admins", []))

    def modal_from_button(self, user: str, value: str) -> ModalOrMessage:
        try:
            group_key = str(json.loads(value)["g"])
        except (ValueError, KeyError, TypeError):
            group_key = ""
        return self.modal_for(user, group_key)

    def modal_for(self, user: str, group_key: str | None) -> ModalOrMessage:
        """The modal for the person's group (named, or their only one) and its open or next period."""
        lang = self.language(user)
        c = self.catalog
        with self.session_factory() as session:
            admins = self._admins(session)
            mine = store.groups_of(session, user)
            every = [g.key for g in store.active_groups(session)]
            if not group_key:
                if user in admins and len(mine) != 1:
                    mine = every
                if len(mine) != 1:
                    key = "reporting.no_group" if not mine else "reporting.which_group"
                    return ModalOrMessage(message=c.t(key, lang, groups=", ".join(mine)))
                group_key = mine[0]
            group = store.group(session, group_key.strip().lower())
            if group is None or group.archived:
                return ModalOrMessage(
                    message=c.t("reporting.unknown_group", lang, group=group_key, groups=", ".join(every))
                )
            if not may_report(group, user, admins):
                return ModalOrMessage(message=c.t("reporting.errors.not_member", lang))
            period = period_for(group, Reporting.of(session).zone, self.clock.now())
            return ModalOrMessage(view=modal_view(c, session, group, period, lang, self.secret, user))

    def submit(self, user: str, metadata: str, values: dict[str, Any]) -> Outcome:
        lang = self.language(user)
        with self.session_factory() as session, session.begin():
            settings = Reporting.of(session)
            return submit(self.catalog, session, lang, self.secret, self._admins(session), settings.zone,
                          user, metadata, values, self.clock.now())  # fmt: skip

    def status(self, user: str, query: str, only: set[str] | None = None) -> Answer:
        with self.session_factory() as session:
            updates, narrowed = select_updates(session, query)
            return status_answer(self.catalog, updates, self.language(user), narrowed, only)

    def export(self, user: str, text: str) -> tuple[str, str, int]:
        """(csv, message, rows) for `/red exportar estado [periodo]`."""
        words = text.split()
        period = next((w for w in words if w[:4].isdigit()), None)
        with self.session_factory() as session:
            content, rows = export_csv(session, period)
        return content, self.catalog.t("status.exported", self.language(user), count=rows), rows

    def set_absence(self, user: str, text: str) -> str:
        lang = self.language(user)
        today = self.clock.now().date()
        until, error = parse_absence(text, today)
        if error or until is None:
            return self.catalog.t(error or "absence.usage", lang)
        with self.session_factory() as session, session.begin():
            store.set_absence(session, user, until, self.clock.now())
        if until < today:
            return self.catalog.t("absence.cleared", lang)
        return self.catalog.t("absence.saved", lang, date=self.catalog.date(until, lang))

    def deliver_due(
        self, sender: Sender, now: dt.datetime | None = None, lease: dt.timedelta = CLAIM_LEASE
    ) -> TickReport:
        return deliver_due(
            self.session_factory, sender, self.catalog, now or self.clock.now(), self.language, lease
        )

    def failed_keys(self) -> list[str]:
        with self.session_factory() as session:
            return outbox_store.failed_keys(session)

    def statuses(self, keys: list[str]) -> dict[str, str | None]:
        with self.session_factory() as session:
            rows = {key: outbox_store.delivery(session, key) for key in keys}
            return {key: row.status if row else None for key, row in rows.items()}

    def retry(self, sender: Sender, keys: list[str], lease: dt.timedelta = CLAIM_LEASE) -> TickReport:
        """`enlace outbox retry`: failed deliveries back in line, and sent now."""
        return retry(self.session_factory, sender, self.catalog, self.clock.now(), self.language, keys, lease)

    def resend(self, user: str, key: str, sender: Sender) -> Resent:
        """The notice's "Reenviar" button: only a secretariat admin may press it; it sends right away."""
        c, lang = self.catalog, self.language(user)
        with self.session_factory() as session:
            row = outbox_store.delivery(session, key)
            if user not in self._admins(session):
                return Resent(False, words.say(c, "outbox.resend.not_admin", lang, True))
            if row is None or row.kind == "notice":
                return Resent(False, words.say(c, "outbox.resend.unknown", lang, True))
            was_failed = row.status == "failed"
        if was_failed:
            retry(self.session_factory, sender, c, self.clock.now(), self.language, [key], answered_by=user)
        with self.session_factory() as session:
            row = outbox_store.delivery(session, key)
            assert row is not None
            outcome = self._outcome(session, row, user, lang, was_failed)
            notice = notice_message(c, session, row, lang, outcome, button=row.status == "failed")
        return Resent(True, outcome, notice)

    def _outcome(self, session: Session, row: Any, user: str, lang: str, resent: bool) -> str:
        c = self.catalog
        status = c.t(f"outbox.status.{row.status}", lang)
        if not resent:
            return words.say(c, "outbox.resend.not_failed", lang, True, status=status)
        moment = when(c, self.clock.now(), Reporting.of(session).zone, lang)
        reason = words.reason(
            c, lang, row.status, row.reason, row.recipient, True, row.last_error, row.attempts
        )
        done = words.say(c, "outbox.resend.done", lang, True, admin=mention(user), when=moment, status=status)
        return f"{done} {reason}".strip()
