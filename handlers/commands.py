"""/red: questions get the same answers as `enlace ask`, as Block Kit only the asker sees; subcommands:
`actualizar [grupo]` opens the status modal, `estado [...]` shows reports, `exportar estado [periodo]`
uploads a CSV, `ausente hasta <fecha>` pauses reminders."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.render_blocks import escape
from bot.reporting.service import ReportingService
from bot.service import Services
from bot.subcommands import split_subcommand
from handlers.after_ack import Answerer
from handlers.reporting import show
from handlers.response_url import post_to_response_url

log = logging.getLogger("enlace.answers")


def register(app: App, reporting: ReportingService, answerer: Answerer, command: str = "/red") -> None:
    @app.command(command)
    def answer_command(
        ack: Callable[..., None], body: dict[str, Any], client: WebClient, logger: logging.Logger
    ) -> None:
        ack()
        user = str(body.get("user_id") or "")
        name, rest = split_subcommand(str(body.get("text") or ""))
        if name == "update":  # a trigger_id expires in 3 seconds: open the modal right away
            show(
                client,
                logger,
                user,
                str(body.get("trigger_id") or ""),
                reporting.modal_for(user, rest or None),
            )
            return
        context = f"{command} {name or 'question'} from {user}"
        answerer.command(name, rest, user, str(body.get("response_url") or ""), context)


def answer_or_apologise(
    services: Services, reporting: ReportingService, client: WebClient,
    name: str | None, rest: str, user: str, url: str, context: str,
) -> None:  # fmt: skip
    """Post the answer to the response_url; if anything fails, log it and tell the person, in their language."""
    try:
        post_to_response_url(url, payload(services, reporting, client, user, name, rest))
    except Exception:
        log.exception("error after ack (%s)", context)
        with contextlib.suppress(Exception):
            post_to_response_url(url, {"response_type": "ephemeral", "text": services.error_text(user)})


def payload(
    services: Services, reporting: ReportingService, client: WebClient, user: str, name: str | None, rest: str
) -> dict[str, Any]:
    """What goes back on the response_url for a question or a subcommand."""
    if name == "export":
        return export_for(client, reporting, user, rest)
    if name == "away":
        return {"response_type": "ephemeral", "text": escape(reporting.set_absence(user, rest))}
    reply = (
        services.render(reporting.status(user, rest)) if name == "status" else services.reply_to(rest, user)
    )
    return {"response_type": "ephemeral", "text": reply.text, "blocks": reply.blocks}


def export_for(client: WebClient, reporting: ReportingService, user: str, rest: str) -> dict[str, Any]:
    """Upload the CSV into the person's DM with the bot (files upload v2) and say so."""
    content, message, _ = reporting.export(user, rest)
    dm = client.conversations_open(users=user)["channel"]["id"]
    client.files_upload_v2(
        channel=dm, content=content, filename="enlace-estado.csv", title="Enlace", initial_comment=message
    )
    return {"response_type": "ephemeral", "text": escape(message)}
