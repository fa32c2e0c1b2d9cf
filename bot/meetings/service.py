"""What the Slack edge, the console and the clock ask of meetings: `/red reunión`, `reuniones`, `agenda`,
`minuta` and `minutas`, the actions behind their buttons and modals, and the reminders' deliveries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.meetings import agenda_command
from bot.meetings import minutes as minutes_module
from bot.meetings.adhoc import AdHoc
from bot.meetings.minutes import Saved
from bot.meetings.upcoming import upcoming_listing
from bot.render.answer import Answer
from bot.render.i18n import Catalog
from bot.reporting.access import OPERATOR, Viewer
from bot.time.clock import Clock


@dataclass(frozen=True)
class Reply:
    """What a meetings command says back: an answer, or plain text with Block Kit buttons, or a modal to
    open (only `/red` has the trigger for one). Private unless said otherwise."""

    answer: Answer | None = None
    text: str | None = None
    blocks: list[dict[str, Any]] | None = None
    view: dict[str, Any] | None = None
    private: bool = True


@dataclass
class MeetingsService:
    session_factory: sessionmaker[Session]
    catalog: Catalog
    clock: Clock
    language: Callable[[str], str]  # a person's language, from their Slack locale
    timezone_of: Callable[[str], str | None] = field(default=lambda user: None)  # their Slack time zone
    # Set by the wiring (handlers/app.py): who a person is to the reports (guest or not), and a question's
    # answer (`/red minuta <words that name no meeting>`).
    viewer_of: Callable[[str], Viewer] = field(default=lambda user: Viewer(user, restricted=True))
    ask: Callable[[str, str], Answer] | None = None

    def command(self, name: str, rest: str, user: str, lang: str, surface: str, channel: str | None) -> Reply:
        """One of bot.chat.subcommands.MEETING_COMMANDS, typed by `user` on `surface` in `channel`."""
        handlers: dict[str, Callable[[str, str, str, str, str | None], Reply]] = {
            "meeting": self.meeting,
            "meetings": self.meetings,
            "agenda": self.agenda,
            "minutes": self.minutes,
            "minutes_list": self.minutes_list,
        }
        handler = handlers.get(name)
        if handler is None:
            return Reply(text=self.catalog.t("console.slack_only", lang))
        return handler(rest, user, lang, surface, channel)

    # -- ad hoc meetings (bot/meetings/adhoc.py) -----------------------------------------------------------

    @property
    def adhoc(self) -> AdHoc:
        return AdHoc(self.session_factory, self.catalog, self.clock, self.language, self.timezone_of)

    def meeting(self, rest: str, user: str, lang: str, surface: str, channel: str | None) -> Reply:
        """`/red reunión [<cuándo> <tema>]`: the modal, filled in; a button that opens it where no modal can."""
        if surface == "command":
            return Reply(view=self.adhoc.new_view(rest, user, lang, channel))
        if surface == "console" or not user:
            return Reply(text=self.catalog.t("console.slack_only", lang))
        text, blocks = self.adhoc.prompt(rest, lang, channel)
        return Reply(text=text, blocks=blocks)

    def meetings(self, rest: str, user: str, lang: str, surface: str, channel: str | None) -> Reply:
        """`/red reuniones [2022 | julio]`: the upcoming meetings, with the buttons the person may use."""
        text, blocks, lines = upcoming_listing(self.adhoc, user, lang, rest)
        if surface == "console":
            return Reply(text="\n".join((text, *lines)))
        return Reply(text=text, blocks=blocks)

    # -- the agenda and the minutes (bot/meetings/agenda_command.py, minutes.py) ------------------------

    def agenda(self, rest: str, user: str, lang: str, surface: str, channel: str | None) -> Reply:
        if not user and rest.strip():
            return Reply(text=self.catalog.t("console.slack_only", lang))
        viewer = OPERATOR if surface == "console" or not user else self.viewer_of(user)
        with self.session_factory() as session, session.begin():
            said = agenda_command.command(
                self.catalog, session, rest, user, lang, self.clock.now(), channel, viewer
            )
        return Reply(answer=said) if isinstance(said, Answer) else Reply(text=said)

    def minutes(self, rest: str, user: str, lang: str, surface: str, channel: str | None) -> Reply:
        now = self.clock.now()
        with self.session_factory() as session:
            named = minutes_module.named_meeting(session, now, rest) if surface == "command" else None
        if rest.strip() and named is None:  # "/red minuta de la última reunión": a question
            if self.ask is None:
                return Reply(text=self.catalog.t("console.slack_only", lang))
            return Reply(answer=self.ask(f"{self.catalog.t('minutes.word', lang)} {rest.strip()}", user))
        if surface != "command":
            return Reply(text=self.catalog.t("minutes.only_command", lang))
        with self.session_factory() as session:
            view = minutes_module.modal(self.catalog, session, lang, now, named)
        if view is None:
            return Reply(text=self.catalog.t("minutes.no_meetings", lang))
        return Reply(view=view)

    def minutes_list(self, rest: str, user: str, lang: str, surface: str, channel: str | None) -> Reply:
        with self.session_factory() as session:
            return Reply(answer=minutes_module.list_answer(self.catalog, session, lang, self.clock.now()))

    def save_minutes(self, user: str, lang: str, values: dict[str, Any]) -> Saved:
        """The minutes modal submitted: errors for the modal, or the minutes stored with their deliveries."""
        with self.session_factory() as session, session.begin():
            return minutes_module.submit(self.catalog, session, values, user, lang, self.clock.now())
