"""What the Slack edge and the clock ask of working-group reporting."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.outbox import words
from bot.outbox.kinds import DeliveryKinds
from bot.outbox.notices import notice_message
from bot.render.answer import Answer, mention
from bot.render.i18n import Catalog
from bot.reporting.absence import parse_absence
from bot.reporting.access import Viewer
from bot.reporting.export import export_csv
from bot.reporting.groups import match_groups, specific_words
from bot.reporting.labels import period_text
from bot.reporting.messages import report_buttons
from bot.reporting.modal import draft_for, modal_view, verify
from bot.reporting.outbox import CLAIM_LEASE, Reporting, Sender, TickReport, deliver_due, retry
from bot.reporting.status import parse_query, status_answer
from bot.reporting.updates import Context, Outcome, copy_previous, may_report, period_for, submit
from bot.time.clock import Clock, network_zone, today
from storage import outbox as outbox_store
from storage import reporting as store
from storage.models import WorkingGroup


@dataclass(frozen=True)
class ModalOrMessage:
    view: dict[str, Any] | None = None
    message: str | None = None
    blocks: list[dict[str, Any]] | None = None  # buttons that go with the message


@dataclass(frozen=True)
class Export:
    content: str | None  # None when there is nothing the person may export
    message: str


@dataclass(frozen=True)
class Resent:
    """What a "Reenviar" press did: `message` answers the person (mrkdwn); `notice` is the notice redrawn
    with the outcome (and the button again if it failed again)."""

    message: str
    notice: tuple[list[dict[str, Any]], str] | None = None


@dataclass
class ReportingService:
    session_factory: sessionmaker[Session]
    catalog: Catalog
    clock: Clock
    secret: str
    language: Callable[[str], str]
    entity_named: Callable[[str], str | None]  # an agency by name, acronym or alias (the engine's lexicon)
    # Other capabilities' deliveries (meetings...), planned and sent by the same outbox runs.
    others: tuple[DeliveryKinds, ...] = ()

    def _context(self, session: Session) -> Context:
        admins, _ = store.secretariat(session)
        return Context(self.secret, admins, Reporting.of(session).zone, self.clock.now())

    # -- the modal ------------------------------------------------------------------------------------

    def modal_from_button(self, user: str, value: str) -> ModalOrMessage:
        """The prompt's button: the group's open (or next) period; an old button says its period closed."""
        group_key, period_key = _button(value)
        lang = self.language(user)
        with self.session_factory() as session:
            group = store.group(session, group_key)
            if group is None or group.archived:
                return ModalOrMessage(message=self.catalog.t("reporting.group_gone", lang))
            return self._modal(session, group, user, lang, period_key)

    def modal_for(self, user: str, group_text: str | None, lang: str | None = None) -> ModalOrMessage:
        """`/red actualizar [grupo]`: the modal for the named group (or the person's only one)."""
        lang = lang or self.language(user)
        with self.session_factory() as session:
            found = self._group_for(session, user, group_text, lang)
            if isinstance(found, str):
                return ModalOrMessage(message=found)
            return self._modal(session, found, user, lang, None)

    def report_prompt(self, user: str, group_text: str | None, lang: str | None = None) -> ModalOrMessage:
        """`actualizar` in a DM or a mention, where Slack gives no trigger to open a modal: the buttons."""
        lang = lang or self.language(user)
        c = self.catalog
        with self.session_factory() as session:
            found = self._group_for(session, user, group_text, lang)
            if isinstance(found, str):
                return ModalOrMessage(message=found)
            period = period_for(found, Reporting.of(session).zone, self.clock.now())
            text = c.t(
                "reporting.update_here",
                lang,
                group=found.name_in(lang),
                period=period_text(c, period, lang),
            )
            return ModalOrMessage(
                message=text, blocks=report_buttons(c, found, period, lang, no_changes=True)
            )

    def refresh_modal(self, user: str, metadata: str, activity: str) -> dict[str, Any] | None:
        """The modal after the person chose an activity: their report on it filled in (None: leave it)."""
        lang = self.language(user)
        with self.session_factory() as session:
            verified = verify(self.secret, metadata, user)
            group = store.group(session, verified[0]) if verified else None
            if verified is None or group is None or not activity.isdigit():
                return None
            ctx = self._context(session)
            period = period_for(group, ctx.zone, ctx.now)
            if period.key != verified[1]:
                return None  # the submission will show the form again for the open period
            draft = draft_for(self.catalog, session, group, period, user, int(activity), lang)
            if draft is None:
                return None
            return modal_view(self.catalog, session, group, period, lang, self.secret, user, ctx.zone, draft)

    def _modal(
        self, session: Session, group: WorkingGroup, user: str, lang: str, asked_period: str | None
    ) -> ModalOrMessage:
        ctx = self._context(session)
        if not may_report(group, user, ctx.admins):
            return ModalOrMessage(message=self.catalog.t("reporting.errors.not_member", lang))
        period = period_for(group, ctx.zone, ctx.now)
        warning = None
        if asked_period and asked_period < period.key:
            warning = self.catalog.t(
                "reporting.old_button", lang, current=period_text(self.catalog, period, lang)
            )
        view = modal_view(
            self.catalog, session, group, period, lang, self.secret, user, ctx.zone, None, warning
        )
        return ModalOrMessage(view=view)

    def _group_for(self, session: Session, user: str, text: str | None, lang: str) -> WorkingGroup | str:
        """The group a person means, or what to tell them."""
        c = self.catalog
        groups = list(store.active_groups(session))
        admins, _ = store.secretariat(session)
        mine = [g for g in groups if any(m.slack_user_id == user for m in g.members)]
        names = ", ".join(f"«{g.name_in(lang)}»" for g in (mine if mine and user not in admins else groups))
        if not specific_words(text or ""):  # "actualizar", or "actualizar grupo de trabajo"
            if len(mine) == 1:
                return mine[0]
            if not mine and user not in admins:
                return c.t("reporting.no_group", lang)
            return c.t("reporting.which_group", lang, groups=names)
        found = match_groups(groups, text or "")
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            several = ", ".join(f"«{g.name_in(lang)}»" for g in found)
            return c.t("reporting.which_group", lang, groups=several)
        every = ", ".join(f"«{g.name_in(lang)}»" for g in groups)
        return c.t("reporting.unknown_group", lang, group=(text or "").strip()[:80], groups=every)

    def submit(self, user: str, metadata: str, values: dict[str, Any]) -> Outcome:
        lang = self.language(user)
        with self.session_factory() as session, session.begin():
            return submit(self.catalog, session, lang, self._context(session), user, metadata, values)

    def no_changes(self, user: str, value: str) -> str:
        """The prompt's "Sin cambios" button."""
        group_key, _ = _button(value)
        lang = self.language(user)
        with self.session_factory() as session, session.begin():
            group = store.group(session, group_key)
            ctx = self._context(session)
            if group is None or group.archived:
                return self.catalog.t("reporting.group_gone", lang)
            if not may_report(group, user, ctx.admins):
                return self.catalog.t("reporting.errors.not_member", lang)
            return copy_previous(self.catalog, session, lang, ctx, group, user)

    # -- reading ------------------------------------------------------------------------------------

    def status(self, viewer: Viewer, text: str, lang: str) -> Answer:
        with self.session_factory() as session:
            query = parse_query(session, text, self.entity_named)
            return status_answer(self.catalog, session, viewer, lang, query)

    def export(self, viewer: Viewer, text: str, lang: str, name_of: Callable[[str], str | None]) -> Export:
        """`exportar estado [2021-06]`: the CSV of what the viewer may read."""
        c = self.catalog
        period = next((w for w in text.split() if w[:4].isdigit()), None)
        out = io.StringIO()
        with self.session_factory() as session:
            rows = export_csv(c, session, viewer, lang, period, name_of, out)
        if rows is None:
            return Export(None, c.t("status.private_no_group", lang) + " " + c.t("status.who_sees", lang))
        return Export(out.getvalue(), c.t("status.exported", lang, count=rows))

    # -- absences ------------------------------------------------------------------------------------

    def set_absence(self, user: str, text: str, lang: str | None = None) -> str:
        lang = lang or self.language(user)
        c = self.catalog
        request = parse_absence(text, today(self.clock))
        if request.error:
            return c.t(request.error, lang)
        with self.session_factory() as session, session.begin():
            if not store.groups_of(session, user):
                return c.t("absence.no_group", lang)
            if request.back:
                had = store.clear_absence(session, user)
                return c.t("absence.cleared" if had else "absence.not_away", lang)
            assert request.until is not None
            store.set_absence(session, user, request.starts, request.until, self.clock.now())
        until = c.date(request.until, lang)
        if request.starts is not None:
            return c.t("absence.saved_range", lang, start=c.date(request.starts, lang), end=until)
        return c.t("absence.saved", lang, date=until)

    def deliver_due(
        self, sender: Sender, now: dt.datetime | None = None, lease: dt.timedelta = CLAIM_LEASE
    ) -> TickReport:
        return deliver_due(
            self.session_factory,
            sender,
            self.catalog,
            now or self.clock.now(),
            self.language,
            lease,
            self.others,
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
        return retry(
            self.session_factory,
            sender,
            self.catalog,
            self.clock.now(),
            self.language,
            keys,
            lease,
            others=self.others,
        )

    def resend(self, user: str, key: str, sender: Sender) -> Resent:
        """The notice's "Reenviar" button: only a secretariat admin may press it; it sends right away."""
        c, lang = self.catalog, self.language(user)
        with self.session_factory() as session:
            row = outbox_store.delivery(session, key)
            if user not in store.secretariat(session)[0]:
                return Resent(words.say(c, "outbox.resend.not_admin", lang, True))
            if row is None or row.kind == "notice":
                return Resent(words.say(c, "outbox.resend.unknown", lang, True))
            was_failed = row.status == "failed"
        if was_failed:
            retry(
                self.session_factory,
                sender,
                c,
                self.clock.now(),
                self.language,
                [key],
                answered_by=user,
                others=self.others,
            )
        with self.session_factory() as session:
            row = outbox_store.delivery(session, key)
            assert row is not None
            outcome = self._outcome(session, row, user, lang, was_failed)
            notice = notice_message(c, session, row, lang, outcome, button=row.status == "failed")
        return Resent(outcome, notice)

    def _outcome(self, session: Session, row: Any, user: str, lang: str, resent: bool) -> str:
        c = self.catalog
        status = c.t(f"outbox.status.{row.status}", lang)
        if not resent:
            return words.say(c, "outbox.resend.not_failed", lang, True, status=status)
        moment = c.moment(self.clock.now(), lang, network_zone(session))
        reason = words.reason(
            c, lang, row.status, row.reason, row.recipient, True, row.last_error, row.attempts
        )
        done = words.say(c, "outbox.resend.done", lang, True, admin=mention(user), when=moment, status=status)
        return f"{done} {reason}".strip()


def _button(value: str) -> tuple[str, str | None]:
    try:
        data = json.loads(value)
        return str(data["g"]), (str(data["p"]) if data.get("p") else None)
    except (ValueError, KeyError, TypeError):
        return "", None
