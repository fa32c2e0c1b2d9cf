"""The failure notice's "Reenviar" button: a secretariat admin sends a failed delivery again, right away,
and the notice is redrawn with the outcome (with the button again if it failed again). When the notice
cannot be redrawn, the admin who pressed is told the outcome on their own."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.outbox.notices import RESEND_ACTION
from bot.reporting.service import ReportingService
from handlers.actions import send_to
from handlers.sender import SlackSender


def register(app: App, reporting: ReportingService) -> None:
    @app.action(RESEND_ACTION)
    def resend(
        ack: Callable[..., None],
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        logger: logging.Logger,
    ) -> None:
        ack()
        user = str((body.get("user") or {}).get("id") or "")
        key = str(action.get("value") or "")
        url = str(body["response_url"]) if body.get("response_url") else None
        # When the resend itself breaks, handlers/edge.py's error handler logs it and apologises.
        result = reporting.resend(user, key, SlackSender(client))
        container = body.get("container") or {}
        channel, ts = container.get("channel_id"), container.get("message_ts")
        if result.notice is not None and channel and ts:
            blocks, text = result.notice
            try:
                client.chat_update(channel=str(channel), ts=str(ts), blocks=blocks, text=text)
                return
            except Exception:  # the notice is gone or cannot be edited: the outcome still reaches the admin
                logger.exception("could not redraw the notice for %s: telling %s instead", key, user)
        try:
            send_to(client, user, url, {"text": result.message})
        except Exception:
            logger.exception("could not tell %s how the resend of %s went", user, key)
