"""What the Slack edge asks of the domain, in one place: answers in the right language, event
deduplication, App Home content. Handlers call these; they hold no business logic or SQL themselves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.chat.home import HomeMeeting, content_hash, home_answer
from bot.chat.language import DEFAULT_LANGUAGE, choose_language, language_of_locale
from bot.chat.people import UNKNOWN, Directory, Profile
from bot.meetings.agenda import agenda_sections
from bot.meetings.service import MeetingsService
from bot.questions.engine import Engine
from bot.render.answer import Answer
from bot.render.blocks import escape, fallback_text, render_blocks
from bot.render.i18n import Catalog
from bot.reporting.access import Viewer
from bot.reporting.completion import completed_activity_ids
from bot.time.clock import Clock, today
from storage import meetings as meetings_store
from storage import queries

EVENT_MEMORY = dt.timedelta(days=7)


@dataclass
class Reply:
    """An answer rendered for Slack: blocks, plus the plain text Slack shows in notifications."""

    answer: Answer
    blocks: list[dict[str, Any]]
    text: str


@dataclass
class Services:
    engine: Engine
    catalog: Catalog
    session_factory: sessionmaker[Session]
    clock: Clock
    people: Directory | None = field(default=None)
    meetings: MeetingsService | None = field(default=None)

    def reply_to(self, question: str, user_id: str | None) -> Reply:
        return self.render(self.answer(question, user_id))

    def answer(self, question: str, user_id: str | None, viewer: Viewer | None = None) -> Answer:
        lang = choose_language(question, user_id, self.people)
        return self.engine.ask(question, lang, viewer=viewer or self.viewer(user_id))

    def profile(self, user_id: str | None) -> Profile:
        if not user_id or self.people is None:
            return UNKNOWN
        return self.people.profile(user_id)

    def name_of(self, user_id: str) -> str | None:
        """How Slack names a person (for exports), if it can say."""
        return self.profile(user_id).name

    def viewer(self, user_id: str | None) -> Viewer:
        return Viewer(user_id or "", restricted=self.profile(user_id).restricted)

    def render(self, answer: Answer, footer: str | None = None) -> Reply:
        """Block Kit and its plain-text fallback; `footer`, a plain note kept within Slack's limits."""
        blocks = render_blocks(answer, self.catalog, footer=footer)
        return Reply(answer, blocks, fallback_text(answer, self.catalog))

    def user_language(self, user_id: str | None) -> str:
        if user_id and self.people is not None:
            return language_of_locale(self.people.locale(user_id)) or DEFAULT_LANGUAGE
        return DEFAULT_LANGUAGE

    def error_text(self, user_id: str | None) -> str:
        """The apology, ready for Slack's text field."""
        return escape(self.catalog.t("slack.error", self.user_language(user_id)))

    def first_delivery(self, event_id: str) -> bool:
        """True the first time an event id is seen; a retry or duplicate delivery gets False."""
        now = self.clock.now().astimezone(dt.UTC)  # SQLite keeps no offset: store and compare in UTC
        with self.session_factory() as session, session.begin():
            fresh = queries.claim_event(session, event_id, now)
            if fresh:
                queries.forget_events_before(session, now - EVENT_MEMORY)
            return fresh

    def home_view(self, user_id: str) -> dict[str, Any]:
        viewer = self.viewer(user_id)  # may ask Slack: before the session, not while holding it
        with self.session_factory() as session:
            agency = queries.agency_of(session, user_id)
            completed = completed_activity_ids(session, viewer)
        snapshot = self.engine.snapshot()
        lang = self.user_language(user_id)
        meeting = self.home_meeting(lang, user_id)
        answer = home_answer(
            self.catalog, snapshot.knowledge, today(self.clock), lang, agency, completed, meeting
        )
        return {"type": "home", "blocks": render_blocks(answer, self.catalog)}

    def home_meeting(self, lang: str, user_id: str | None = None) -> HomeMeeting:
        """The next scheduled meeting in the calendar (ad hoc included) and its agenda, as `user_id` may read
        it (status reports only from their groups)."""
        now = self.clock.now()
        found = self.engine.calendar.next(now, 1)
        if not found:
            return HomeMeeting(None)
        entry = found[0]
        if entry.meeting_id is None:  # generated from the rule, no row yet: nobody could add items
            return HomeMeeting(entry)
        viewer = self.viewer(user_id)  # may ask Slack: before the session
        with self.session_factory() as session:
            row = meetings_store.meeting_by_id(session, entry.meeting_id)
            agenda = agenda_sections(self.catalog, session, row, lang, now, viewer=viewer) if row else []
        return HomeMeeting(entry, tuple(agenda))

    def home_needs_publishing(self, user_id: str, view: dict[str, Any]) -> bool:
        with self.session_factory() as session:
            return queries.home_view_hash(session, user_id) != content_hash(view)

    def home_published(self, user_id: str, view: dict[str, Any]) -> None:
        with self.session_factory() as session, session.begin():
            queries.record_home_view(session, user_id, content_hash(view), self.clock.now())

    def home_users(self) -> list[str]:
        with self.session_factory() as session:
            return queries.home_view_users(session)
