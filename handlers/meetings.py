"""Ad hoc meetings in Slack: the "Programar reunión" button, the new-meeting and move modals, the meeting
message's Mover / Cancelar buttons (also in `/red reuniones`). bot/meetings/adhoc.py decides; this posts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.chat.conversation import Said
from bot.chat.service import Services
from bot.meetings.adhoc import CANCEL_ACTION, EVENT_TYPE, MOVE_ACTION, OPEN_ACTION, AdHoc, Outcome, Post
from bot.meetings.modal import MOVE_CALLBACK, NEW_CALLBACK
from bot.meetings.service import MeetingsService
from bot.render.blocks import escape
from handlers.lanes import Answerer, Kit, apologise
from handlers.posting import post_message, slack_error
from handlers.response_url import post_to_response_url

log = logging.getLogger("enlace.meetings")
HISTORY_PAGES = 3  # how far back a meeting's message is looked for when the button was not on it


def register(app: App, services: Services, answerer: Answerer) -> None:
    def meetings() -> MeetingsService:
        assert services.meetings is not None
        return services.meetings

    @app.action(OPEN_ACTION)
    def open_meeting_modal(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        answerer.answer(open_from_button, _user(body), str(action.get("value") or ""), _channel(body),
                        str(body.get("trigger_id") or ""), body.get("response_url"))  # fmt: skip

    @app.action(MOVE_ACTION)
    @app.action(CANCEL_ACTION)
    def move_or_cancel(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        answerer.answer(press, str(action.get("action_id")), _user(body), str(action.get("value") or ""),
                        _message(body), str(body.get("trigger_id") or ""), body.get("response_url"))  # fmt: skip

    @app.view(NEW_CALLBACK)
    def save_meeting(ack: Callable[..., None], body: dict[str, Any], view: dict[str, Any]) -> None:
        user = _user(body)
        outcome = meetings().adhoc.submit_new(user, view)
        if _acked(ack, outcome.errors):
            answerer.answer(post_new, user, outcome)

    @app.view(MOVE_CALLBACK)
    def move_meeting(ack: Callable[..., None], body: dict[str, Any], view: dict[str, Any]) -> None:
        user = _user(body)
        outcome = meetings().adhoc.submit_move(user, view)
        if _acked(ack, outcome.errors):
            answerer.answer(done, user, outcome, None)


def _adhoc(kit: Kit) -> AdHoc:
    assert kit.services.meetings is not None
    return kit.services.meetings.adhoc


def open_from_button(kit: Kit, user: str, value: str, channel: str | None, trigger_id: str,
                     response_url: Any) -> None:  # fmt: skip
    """ "Programar reunión": the new-meeting modal."""
    try:
        view = _adhoc(kit).view_from_button(user, value, channel)
    except Exception:
        apologise(kit, user, response_url, f"meeting modal for {user}")
        return
    _open(kit.client, log, kit.services, user, trigger_id, view, response_url)


def press(kit: Kit, action_id: str, user: str, value: str, message: tuple[str, str] | None, trigger_id: str,
          response_url: Any) -> None:  # fmt: skip
    """A meeting's Mover (the move modal) or Cancelar."""
    try:
        outcome = _adhoc(kit).press(action_id, user, value, message)
    except Exception:
        apologise(kit, user, response_url, f"{action_id} from {user}")
        return
    if outcome.view is not None:
        _open(kit.client, log, kit.services, user, trigger_id, outcome.view, response_url)
    else:
        done(kit, user, outcome, response_url)


def post_new(kit: Kit, user: str, outcome: Outcome) -> None:
    """A new meeting's message in its channel, and what the person is told."""
    tell = outcome.tell
    if outcome.post is not None:
        try:
            post_message(kit.client, outcome.post.channel, outcome.post.text, outcome.post.blocks,
                         metadata=outcome.post.metadata)  # fmt: skip
        except Exception as error:
            code = slack_error(error) or type(error).__name__
            log.warning("meeting %s not posted in %s: %s", outcome.post.uid, outcome.post.channel, code)
            tell = _adhoc(kit).not_posted(user, outcome.post.uid, code)
    _tell(kit.client, log, user, tell or "")


def _acked(ack: Callable[..., None], errors: dict[str, str] | None) -> bool:
    """Acknowledge a modal's submission: with its errors shown in place (False: nothing was saved), or
    closing it (True)."""
    if errors:
        ack(response_action="errors", errors=errors)
        return False
    ack()
    return True


def open_meeting(client: WebClient, logger: logging.Logger, services: Services, user: str, trigger_id: str,
                 said: Said, response_url: str) -> None:  # fmt: skip
    """`/red reunión`: open the modal the conversation returned right away (a trigger lasts 3 seconds), or
    say what it said instead."""
    if said.modal is not None:
        _open(client, logger, services, user, trigger_id, said.modal, response_url)
    else:
        _tell(client, logger, user, escape(said.text or ""), response_url)


def done(kit: Kit, user: str, outcome: Outcome, response_url: Any) -> None:
    """After a move or a cancellation: the meeting's message shows it, and the person is told (also when
    the message could not be edited: the channel still shows the old details)."""
    tell = outcome.tell or ""
    if outcome.update is not None:
        try:
            _update(kit.client, outcome.update)
        except Exception as error:
            code = slack_error(error) or type(error).__name__
            log.warning("meeting message %s not updated: %s", outcome.update.uid, code)
            tell = f"{tell}\n{_adhoc(kit).not_updated(user, outcome.update.uid, code)}".strip()
    _tell(kit.client, log, user, tell, response_url)


def _update(client: WebClient, post: Post) -> None:
    ts = post.ts or _find(client, post.channel, post.uid)
    if ts is None:
        return
    client.chat_update(channel=post.channel, ts=ts, text=post.text, blocks=post.blocks)


def _find(client: WebClient, channel: str, uid: str) -> str | None:
    """The ts of the meeting's own message in its channel, by its metadata."""
    cursor = None
    for _ in range(HISTORY_PAGES):
        page: Any = client.conversations_history(channel=channel, include_all_metadata=True, limit=200,
                                                 cursor=cursor)  # fmt: skip
        for message in page.get("messages") or []:
            metadata = message.get("metadata") or {}
            if (
                metadata.get("event_type") == EVENT_TYPE
                and (metadata.get("event_payload") or {}).get("uid") == uid
            ):
                return str(message.get("ts"))
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not page.get("has_more") or not cursor:
            return None
    return None


def _open(client: WebClient, logger: logging.Logger, services: Services, user: str, trigger_id: str,
          view: dict[str, Any], response_url: Any) -> None:  # fmt: skip
    """Open the modal; if Slack will not (the trigger expired), say so."""
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except Exception as error:
        code = slack_error(error)
        logger.warning("views.open failed for %s: %s", user, code or error)
        key = "adhoc.modal_expired" if code == "expired_trigger_id" else "adhoc.modal_failed"
        _tell(
            client, logger, user, escape(services.catalog.t(key, services.user_language(user))), response_url
        )


def _tell(client: WebClient, logger: logging.Logger, user: str, text: str, response_url: Any = None) -> None:
    """`text` (escaped mrkdwn) to the person: in the conversation the button was in, else in their DM."""
    if not text:
        return
    try:
        if response_url:
            post_to_response_url(str(response_url), {"response_type": "ephemeral", "replace_original": False,
                                                     "text": text})  # fmt: skip
        else:
            post_message(client, user, text)
    except Exception:
        logger.exception("could not answer %s", user)


def _user(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id") or "")


def _channel(body: dict[str, Any]) -> str | None:
    return str((body.get("channel") or {}).get("id") or "") or None


def _message(body: dict[str, Any]) -> tuple[str, str] | None:
    """The channel and ts of the (non-ephemeral) message whose button was pressed."""
    container = body.get("container") or {}
    if container.get("type") != "message" or container.get("is_ephemeral"):
        return None
    channel = str(container.get("channel_id") or _channel(body) or "")
    ts = str(container.get("message_ts") or (body.get("message") or {}).get("ts") or "")
    return (channel, ts) if channel and ts else None
