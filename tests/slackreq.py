"""Requests shaped like the ones Slack sends to an app, signed with Slack's v0 scheme.

Bodies follow Slack's wire format rather than Python's defaults: JSON is compact, ASCII-only
(non-ASCII as \\uXXXX escapes) and escapes "/" as "\\/", as Slack's own payloads do; form bodies are
``application/x-www-form-urlencoded`` with "+" for spaces; interactive payloads arrive as a single
``payload=<url-encoded JSON>`` form field.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import secrets
import time
import urllib.error
import urllib.request
import uuid
from typing import Any
from urllib.parse import urlencode, urlsplit

from slack_sdk.signature import SignatureVerifier

from tests.fakeslack import APP_ID, BOT_ID, BOT_USER_ID, TEAM_ID

SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
TEAM_DOMAIN = "redmigracion"
USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"

_action_ts = itertools.count(1_700_000_500_000_001, 1_000)


def _fresh_action_ts() -> str:
    micros = next(_action_ts)
    return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


def slack_json(value: Any) -> str:
    """JSON as Slack writes it: compact, \\u-escaped non-ASCII, and "\\/" for "/"."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/")


def content_type_for(body: str) -> str:
    return "application/json" if body.lstrip().startswith("{") else "application/x-www-form-urlencoded"


def sign(body: str, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The headers Slack adds to a request: timestamp, v0 signature and content type."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
        "Content-Type": content_type_for(body),
    }


# -- slash commands ---------------------------------------------------------------------------------


def slash_command(
    text: str,
    *,
    user_id: str = "U0USER1",
    user_name: str = "ana",
    channel_id: str = "C0CHAN1",
    channel_name: str = "red-migracion",
    command: str = "/red",
    response_url: str,
    trigger_id: str = "1337.42.abcd",
    team_id: str = TEAM_ID,
) -> str:
    """The x-www-form-urlencoded body Slack POSTs for a slash command, fields in Slack's order."""
    return urlencode(
        [
            ("token", "verification-token-unused"),
            ("team_id", team_id),
            ("team_domain", TEAM_DOMAIN),
            ("channel_id", channel_id),
            ("channel_name", channel_name),
            ("user_id", user_id),
            ("user_name", user_name),
            ("command", command),
            ("text", text),
            ("api_app_id", APP_ID),
            ("is_enterprise_install", "false"),
            ("response_url", response_url),
            ("trigger_id", trigger_id),
        ]
    )


# -- Events API ---------------------------------------------------------------------------------------


def _event_context(event: dict[str, Any], team_id: str, api_app_id: str) -> str:
    context = {"et": event.get("type"), "tid": team_id, "aid": api_app_id, "cid": event.get("channel")}
    packed = base64.urlsafe_b64encode(json.dumps(context, separators=(",", ":")).encode()).decode()
    return "4-" + packed.rstrip("=")


def event_callback(
    event: dict[str, Any],
    *,
    event_id: str | None = None,
    team_id: str = TEAM_ID,
    api_app_id: str = APP_ID,
    event_time: int | None = None,
) -> str:
    """The JSON body of an Events API delivery wrapping `event`."""
    return slack_json(
        {
            "token": "verification-token-unused",
            "team_id": team_id,
            "context_team_id": team_id,
            "context_enterprise_id": None,
            "api_app_id": api_app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or "Ev" + secrets.token_hex(5).upper(),
            "event_time": int(time.time()) if event_time is None else event_time,
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": team_id,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": _event_context(event, team_id, api_app_id),
        }
    )


def url_verification(challenge: str = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P") -> str:
    return slack_json(
        {"token": "verification-token-unused", "challenge": challenge, "type": "url_verification"}
    )


_MENTION = re.compile(r"<@([UW][A-Z0-9]+)>")


def rich_text(text: str) -> list[dict[str, Any]]:
    """The rich_text block Slack attaches to a typed message (user mentions become user elements)."""
    elements: list[dict[str, Any]] = []
    position = 0
    for match in _MENTION.finditer(text):
        if match.start() > position:
            elements.append({"type": "text", "text": text[position : match.start()]})
        elements.append({"type": "user", "user_id": match.group(1)})
        position = match.end()
    if position < len(text):
        elements.append({"type": "text", "text": text[position:]})
    block_id = secrets.token_urlsafe(4)[:5]
    return [
        {
            "type": "rich_text",
            "block_id": block_id,
            "elements": [{"type": "rich_text_section", "elements": elements}],
        }
    ]


def app_mention(
    text: str,
    *,
    user: str = "U0USER1",
    channel: str = "C0CHAN1",
    ts: str = "1700000000.000100",
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """An app_mention event; `text` should contain the mention, e.g. "<@UBOT> ¿Quién lidera...?"."""
    event: dict[str, Any] = {
        "user": user,
        "type": "app_mention",
        "ts": ts,
        "client_msg_id": str(uuid.uuid4()),
        "text": text,
        "team": TEAM_ID,
        "blocks": rich_text(text),
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def _message(
    text: str,
    *,
    user: str,
    channel: str,
    channel_type: str,
    ts: str,
    thread_ts: str | None,
    subtype: str | None,
    bot_id: str | None,
) -> dict[str, Any]:
    message: dict[str, Any] = {"user": user, "type": "message", "ts": ts}
    if bot_id is None:
        message["client_msg_id"] = str(uuid.uuid4())
    else:
        message["bot_id"] = bot_id
        message["app_id"] = APP_ID if bot_id == BOT_ID else "A0OTHER"
        message["bot_profile"] = {
            "id": bot_id,
            "app_id": message["app_id"],
            "name": "bot",
            "team_id": TEAM_ID,
        }
    message.update({"text": text, "team": TEAM_ID, "blocks": rich_text(text)})
    if thread_ts is not None:
        message["thread_ts"] = thread_ts
    if subtype is None:
        return {**message, "channel": channel, "event_ts": ts, "channel_type": channel_type}
    if subtype in ("message_changed", "message_deleted"):
        edited_ts = f"{int(float(ts)) + 60}.000000"
        event: dict[str, Any] = {
            "type": "message",
            "subtype": subtype,
            "hidden": True,
            "channel": channel,
            "ts": edited_ts,
            "event_ts": edited_ts,
            "channel_type": channel_type,
            "previous_message": message,
        }
        if subtype == "message_changed":
            event["message"] = {**message, "edited": {"user": user, "ts": edited_ts}}
        else:
            event["deleted_ts"] = ts
        return event
    return {**message, "subtype": subtype, "channel": channel, "event_ts": ts, "channel_type": channel_type}


def dm_message(
    text: str,
    *,
    user: str = "U0USER1",
    channel: str = "D0DM0001",
    ts: str = "1700000000.000200",
    thread_ts: str | None = None,
    subtype: str | None = None,
    bot_id: str | None = None,
) -> dict[str, Any]:
    """A message.im event. With `bot_id` it is a bot's message (no client_msg_id, bot_profile added);
    subtype "message_changed"/"message_deleted" gives Slack's nested edit/delete shape."""
    return _message(
        text,
        user=user,
        channel=channel,
        channel_type="im",
        ts=ts,
        thread_ts=thread_ts,
        subtype=subtype,
        bot_id=bot_id,
    )


def channel_message(
    text: str,
    *,
    user: str = "U0USER1",
    channel: str = "C0CHAN1",
    ts: str = "1700000000.000300",
    thread_ts: str | None = None,
    subtype: str | None = None,
    bot_id: str | None = None,
) -> dict[str, Any]:
    """A message.channels event (see dm_message)."""
    return _message(
        text,
        user=user,
        channel=channel,
        channel_type="channel",
        ts=ts,
        thread_ts=thread_ts,
        subtype=subtype,
        bot_id=bot_id,
    )


def app_home_opened(
    user: str = "U0USER1", tab: str = "home", *, view: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An app_home_opened event; `view` is the currently published Home view, if any."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D" + user,
        "tab": tab,
        "event_ts": "1700000000.000400",
    }
    if view is not None:
        event["view"] = view
    return event


# -- interactivity ----------------------------------------------------------------------------------


def _team() -> dict[str, Any]:
    return {"id": TEAM_ID, "domain": TEAM_DOMAIN}


def _user(user_id: str) -> dict[str, Any]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": TEAM_ID}


def interactive_body(payload: dict[str, Any]) -> str:
    """The form body Slack POSTs for an interaction: ``payload=<url-encoded JSON>``."""
    return urlencode({"payload": slack_json(payload)})


def block_actions(
    action_id: str,
    value: str,
    *,
    user_id: str = "U0USER1",
    response_url: str | None,
    channel_id: str = "C0CHAN1",
    container: dict[str, Any] | None = None,
    trigger_id: str = "1337.42.abcd",
    view: dict[str, Any] | None = None,
    block_id: str = "actions",
    button_text: str = "Button",
    message_ts: str = "1700000100.000100",
) -> str:
    """A block_actions interaction for a button click.

    A message button (the default) carries channel, message and response_url; a button in a view
    (pass `view`, e.g. the Home tab) carries the view and no channel, message or response_url.
    """
    action = {
        "action_id": action_id,
        "block_id": block_id,
        "text": {"type": "plain_text", "text": button_text, "emoji": True},
        "value": value,
        "type": "button",
        "action_ts": _fresh_action_ts(),
    }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user_id),
        "api_app_id": APP_ID,
        "token": "verification-token-unused",
    }
    if view is not None:
        payload["container"] = container or {"type": "view", "view_id": view.get("id", "V1")}
        payload.update({"trigger_id": trigger_id, "team": _team(), "enterprise": None})
        payload.update({"is_enterprise_install": False, "view": view})
    else:
        payload["container"] = container or {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel_id,
            "is_ephemeral": False,
        }
        payload.update({"trigger_id": trigger_id, "team": _team(), "enterprise": None})
        payload["is_enterprise_install"] = False
        payload["channel"] = {
            "id": channel_id,
            "name": "red-migracion" if channel_id.startswith("C") else "directmessage",
        }
        payload["message"] = {
            "user": BOT_USER_ID,
            "type": "message",
            "ts": message_ts,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "text": "",
            "team": TEAM_ID,
            "blocks": [],
        }
        payload["state"] = {"values": {}}
    if response_url is not None:
        payload["response_url"] = response_url
    payload["actions"] = [action]
    return interactive_body(payload)


def select_in_view(
    view: dict[str, Any],
    block_id: str,
    value: str,
    *,
    user_id: str = "U0USER1",
    action_id: str = "value",
    option_text: str = "Opción",
    state: dict[str, Any] | None = None,
    trigger_id: str = "1337.44.ijkl",
) -> str:
    """A block_actions interaction for a static_select (with dispatch_action) inside an open modal: Slack
    sends the view as it is open (with its id, hash, private_metadata and the state typed so far)."""
    option = {"text": {"type": "plain_text", "text": option_text, "emoji": True}, "value": value}
    action = {
        "type": "static_select",
        "action_id": action_id,
        "block_id": block_id,
        "selected_option": option,
        "action_ts": _fresh_action_ts(),
    }
    open_view = {
        "id": "V1", "team_id": TEAM_ID, "type": "modal", "hash": "1700000000.abcdEFGH",
        "previous_view_id": None, "root_view_id": "V1", "app_id": APP_ID, "external_id": "",
        "app_installed_team_id": TEAM_ID, "bot_id": BOT_ID, "clear_on_close": False, "notify_on_close": False,
        **view, "state": {"values": state or {block_id: {action_id: {"type": "static_select", "selected_option": option}}}},
    }  # fmt: skip
    payload = {
        "type": "block_actions",
        "user": _user(user_id),
        "api_app_id": APP_ID,
        "token": "verification-token-unused",
        "container": {"type": "view", "view_id": open_view["id"]},
        "trigger_id": trigger_id,
        "team": _team(),
        "enterprise": None,
        "is_enterprise_install": False,
        "view": open_view,
        "actions": [action],
    }
    return interactive_body(payload)


def view_submission(
    callback_id: str,
    values: dict[str, Any],
    *,
    user_id: str = "U0USER1",
    private_metadata: str = "",
    view_id: str = "V1",
    trigger_id: str = "1337.43.efgh",
    blocks: list[dict[str, Any]] | None = None,
    title: str = "Enlace",
) -> str:
    """A view_submission interaction; `values` is ``view.state.values``:
    ``{block_id: {action_id: {"type": "plain_text_input", "value": "..."}}}``."""
    view = {
        "id": view_id,
        "team_id": TEAM_ID,
        "type": "modal",
        "blocks": blocks or [],
        "private_metadata": private_metadata,
        "callback_id": callback_id,
        "state": {"values": values},
        "hash": "1700000000.abcdEFGH",
        "title": {"type": "plain_text", "text": title, "emoji": True},
        "clear_on_close": False,
        "notify_on_close": False,
        "close": {"type": "plain_text", "text": "Cancelar", "emoji": True},
        "submit": {"type": "plain_text", "text": "Enviar", "emoji": True},
        "previous_view_id": None,
        "root_view_id": view_id,
        "app_id": APP_ID,
        "external_id": "",
        "app_installed_team_id": TEAM_ID,
        "bot_id": BOT_ID,
    }
    return interactive_body(
        {
            "type": "view_submission",
            "team": _team(),
            "user": _user(user_id),
            "api_app_id": APP_ID,
            "token": "verification-token-unused",
            "trigger_id": trigger_id,
            "view": view,
            "response_urls": [],
            "is_enterprise_install": False,
            "enterprise": None,
        }
    )


# -- delivery ---------------------------------------------------------------------------------------

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def post(
    url: str,
    body: str,
    *,
    headers: dict[str, str] | None = None,
    content_type: str | None = None,
    sign_with: str | None = SIGNING_SECRET,
    retry_num: int | None = None,
    retry_reason: str = "http_timeout",
    timestamp: int | None = None,
) -> tuple[int, dict[str, str], str]:
    """POST `body` to a loopback `url` the way Slack does; return (status, lower-cased headers, text).

    4xx/5xx answers are returned, not raised.
    """
    host = urlsplit(url).hostname
    if host not in _LOOPBACK:
        raise ValueError(f"slackreq.post only talks to loopback URLs, not {url!r}")
    all_headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/json,*/*",
        "Content-Type": content_type or content_type_for(body),
    }
    if sign_with is not None:
        all_headers.update(sign(body, sign_with, timestamp))
        if content_type:
            all_headers["Content-Type"] = content_type
    if retry_num is not None:
        all_headers["X-Slack-Retry-Num"] = str(retry_num)
        all_headers["X-Slack-Retry-Reason"] = retry_reason
    all_headers.update(headers or {})
    request = urllib.request.Request(url, data=body.encode("utf-8"), headers=all_headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # loopback only, checked above
            return response.status, _lower(response.headers.items()), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", errors="replace")
        return error.code, _lower(error.headers.items()), text


def _lower(items: Any) -> dict[str, str]:
    return {str(key).lower(): str(value) for key, value in items}
