"""The failure notice's "Reenviar" button: a secretariat admin sends a failed delivery again, right away,
and the notice is redrawn with the outcome (with the button again if it failed again). When the notice
cannot be redrawn, the admin who pressed is told the outcome on their own."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot.outbox.notices import RESEND_ACTION
from handlers.actions import send_to
from handlers.lanes import Answerer, Kit, apologise
from handlers.sender import SlackSender

log = logging.getLogger("enlace.outbox")


def register(app: App, answerer: Answerer) -> None:
    @app.action(RESEND_ACTION)
    def resend(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        container = body.get("container") or {}
        url = str(body["response_url"]) if body.get("response_url") else None
        # A resend sends a delivery (a summary: several messages, a 429's wait): seconds, in the slow lane.
        answerer.slow(resend_delivery, str((body.get("user") or {}).get("id") or ""), str(action.get("value") or ""),
                      url, container.get("channel_id"), container.get("message_ts"))  # fmt: skip


def resend_delivery(kit: Kit, user: str, key: str, url: str | None, channel: Any, ts: Any) -> None:
    """Send it again, then redraw the notice with the outcome, or tell the admin who pressed."""
    try:
        result = kit.reporting.resend(user, key, SlackSender(kit.client))
    except Exception:
        apologise(kit, user, url, f"resend of {key} by {user}")
        return
    if result.notice is not None and channel and ts:
        blocks, text = result.notice
        try:
            kit.client.chat_update(channel=str(channel), ts=str(ts), blocks=blocks, text=text)
            return
        except Exception:  # the notice is gone or cannot be edited: the outcome still reaches the admin
            log.exception("could not redraw the notice for %s: telling %s instead", key, user)
    try:
        send_to(kit.client, user, url, {"text": result.message})
    except Exception:
        log.exception("could not tell %s how the resend of %s went", user, key)
