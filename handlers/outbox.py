"""The failure notice's "Reenviar" button: a secretariat admin sends a failed delivery again, right away,
and the notice is redrawn with the outcome (with the button again if it failed again)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.outbox.notices import RESEND_ACTION
from bot.reporting.service import ReportingService
from handlers.response_url import post_to_response_url
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
        result = reporting.resend(user, str(action.get("value") or ""), SlackSender(client))
        container = body.get("container") or {}
        channel, ts = container.get("channel_id"), container.get("message_ts")
        try:
            if result.notice is not None and channel and ts:
                blocks, text = result.notice
                client.chat_update(channel=str(channel), ts=str(ts), blocks=blocks, text=text)
                return
            answer(client, body, user, result.message)
        except Exception:
            logger.exception("could not tell %s how the resend went", user)


def answer(client: WebClient, body: dict[str, Any], user: str, text: str) -> None:
    """Only the person who pressed sees it: on the response_url when there is one, else in their DM."""
    url = body.get("response_url")
    if url:
        post_to_response_url(
            str(url), {"response_type": "ephemeral", "replace_original": False, "text": text}
        )
    else:
        client.chat_postMessage(channel=user, text=text)
