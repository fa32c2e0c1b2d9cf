"""Example buttons: a click asks the example (a question or a command such as "estado retorno") for the
person who clicked, exactly as if they had typed it after /red."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.chat.conversation import Conversation
from bot.render.blocks import EXAMPLE_ACTION
from handlers.commands import payload
from handlers.lanes import Answerer, Kit, lane_for
from handlers.response_url import post_to_response_url

log = logging.getLogger("enlace.answers")


def register(app: App, answerer: Answerer) -> None:
    @app.action(re.compile(rf"^{EXAMPLE_ACTION}_\d+$"))
    def ask_example(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        user = (body.get("user") or {}).get("id")
        url = body.get("response_url")
        question = str(action.get("value") or "")
        lane_for(answerer, question)(
            answer_example, question, user, str(url) if url else None, f"example from {user}"
        )


def answer_example(kit: Kit, question: str, user: str | None, url: str | None, context: str) -> None:
    """Answer the example on the response_url (or, from App Home, in the DM); on failure, log and apologise."""
    services, client = kit.services, kit.client
    try:
        said = Conversation(services, kit.reporting).respond(question, user, "command")
        message = payload(services, client, user or "", said)
        message.pop("response_type", None)
        send_to(client, user, url, message)
    except Exception:
        log.exception("error after ack (%s)", context)
        with contextlib.suppress(Exception):
            send_to(client, user, url, {"text": services.error_text(user)})


def send_to(client: WebClient, user: str | None, url: str | None, message: dict[str, Any]) -> None:
    """Only the person who pressed a button sees it: on the response_url when there is one, else in their DM."""
    if url:
        post_to_response_url(url, {"response_type": "ephemeral", "replace_original": False, **message})
    elif user:  # a button in App Home has no response_url: answer in the DM
        client.chat_postMessage(channel=user, **message)
