"""Mentions are answered in a thread; direct messages in the DM. Bots, and the bot itself, are ignored."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.service import Reply, Services
from handlers.posting import post_message

MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
# Message subtypes that are not a person writing to the bot.
IGNORED_SUBTYPES = {
    "bot_message", "message_changed", "message_deleted", "message_replied", "channel_join", "channel_leave",
    "thread_broadcast", "ekm_access_denied", "me_message", "tombstone", "assistant_app_thread",
}  # fmt: skip


def register(app: App, services: Services) -> None:
    @app.event("app_mention")
    def answer_mention(event: dict[str, Any], client: WebClient, logger: logging.Logger) -> None:
        if _from_a_bot(event):
            return
        reply = services.reply_to(MENTION.sub(" ", str(event.get("text") or "")), event.get("user"))
        _post(client, logger, reply, str(event["channel"]), event.get("thread_ts") or event.get("ts"))

    @app.event("message")
    def answer_direct_message(event: dict[str, Any], client: WebClient, logger: logging.Logger) -> None:
        if (
            event.get("channel_type") != "im"
            or _from_a_bot(event)
            or event.get("subtype") in IGNORED_SUBTYPES
        ):
            return
        reply = services.reply_to(MENTION.sub(" ", str(event.get("text") or "")), event.get("user"))
        _post(client, logger, reply, str(event["channel"]), event.get("thread_ts"))


def _from_a_bot(event: dict[str, Any]) -> bool:
    return bool(event.get("bot_id") or event.get("bot_profile") or event.get("subtype") == "bot_message")


def _post(client: WebClient, logger: logging.Logger, reply: Reply, channel: str, thread_ts: Any) -> None:
    try:
        post_message(client, channel, reply.text, reply.blocks, thread_ts=thread_ts)
    except Exception:
        logger.exception("could not reply in %s", channel)
