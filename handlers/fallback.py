"""Registered last: anything no other listener took still gets a 200, so Slack neither retries it nor,
after enough failures, turns the app's events off."""

from __future__ import annotations

import re
from collections.abc import Callable

from slack_bolt import App

ANYTHING = re.compile(".*")


def register(app: App) -> None:
    @app.event(ANYTHING)
    def ignore_event() -> None:
        return None

    @app.action(ANYTHING)
    def ignore_action(ack: Callable[..., None]) -> None:
        ack()

    @app.view(ANYTHING)
    def ignore_view(ack: Callable[..., None]) -> None:
        ack()

    @app.shortcut(ANYTHING)
    def ignore_shortcut(ack: Callable[..., None]) -> None:
        ack()
