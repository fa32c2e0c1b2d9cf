"""What the Slack edge, the console and the clock ask of meetings: `/red reunión`, `reuniones`, `agenda`,
`minuta` and `minutas`, the actions behind their buttons and modals, and the reminders' deliveries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.meetings.adhoc import AdHoc
from bot.render.answer import Answer
from bot.render.i18n import Catalog
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

    def command(self, name: str, rest: str, user: str, lang: str, surface: str, channel: str | None) -> Reply:
        """One of bot.chat.subcommands.MEETING_COMMANDS, typed by `user` on `surface` in `channel`."""
        handlers: dict[str, Callable[[str, str, str, str, str | None], Reply]] = {
            "meeting": self.meeting,
            "meetings": self.meetings,
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
        text, blocks, lines = self.adhoc.listing(user, lang, rest)
        if surface == "console":
            return Reply(text="\n".join((text, *lines)))
        return Reply(text=text, blocks=blocks)
