"""/red: the same answers as `enlace ask`, as Block Kit, visible to the person who asked; and the
subcommands (`/red actualizar [grupo]` opens the status modal)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.reporting.service import ReportingService
from bot.service import Services
from bot.subcommands import split_subcommand
from handlers.reporting import show
from handlers.slack_client import post_to_response_url


def register(app: App, services: Services, reporting: ReportingService, command: str = "/red") -> None:
    @app.command(command)
    def answer_command(
        ack: Callable[..., None], body: dict[str, Any], client: WebClient, logger: logging.Logger
    ) -> None:
        ack()
        user = str(body.get("user_id") or "")
        name, rest = split_subcommand(str(body.get("text") or ""))
        if name == "update":
            show(
                client,
                logger,
                user,
                str(body.get("trigger_id") or ""),
                reporting.modal_for(user, rest or None),
            )
            return
        reply = services.reply_to(rest, user)
        payload = {"response_type": "ephemeral", "text": reply.text, "blocks": reply.blocks}
        try:
            post_to_response_url(str(body["response_url"]), payload)
        except Exception:
            logger.exception("could not answer %s from user %s", command, user)
