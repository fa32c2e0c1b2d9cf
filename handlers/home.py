"""App Home: published when the person opens it and its content changed since the last publish."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.chat.service import Services
from handlers.lanes import Answerer, Kit

log = logging.getLogger("enlace.home")


def register(app: App, answerer: Answerer) -> None:
    @app.event("app_home_opened")
    def open_home(event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        answerer.answer(publish_home, str(event["user"]))


def publish_home(kit: Kit, user: str) -> None:
    publish(kit.services, kit.client, user, log)


def publish(
    services: Services, client: WebClient, user: str, logger: logging.Logger, force: bool = False
) -> bool:
    view = services.home_view(user)
    if not force and not services.home_needs_publishing(user, view):
        return False
    try:
        client.views_publish(user_id=user, view=view)
    except Exception:
        logger.exception("could not publish App Home for %s", user)
        return False
    services.home_published(user, view)
    return True
