"""Working-group reports in Slack: the prompt's buttons (open the modal, "sin cambios"), the modal filling
itself in when an activity is chosen, and its submission: stored, answered with errors inside the modal, or
shown again for the period now open."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.render.blocks import escape
from bot.reporting.messages import NO_CHANGES_ACTION, OPEN_MODAL_ACTION
from bot.reporting.modal import ACTIVITY_BLOCK, CALLBACK_ID
from bot.reporting.service import ModalOrMessage, ReportingService
from handlers.posting import post_message, slack_error
from handlers.response_url import post_to_response_url


def register(app: App, reporting: ReportingService) -> None:
    @app.action(OPEN_MODAL_ACTION)
    def open_status_modal(
        ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient,
        logger: logging.Logger,
    ) -> None:  # fmt: skip
        ack()
        user = _user(body)
        result = reporting.modal_from_button(user, str(action.get("value") or ""))
        show(
            client,
            logger,
            reporting,
            user,
            str(body.get("trigger_id") or ""),
            result,
            body.get("response_url"),
        )

    @app.action(NO_CHANGES_ACTION)
    def report_no_changes(
        ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient,
        logger: logging.Logger,
    ) -> None:  # fmt: skip
        ack()
        user = _user(body)
        _tell(client, logger, user, reporting.no_changes(user, str(action.get("value") or "")))

    @app.action({"block_id": ACTIVITY_BLOCK, "action_id": "value"})
    def fill_in_the_chosen_activity(
        ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient,
        logger: logging.Logger,
    ) -> None:  # fmt: skip
        ack()
        view = body.get("view") or {}
        chosen = str((action.get("selected_option") or {}).get("value") or "")
        updated = reporting.refresh_modal(_user(body), str(view.get("private_metadata") or ""), chosen)
        if updated is None:
            return
        try:  # the hash makes Slack refuse the update if the person changed the form meanwhile
            client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=updated)
        except Exception as error:
            logger.info("modal not filled in for %s: %s", _user(body), slack_error(error) or error)

    @app.view(CALLBACK_ID)
    def save_status(
        ack: Callable[..., None], body: dict[str, Any], view: dict[str, Any], client: WebClient,
        logger: logging.Logger,
    ) -> None:  # fmt: skip
        user = _user(body)
        values = (view.get("state") or {}).get("values") or {}
        outcome = reporting.submit(user, str(view.get("private_metadata") or ""), values)
        if outcome.errors:
            ack(response_action="errors", errors=outcome.errors)
            return
        if outcome.view is not None:
            ack(response_action="update", view=outcome.view)
            return
        ack()
        try:
            post_message(client, user, escape(outcome.saved or ""), outcome.blocks)
        except Exception:
            logger.exception("could not thank %s for their report", user)


def show(client: WebClient, logger: logging.Logger, reporting: ReportingService, user: str, trigger_id: str,
         result: ModalOrMessage, response_url: Any = None) -> None:  # fmt: skip
    """Open the modal, or say why not; a modal Slack would not open gets a message too."""
    if result.view is None:
        _tell(client, logger, user, result.message or "", response_url)
        return
    try:
        client.views_open(trigger_id=trigger_id, view=result.view)
    except Exception as error:
        logger.warning("views.open failed for %s: %s", user, slack_error(error) or error)
        code = slack_error(error)
        key = "reporting.modal_expired" if code == "expired_trigger_id" else "reporting.modal_failed"
        _tell(client, logger, user, reporting.catalog.t(key, reporting.language(user)), response_url)


def _tell(client: WebClient, logger: logging.Logger, user: str, text: str, response_url: Any = None) -> None:
    """A short answer to a button: in the conversation it came from when Slack gave a way back, else in the
    DM."""
    try:
        if response_url:
            post_to_response_url(str(response_url), {"response_type": "ephemeral", "replace_original": False,
                                                     "text": escape(text)})  # fmt: skip
        else:
            post_message(client, user, escape(text))
    except Exception:
        logger.exception("could not answer %s", user)


def _user(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id") or "")
