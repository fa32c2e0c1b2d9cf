"""What every request goes through: duplicate events dropped, errors logged and told to the user."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot.chat.service import Services
from handlers.response_url import post_to_response_url


def register(app: App, services: Services) -> None:
    @app.middleware
    def drop_duplicate_events(body: dict[str, Any], next: Callable[[], None], logger: logging.Logger) -> Any:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not services.first_delivery(str(event_id)):
            logger.info("dropping event %s: already handled", event_id)
            return BoltResponse(status=200, body="")
        next()
        return None

    @app.error
    def tell_the_user(
        error: Exception, body: dict[str, Any], client: WebClient, logger: logging.Logger
    ) -> None:
        user = _user_of(body)
        logger.exception(
            "error handling %s (command=%s event=%s action=%s user=%s team=%s): %s",
            body.get("type") or ("slash_command" if "command" in body else "unknown"),
            body.get("command"),
            (body.get("event") or {}).get("type"),
            ",".join(str(a.get("action_id")) for a in body.get("actions", []) or []),
            user,
            body.get("team_id") or (body.get("team") or {}).get("id"),
            type(error).__name__,
            exc_info=error,
        )
        text = services.error_text(user)
        try:
            if body.get("response_url"):
                post_to_response_url(body["response_url"], {"text": text, "response_type": "ephemeral"})
            elif (body.get("event") or {}).get("channel") and user:
                event = body["event"]
                client.chat_postEphemeral(channel=event["channel"], user=user, text=text)
        except Exception:
            logger.exception("could not tell user %s about the error", user)


def _user_of(body: dict[str, Any]) -> str | None:
    user = body.get("user_id") or (body.get("user") or {}).get("id") or (body.get("event") or {}).get("user")
    return str(user) if user else None
