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
from handlers.lanes import Answerer, Kit, apologise
from handlers.posting import post_message, slack_error
from handlers.response_url import post_to_response_url

log = logging.getLogger("enlace.reporting")


def register(app: App, reporting: ReportingService, answerer: Answerer) -> None:
    @app.action(OPEN_MODAL_ACTION)
    def open_status_modal(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        answerer.answer(open_report_modal, _user(body), str(action.get("value") or ""),
                        str(body.get("trigger_id") or ""), body.get("response_url"))  # fmt: skip

    @app.action(NO_CHANGES_ACTION)
    def report_no_changes(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        answerer.answer(no_changes, _user(body), str(action.get("value") or ""), body.get("response_url"))

    @app.action({"block_id": ACTIVITY_BLOCK, "action_id": "value"})
    def fill_in_the_chosen_activity(
        ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        ack()
        view = body.get("view") or {}
        chosen = str((action.get("selected_option") or {}).get("value") or "")
        answerer.answer(fill_in, _user(body), str(view.get("private_metadata") or ""), chosen, view.get("id"),
                        view.get("hash"))  # fmt: skip

    @app.view(CALLBACK_ID)
    def save_status(ack: Callable[..., None], body: dict[str, Any], view: dict[str, Any]) -> None:
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
        answerer.answer(thank, user, outcome.saved or "", outcome.blocks)


def open_report_modal(kit: Kit, user: str, value: str, trigger_id: str, response_url: str | None) -> None:
    """The prompt's "Informar avance": the modal, or why not."""
    try:
        result = kit.reporting.modal_from_button(user, value)
    except Exception:
        apologise(kit, user, response_url, f"report modal for {user}")
        return
    show(kit.client, log, kit.reporting, user, trigger_id, result, response_url)


def no_changes(kit: Kit, user: str, value: str, response_url: str | None) -> None:
    try:
        text = kit.reporting.no_changes(user, value)
    except Exception:
        apologise(kit, user, response_url, f"no changes from {user}")
        return
    _tell(kit.client, log, user, text)


def fill_in(kit: Kit, user: str, metadata: str, chosen: str, view_id: Any, hash: Any) -> None:
    """The report modal fills itself in with the chosen activity's report."""
    updated = kit.reporting.refresh_modal(user, metadata, chosen)
    if updated is None:
        return
    try:  # the hash makes Slack refuse the update if the person changed the form meanwhile
        kit.client.views_update(view_id=view_id, hash=hash, view=updated)
    except Exception as error:
        log.info("modal not filled in for %s: %s", user, slack_error(error) or error)


def thank(kit: Kit, user: str, saved: str, blocks: Any) -> None:
    try:
        post_message(kit.client, user, escape(saved), blocks)
    except Exception:
        log.exception("could not thank %s for their report", user)


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
