"""/red: the same answers as `enlace ask`, as Block Kit, visible to the person who asked."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot.service import Services
from handlers.slack_client import post_to_response_url


def register(app: App, services: Services, command: str = "/red") -> None:
    @app.command(command)
    def answer_command(ack: Callable[..., None], body: dict[str, Any], logger: logging.Logger) -> None:
        ack()
        reply = services.reply_to(str(body.get("text") or ""), body.get("user_id"))
        payload = {"response_type": "ephemeral", "text": reply.text, "blocks": reply.blocks}
        try:
            post_to_response_url(str(body["response_url"]), payload)
        except Exception:
            logger.exception("could not answer %s from user %s", command, body.get("user_id"))
