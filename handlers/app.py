"""The Bolt app factory. Wiring only: the features live in their own modules."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.bootstrap import open_runtime
from bot.clock import Clock
from bot.language import LocaleCache
from bot.service import Services
from bot.settings import Settings
from handlers import actions, commands, edge, fallback, home, messages
from handlers.logs import configure_logging
from handlers.slack_client import make_web_client


def create_app(
    settings: Settings,
    client: WebClient | None = None,
    session_factory: sessionmaker[Session] | None = None,
    clock: Clock | None = None,
) -> App:
    configure_logging(settings.log_level, [settings.slack_bot_token or "", settings.slack_signing_secret or "",
                                           settings.slack_app_token or ""])  # fmt: skip
    runtime = open_runtime(settings, clock=clock)
    client = client or make_web_client(settings.slack_bot_token, settings.slack_api_url)
    services = Services(
        runtime.engine, runtime.catalog, session_factory or runtime.session_factory, runtime.clock,
        LocaleCache(lambda user: _slack_locale(client, user)),
    )  # fmt: skip
    if session_factory is not None:
        runtime.engine.session_factory = session_factory
    app = App(client=client, signing_secret=settings.slack_signing_secret, process_before_response=False)
    edge.register(app, services)
    commands.register(app, services, settings.slack_command)
    messages.register(app, services)
    actions.register(app, services)
    home.register(app, services)
    fallback.register(app)
    app.services = services  # type: ignore[attr-defined]  # for `enlace home refresh` and tests
    return app


def _slack_locale(client: WebClient, user: str) -> str | None:
    try:
        response: Any = client.users_info(user=user, include_locale=True)
    except Exception:
        return None  # the question's language or Spanish will do
    return (response.get("user") or {}).get("locale")
