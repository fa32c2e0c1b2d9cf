"""Minutes in Slack: the minutes modal's submission (errors inside the modal, or stored), then posted at once
in the meeting's channel and its followers' through the outbox; what fails there is retried by the clock and
reported to the secretariat admins like every delivery."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.chat.service import Services
from bot.meetings.minutes import CALLBACK_ID
from bot.render.blocks import escape
from bot.reporting.outbox import deliver_now
from handlers.lanes import Answerer, Kit
from handlers.posting import post_message
from handlers.sender import SlackSender

log = logging.getLogger("enlace.minutes")


def register(app: App, services: Services, answerer: Answerer) -> None:
    @app.view(CALLBACK_ID)
    def save_minutes(
        ack: Callable[..., None], body: dict[str, Any], view: dict[str, Any], client: WebClient,
        logger: logging.Logger,
    ) -> None:  # fmt: skip
        meetings = services.meetings
        user = str((body.get("user") or {}).get("id") or "")
        lang = str(view.get("private_metadata") or "") or services.user_language(user)
        if meetings is None:
            ack()
            return
        values = (view.get("state") or {}).get("values") or {}
        saved = meetings.save_minutes(user, lang, values)
        if saved.errors:
            ack(response_action="errors", errors=saved.errors)
            return
        ack()
        answerer.slow(post_minutes, user, list(saved.keys), saved.minutes_id, saved.message)


def post_minutes(kit: Kit, user: str, keys: list[str], minutes_id: int, message: str) -> None:
    """Post the minutes in every channel that follows the meeting (seconds, at the send rate, for the
    Network's meetings), then tell the person who saved them."""
    reporting = kit.reporting
    try:
        deliver_now(reporting.session_factory, SlackSender(kit.client), reporting.catalog, reporting.clock.now(),
                    reporting.language, keys, others=reporting.others)  # fmt: skip
    except Exception:  # the rows are stored: the clock sends what did not go
        log.exception("minutes %s not posted right away", minutes_id)
    try:
        post_message(kit.client, user, escape(message))
    except Exception:
        log.exception("could not tell %s their minutes were saved", user)
