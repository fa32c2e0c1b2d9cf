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
from bot.reporting.service import ModalOrMessage
from handlers.lanes import Answerer, Kit, lane_for
from handlers.meetings import open_meeting
from handlers.reporting import show
from handlers.response_url import post_to_response_url
from handlers.uploads import upload_to_dm

log = logging.getLogger("enlace.answers")
MINUTES_AND_AGENDA = ("minutes", "minutes_list", "agenda")


def register(app: App, answerer: Answerer, command: str = "/red") -> None:
    @app.command(command)
    def answer_command(ack: Callable[..., None], body: dict[str, Any]) -> None:
        ack()
        user, text = str(body.get("user_id") or ""), str(body.get("text") or "")
        name, _ = split_subcommand(text)
        lane_for(answerer, text)(
            run_command, text, user, str(body.get("response_url") or ""), str(body.get("trigger_id") or ""),
            str(body.get("channel_id") or "") or None, f"{command} {name or 'question'} from {user}",
        )  # fmt: skip


def run_command(kit: Kit, text: str, user: str, url: str, trigger_id: str, channel: str | None,
                context: str) -> None:  # fmt: skip
    """Answer /red where it was typed; if anything fails, log it and tell the person, in their language."""
    try:
        _command(kit, text, user, url, trigger_id, channel)
    except Exception:
        log.exception("error after ack (%s)", context)
        with contextlib.suppress(Exception):
            _ephemeral(url, {"text": kit.services.error_text(user)})


def _command(kit: Kit, text: str, user: str, url: str, trigger_id: str, channel: str | None) -> None:
    services, reporting, client = kit.services, kit.reporting, kit.client
    name, _ = split_subcommand(text)
    conversation = Conversation(services, reporting)
    if name == "update":  # a trigger_id expires in 3 seconds: the modal is opened first thing
        said = conversation.respond(text, user, "command")
        found = ModalOrMessage(view=said.modal, message=said.text)
        show(client, log, reporting, user, trigger_id, found, url)
    elif name == "meeting":  # the same: the meeting modal, with what the command said filled in
        said = conversation.respond(text, user, "command", channel)
        open_meeting(client, log, services, user, trigger_id, said, url)
    elif name in MINUTES_AND_AGENDA:  # the minutes modal needs the trigger; the agenda, the channel
        said = conversation.respond(text, user, "command", channel)
        if said.modal is not None:
            show(client, log, reporting, user, trigger_id, ModalOrMessage(view=said.modal), url)
        else:
            post_to_response_url(url, payload(services, client, user, said))
    else:
        said = conversation.respond(text, user, "command")
        post_to_response_url(url, payload(services, client, user, said))


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
