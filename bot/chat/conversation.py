"""One conversation, whatever the surface: `/red <text>`, a direct message, a mention, or the console.

The same words do the same thing everywhere: a question gets an answer; `actualizar [grupo]`, `estado [...]`,
`exportar estado [periodo]`, `ausente hasta <fecha>` and `resumen [grupo|agencia]` (the weekly digest,
bot.digest) are commands. Where Slack gives no trigger to open a modal (a DM, a mention), `actualizar`
answers with the report buttons instead. Anything that shows status
reports or concerns only the person is private: the edge never posts it for a whole channel to see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.chat.language import choose_language
from bot.chat.service import Services
from bot.chat.subcommands import MEETING_COMMANDS, split_subcommand
from bot.digest.service import DigestService
from bot.render.answer import Answer
from bot.reporting.access import OPERATOR
from bot.reporting.service import ReportingService

EXPORT_FILENAME = "enlace-estado.csv"


@dataclass(frozen=True)
class Upload:
    content: str
    filename: str
    comment: str


@dataclass(frozen=True)
class Said:
    """What the bot says back; the edge renders it for its surface."""

    answer: Answer | None = None
    text: str | None = None  # plain text; the edge escapes it
    blocks: list[dict[str, Any]] | None = None  # buttons that go with `text`, already Block Kit
    private: bool = False  # only the person who asked may see it
    modal: dict[str, Any] | None = None  # a view to open (only /red has the trigger for it)
    upload: Upload | None = None  # a file for the person's DM


class Conversation:
    def __init__(self, services: Services, reporting: ReportingService) -> None:
        self.services, self.reporting = services, reporting

    def respond(self, text: str, user: str | None, surface: str, channel: str | None = None) -> Said:
        """What to say back to `text` from `user` on a surface: "command" (/red), "dm", "mention" or
        "console"; `channel` is where it was typed, when known."""
        name, rest = split_subcommand(text)
        if name is None:
            answer = self.services.answer(text, user, OPERATOR if surface == "console" else None)
            return Said(answer, private=answer.kind == "status")
        lang = choose_language(text, user, self.services.people)
        if name in MEETING_COMMANDS and self.services.meetings is not None:
            reply = self.services.meetings.command(name, rest, user or "", lang, surface, channel)
            return Said(reply.answer, reply.text, reply.blocks, private=reply.private, modal=reply.view)
        if name == "digest":
            return self._digest(text, rest, user, lang, surface, channel)
        if surface == "console" or not user:
            return self._at_the_console(name, rest, lang)
        if name == "update":
            found = (
                self.reporting.modal_for(user, rest, lang)
                if surface == "command"
                else self.reporting.report_prompt(user, rest, lang)
            )
            return Said(text=found.message, blocks=found.blocks, modal=found.view, private=True)
        viewer = self.services.viewer(user)
        if name == "status":
            answer = self.reporting.status(viewer, rest, lang)
            if answer.understood:
                return Said(answer, private=True)
            # "estado de la prioridad temática 3" names no group, agency or report: a question about the plan
            answer = self.services.answer(text, user)
            return Said(answer, private=answer.kind == "status")
        if name == "export":
            export = self.reporting.export(viewer, rest, lang, self.services.name_of)
            upload = (
                Upload(export.content, EXPORT_FILENAME, export.message)
                if export.content is not None
                else None
            )
            return Said(text=export.message, upload=upload, private=True)
        return Said(text=self.reporting.set_absence(user, rest, lang), private=True)

    def _digest(self, text: str, rest: str, user: str | None, lang: str, surface: str,
                channel: str | None) -> Said:  # fmt: skip
        """`/red resumen [grupo|agencia]`: the weekly digest, to the person alone; words that name no group
        or agency are a question ("resumen de la prioridad 3")."""
        s = self.services
        digests = DigestService(s.session_factory, s.catalog, s.clock, s.engine.entity_named)
        viewer = OPERATOR if surface == "console" or not user else s.viewer(user)
        shown = digests.show(rest, viewer, lang, channel)
        if shown is None:
            answer = s.answer(text, user, OPERATOR if surface == "console" else None)
            return Said(answer, private=answer.kind == "status")
        if isinstance(shown, str):
            return Said(text=shown, private=True)
        return Said(shown, private=True)

    def _at_the_console(self, name: str, rest: str, lang: str) -> Said:
        if name == "status":
            return Said(self.reporting.status(OPERATOR, rest, lang))
        key = "console.export" if name == "export" else "console.slack_only"
        return Said(text=self.services.catalog.t(key, lang))
