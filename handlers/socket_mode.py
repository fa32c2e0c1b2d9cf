"""Socket Mode: the same app over Slack's WebSocket, for workspaces that cannot reach a public URL."""

from __future__ import annotations

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.settings import Settings
from handlers.app import create_app


def run_socket_mode(settings: Settings) -> int:
    app = create_app(settings)
    SocketModeHandler(app, settings.slack_app_token).start()  # type: ignore[no-untyped-call]
    return 0
