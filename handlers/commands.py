"""/red: a question gets the same answer as `enlace ask`, as Block Kit only the asker sees; the commands
(`actualizar`, `estado`, `exportar estado`, `ausente`; see bot.chat.conversation) answer where they were typed."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.chat.conversation import Conversation, Said
from bot.chat.service import Services
from bot.chat.subcommands import split_subcommand
from bot.render.blocks import escape
from bot.reporting.service import ModalOrMessage, ReportingService
from handlers.after_ack import Answerer
from handlers.meetings import open_meeting
from handlers.reporting import show
from handlers.response_url import post_to_response_url
from handlers.uploads import upload_to_dm

log = logging.getLogger("enlace.answers")
MINUTES_AND_AGENDA = ("minutes", "minutes_list", "agenda")


def register(app: App, services: Services, reporting: ReportingService, answerer: Answerer,
             command: str = "/red") -> None:  # fmt: skip
    conversation = Conversation(services, reporting)

    @app.command(command)
    def answer_command(
        ack: Callable[..., None], body: dict[str, Any], client: WebClient, logger: logging.Logger
    ) -> None:
        ack()
        user = str(body.get("user_id") or "")
        text = str(body.get("text") or "")
        url = str(body.get("response_url") or "")
        name, _ = split_subcommand(text)
        if name == "update":  # a trigger_id expires in 3 seconds: open the modal right away
            said = conversation.respond(text, user, "command")
            found = ModalOrMessage(view=said.modal, message=said.text)
            show(client, logger, reporting, user, str(body.get("trigger_id") or ""), found, url)
            return
        if name == "meeting":  # the same: the meeting modal, with what the command said filled in
            said = conversation.respond(text, user, "command", str(body.get("channel_id") or "") or None)
            open_meeting(client, logger, services, user, str(body.get("trigger_id") or ""), said, url)
            return
        if name in MINUTES_AND_AGENDA:  # the minutes modal needs the trigger now; the agenda, the channel
            try:
                said = conversation.respond(text, user, "command", str(body.get("channel_id") or "") or None)
                if said.modal is not None:
                    found = ModalOrMessage(view=said.modal)
                    show(client, logger, reporting, user, str(body.get("trigger_id") or ""), found, url)
                else:
                    post_to_response_url(url, payload(services, client, user, said))
            except Exception:
                log.exception("error answering /red %s from %s", name, user)
                with contextlib.suppress(Exception):
                    _ephemeral(url, {"text": services.error_text(user)})
            return
        answerer.command(name, text, user, url, f"{command} {name or 'question'} from {user}")


def answer_or_apologise(
    services: Services, reporting: ReportingService, client: WebClient,
    name: str | None, text: str, user: str, url: str, context: str,
) -> None:  # fmt: skip
    """Post the answer to the response_url; if anything fails, log it and tell the person, in their language."""
    try:
        said = Conversation(services, reporting).respond(text, user, "command")
        post_to_response_url(url, payload(services, client, user, said))
    except Exception:
        log.exception("error after ack (%s)", context)
        with contextlib.suppress(Exception):
            _ephemeral(url, {"text": services.error_text(user)})


def payload(services: Services, client: WebClient, user: str, said: Said) -> dict[str, Any]:
    """What goes back on the response_url: the answer, a message with its buttons, or an upload's outcome."""
    if said.upload is not None:
        text = upload_to_dm(client, services, user, said.upload)
        return {"response_type": "ephemeral", "text": escape(text)}
    if said.answer is not None:
        reply = services.render(said.answer)
        return {"response_type": "ephemeral", "text": reply.text, "blocks": reply.blocks}
    message: dict[str, Any] = {"response_type": "ephemeral", "text": escape(said.text or "")}
    if said.blocks:
        message["blocks"] = [{"type": "section", "text": {"type": "mrkdwn", "text": escape(said.text or "")}},
                             *said.blocks]  # fmt: skip
    return message


def _ephemeral(url: str, message: dict[str, Any]) -> None:
    post_to_response_url(url, {"response_type": "ephemeral", **message})
