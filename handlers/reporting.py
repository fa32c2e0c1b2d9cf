"""Working-group reports in Slack: the prompt's button opens the modal; the modal's submission is stored
or answered with errors inside the modal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.render_blocks import escape
from bot.reporting.messages import OPEN_MODAL_ACTION
from bot.reporting.service import ModalOrMessage, ReportingService
from bot.reporting.updates import CALLBACK_ID


def register(app: App, reporting: ReportingService) -> None:
    @app.action(OPEN_MODAL_ACTION)
    def open_status_modal(
        ack: Callable[..., None],
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        logger: logging.Logger,
    ) -> None:
        ack()
        user = str((body.get("user") or {}).get("id") or "")
        show(
            client,
            logger,
            user,
            str(body.get("trigger_id") or ""),
            reporting.modal_from_button(user, str(action.get("value") or "")),
        )

    @app.view(CALLBACK_ID)
    def save_status(
        ack: Callable[..., None],
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        logger: logging.Logger,
    ) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        values = (view.get("state") or {}).get("values") or {}
        outcome = reporting.submit(user, str(view.get("private_metadata") or ""), values)
        if outcome.errors:
            ack(response_action="errors", errors=outcome.errors)
            return
        ack()
        try:
            client.chat_postMessage(channel=user, text=escape(outcome.saved or ""))
        except Exception:
            logger.exception("could not thank %s for their report", user)


def show(
    client: WebClient, logger: logging.Logger, user: str, trigger_id: str, result: ModalOrMessage
) -> None:
    try:
        if result.view is not None:
            client.views_open(trigger_id=trigger_id, view=result.view)
        elif result.message:
            client.chat_postMessage(channel=user, text=escape(result.message))
    except Exception:
        logger.exception("could not open the status modal for %s", user)
