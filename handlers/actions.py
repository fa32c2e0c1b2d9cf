"""Example buttons: a click asks the example question for the person who clicked."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.render_blocks import EXAMPLE_ACTION
from bot.service import Services
from handlers.after_ack import Answerer
from handlers.response_url import post_to_response_url


def register(app: App, answerer: Answerer) -> None:
    @app.action(re.compile(rf"^{EXAMPLE_ACTION}_\d+$"))
    def ask_example(
        ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], logger: logging.Logger
    ) -> None:
        ack()
        user = (body.get("user") or {}).get("id")
        url = body.get("response_url")
        answerer.example(
            str(action.get("value") or ""), user, str(url) if url else None, f"example from {user}"
        )


def answer_example(
    services: Services, client: WebClient, question: str, user: str | None, url: str | None
) -> None:
    reply = services.reply_to(question, user)
    if url:
        payload = {
            "response_type": "ephemeral",
            "replace_original": False,
            "text": reply.text,
            "blocks": reply.blocks,
        }
        post_to_response_url(url, payload)
    elif user:  # a button in App Home has no response_url: answer in the DM
        client.chat_postMessage(channel=user, text=reply.text, blocks=reply.blocks)


def apologise_for_example(services: Services, client: WebClient, user: str | None, url: str | None) -> None:
    text = services.error_text(user)
    if url:
        post_to_response_url(url, {"response_type": "ephemeral", "replace_original": False, "text": text})
    elif user:
        client.chat_postMessage(channel=user, text=text)
