"""Mentions are answered in a thread; direct messages in the DM. The commands work here too (see
bot.chat.conversation); what is private (status reports, a person's own commands) is never posted for a whole
channel: in a channel it goes only to the person, as an ephemeral message in the thread. Bots, and the bot
itself, are ignored."""

from __future__ import annotations

import contextlib
import logging
import re
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.chat.conversation import Conversation, Said
from bot.chat.service import Services
from bot.render.blocks import escape
from handlers.lanes import Answerer, Kit, lane_for
from handlers.posting import post_message
from handlers.uploads import upload_to_dm

log = logging.getLogger("enlace.answers")
MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
# Message subtypes that are not a person writing to the bot.
IGNORED_SUBTYPES = {
    "bot_message", "message_changed", "message_deleted", "message_replied", "channel_join", "channel_leave",
    "thread_broadcast", "ekm_access_denied", "me_message", "tombstone", "assistant_app_thread",
}  # fmt: skip


def register(app: App, answerer: Answerer) -> None:
    @app.event("app_mention")
    def answer_mention(event: dict[str, Any]) -> None:
        if _from_a_bot(event):
            return
        text, channel = _text(event), str(event.get("channel") or "")
        thread = event.get("thread_ts") or event.get("ts")
        lane_for(answerer, text)(reply, "app_mention", text, event.get("user"), channel, thread)

    @app.event("message")
    def answer_direct_message(event: dict[str, Any]) -> None:
        if (
            event.get("channel_type") != "im"
            or _from_a_bot(event)
            or event.get("subtype") in IGNORED_SUBTYPES
        ):
            return
        text, channel = _text(event), str(event.get("channel") or "")
        lane_for(answerer, text)(
            reply, "message.im", text, event.get("user"), channel, event.get("thread_ts")
        )


def reply(kit: Kit, kind: str, text: str, user: str | None, channel: str, thread_ts: Any) -> None:
    """Answer a mention (`kind` "app_mention": in its thread) or a DM ("message.im"); if the answer cannot
    be made, log it and tell the person, in their language, where only they see it."""
    in_channel = kind == "app_mention"
    try:
        said = Conversation(kit.services, kit.reporting).respond(
            text, user, "mention" if in_channel else "dm", channel if in_channel else None
        )
    except Exception:
        log.exception("error answering %s from %s in %s", kind, user, channel)
        if user:
            with contextlib.suppress(Exception):
                kit.client.chat_postEphemeral(channel=channel, user=user, text=kit.services.error_text(user))
        return
    _reply(kit.client, kit.services, said, channel, thread_ts, user, in_channel)


def _text(event: dict[str, Any]) -> str:
    return MENTION.sub(" ", str(event.get("text") or "")).strip()


def _from_a_bot(event: dict[str, Any]) -> bool:
    return bool(event.get("bot_id") or event.get("bot_profile") or event.get("subtype") == "bot_message")


def _reply(client: WebClient, services: Services, said: Said, channel: str, thread_ts: Any, user: str | None,
           in_channel: bool) -> None:  # fmt: skip
    try:
        if in_channel and said.private and user:
            note = services.catalog.t("slack.only_you", services.user_language(user))
            text, blocks = _message(client, services, said, user, note)
            client.chat_postEphemeral(
                channel=channel, user=user, thread_ts=thread_ts, text=text, blocks=blocks
            )
        else:
            text, blocks = _message(client, services, said, user)
            post_message(client, channel, text, blocks, thread_ts=thread_ts)
    except Exception:
        log.exception("could not reply in %s", channel)


def _message(
    client: WebClient, services: Services, said: Said, user: str | None, footer: str | None = None
) -> tuple[str, list[Any] | None]:
    """The text and blocks to post; `footer` is a note under them (plain text), within Slack's limits."""
    if said.answer is not None:
        reply = services.render(said.answer, footer)
        return reply.text, reply.blocks
    if said.upload is not None and user:
        text = escape(upload_to_dm(client, services, user, said.upload))
    else:
        text = escape(said.text or "")
    extra = [{"type": "context", "elements": [{"type": "mrkdwn", "text": escape(footer)}]}] if footer else []
    blocks = [_section(text), *(said.blocks or []), *extra]
    return text, blocks if len(blocks) > 1 else None


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}
