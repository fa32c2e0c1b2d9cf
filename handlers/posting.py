"""Posting a message so that it arrives: when Slack refuses the blocks anyway (`msg_blocks_too_long` is
undocumented and counted differently from what we measure; `invalid_blocks`), the short version, the
plain text that goes with them, is sent instead of nothing."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

log = logging.getLogger("enlace.slack")
REFUSED_BLOCKS = frozenset({"msg_blocks_too_long", "invalid_blocks"})


def slack_error(error: BaseException) -> str | None:
    """Slack's error code ("not_in_channel", ...) from a Web API exception, or None for anything else."""
    if isinstance(error, SlackApiError):
        code = error.response.get("error") if error.response is not None else None
        return str(code) if code else None
    return None


def post_message(
    client: WebClient, channel: str, text: str, blocks: list[dict[str, Any]] | None = None, **extra: Any
) -> SlackResponse:
    """chat.postMessage; blocks Slack refuses are replaced by the text alone, once."""
    try:
        return client.chat_postMessage(channel=channel, text=text, blocks=blocks, **extra)
    except SlackApiError as error:
        if not blocks or slack_error(error) not in REFUSED_BLOCKS:
            raise
        log.warning(
            "Slack refused the blocks for %s (%s): sending the text alone", channel, slack_error(error)
        )
        return client.chat_postMessage(channel=channel, text=text, **extra)
