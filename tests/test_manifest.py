"""The Slack app manifest asks for exactly the scopes the code needs: every Web API method the code calls and
every event it subscribes to, and nothing more. A scope missing fails in a real workspace (the export once
did, for want of files:write); a scope too many is a permission the secretariat is asked for in vain."""

from __future__ import annotations

import re

from tests import yamlfile
from tests.conftest import ROOT

# The bot-token scopes each Web API method needs (https://api.slack.com/methods). Methods that need none
# (auth.test, views.*) map to an empty set; a method missing here fails the test until someone looks it up.
METHOD_SCOPES: dict[str, set[str]] = {
    "auth.test": set(),
    "chat.postMessage": {"chat:write"},
    "chat.postEphemeral": {"chat:write"},
    "chat.update": {"chat:write"},
    "conversations.open": {"im:write"},
    # DMs, and the public and private channels summaries are posted in.
    "conversations.history": {"im:history", "channels:history", "groups:history"},
    # A digest's discussion thread, looked for before it is posted again.
    "conversations.replies": {"channels:history", "groups:history"},
    "pins.add": {"pins:write"},
    "pins.remove": {"pins:write"},
    "files.getUploadURLExternal": {"files:write"},
    "files.completeUploadExternal": {"files:write"},
    "users.info": {"users:read"},
    "views.open": set(),
    "views.publish": set(),
    "views.update": set(),
    "views.push": set(),
}
EVENT_SCOPES = {"app_mention": {"app_mentions:read"}, "message.im": {"im:history"}, "app_home_opened": set()}
# slack_sdk helpers that call several methods.
COMPOSITE = {"files_upload_v2": ("files.getUploadURLExternal", "files.completeUploadExternal")}
_CALL = re.compile(
    r"\bclient\.(auth_test|chat_\w+|conversations_\w+|files_\w+|users_\w+|views_\w+|reactions_\w+|pins_\w+)\("
)


def _method(name: str) -> str:
    """chat_postMessage -> chat.postMessage"""
    family, _, rest = name.partition("_")
    return f"{family}.{rest}"


def methods_called() -> set[str]:
    found: set[str] = set()
    for path in sorted((ROOT / "handlers").rglob("*.py")) + sorted((ROOT / "bot").rglob("*.py")):
        for name in _CALL.findall(path.read_text(encoding="utf-8")):
            found.update(COMPOSITE.get(name, (_method(name),)))
    return found


def test_the_scan_finds_what_the_code_calls() -> None:
    """A guard on the scan itself: calls we know of are found, in every spelling the code uses."""
    called = methods_called()
    assert {"chat.postMessage", "views.open", "users.info", "files.completeUploadExternal"} <= called
    assert _CALL.findall("self.client.chat_postMessage(channel=c)") == ["chat_postMessage"]


def test_manifest_scopes_match_the_web_api_methods_and_events_the_code_uses() -> None:
    manifest = yamlfile.read(ROOT / "manifest.yml")
    granted = set(manifest["oauth_config"]["scopes"]["bot"])
    called = methods_called()
    unknown = called - METHOD_SCOPES.keys()
    assert not unknown, f"look up the scopes of {sorted(unknown)} and add them to METHOD_SCOPES"
    needed = {"commands"} if manifest["features"].get("slash_commands") else set()
    for method in called:
        needed |= METHOD_SCOPES[method]
    for event in manifest["settings"]["event_subscriptions"]["bot_events"]:
        needed |= EVENT_SCOPES[event]
    assert granted == needed, f"missing: {sorted(needed - granted)}; not needed: {sorted(granted - needed)}"
