"""The question engine: a question in, a neutral answer out. Shared by the CLI, the console and Slack."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy.orm import Session, sessionmaker

from bot.knowledge.lexicon import Lexicon, build_lexicon
from bot.knowledge.snapshot import Knowledge, current_knowledge
from bot.meetings.calendar import SessionCalendar
from bot.questions import silence
from bot.questions.answers.minutes import meetings_question
from bot.questions.answers.router import respond
from bot.questions.retrieval import PassageIndex, prefer
from bot.questions.several import combined, split_questions
from bot.questions.status import AT_RISK, BLOCKED, REPORTED, status_question
from bot.questions.understand import QUESTION_WORDS, analyse, language_signal
from bot.render.answer import Answer
from bot.render.i18n import Catalog
from bot.reporting.access import Viewer
from bot.reporting.completion import completed_activity_ids
from bot.time.clock import NETWORK_TIMEZONE, Clock, SystemClock, today
from storage import queries

# How often a long-running process asks the database whether a load changed the content.
REFRESH_SECONDS = 5.0
STATUS_WORDS = re.compile("|".join(p.pattern for p in (BLOCKED, AT_RISK, REPORTED)))
# Who reads an answer when no one says: nobody in particular, so no group's reports are shown.
NOBODY = Viewer("", restricted=True)


@dataclass
class Snapshot:
    knowledge: Knowledge
    lexicon: Lexicon

    @cached_property
    def passages(self) -> PassageIndex:
        """Built on the first question that needs it, once per content version."""
        return PassageIndex.of(self.knowledge)


class Engine:
    def __init__(
        self, session_factory: sessionmaker[Session], catalog: Catalog, clock: Clock | None = None
    ) -> None:
        self.session_factory = session_factory
        self.catalog = catalog
        self.clock = clock or SystemClock()
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()
        self.calendar = SessionCalendar(session_factory)

    def snapshot(self) -> Snapshot:
        current = self._snapshot
        if current is not None and time.monotonic() - self._checked_at < REFRESH_SECONDS:
            return current
        with self._lock:
            with self.session_factory() as session:
                if (
                    self._snapshot is None
                    or queries.content_version(session) != self._snapshot.knowledge.version
                ):
                    knowledge = current_knowledge(session)
                    words = set(QUESTION_WORDS) | silence.WORDS
                    self._snapshot = Snapshot(knowledge, build_lexicon(knowledge, words))
            self._checked_at = time.monotonic()
            return self._snapshot

    def warm(self) -> None:
        """Load the knowledge and build the passage index now, not on the first question."""
        self.snapshot().passages.search("red")

    def ask(
        self, question: str, lang: str | None = None, on: dt.date | None = None, viewer: Viewer = NOBODY
    ) -> Answer:
        """The answer to a question, or to each of two or three; status reports in it are only those
        `viewer` may read."""
        parts = split_questions(question)
        if len(parts) > 1:
            lang = lang or language_signal(question)
            answers = [self._answer(part, lang, on, viewer) for part in parts]
            if all(a.understood and a.kind not in ("help", "several") for a in answers):
                return combined(self.catalog, answers[0].lang, answers)
        return self._answer(question, lang, on, viewer)

    def _answer(self, question: str, lang: str | None, on: dt.date | None, viewer: Viewer) -> Answer:
        snap = self.snapshot()
        parsed = analyse(question, snap.knowledge, snap.lexicon, on or today(self.clock), lang)
        if STATUS_WORDS.search(parsed.text):  # cheap check first: most questions are about the plan
            with self.session_factory() as session:
                answer = status_question(self.catalog, session, parsed, viewer)
            if answer is not None:
                return answer
        if parsed.has("minutes", "agenda") and not parsed.priorities:  # from the meetings in the database
            now = (
                self.clock.now() if on is None else dt.datetime.combine(on, dt.time(23, 59), NETWORK_TIMEZONE)
            )
            with self.session_factory() as session:
                answer = meetings_question(self.catalog, session, parsed, viewer, now)
            if answer is not None:
                return prefer(self.catalog, snap.knowledge, snap.passages, parsed, answer)
        answer = respond(
            parsed, snap.knowledge, snap.lexicon, self.catalog, lambda: self.completed(viewer), self.calendar
        )
        return prefer(self.catalog, snap.knowledge, snap.passages, parsed, answer)

    def entity_named(self, text: str) -> str | None:
        return self.snapshot().lexicon.entity_named(text)

    def completed(self, viewer: Viewer) -> frozenset[int]:
        """The activities the working groups reported completed, as far as `viewer` may read the reports; read
        fresh, since reports change between loads."""
        with self.session_factory() as session:
            return completed_activity_ids(session, viewer)
