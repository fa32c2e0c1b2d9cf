"""The Bolt app factory. Wiring only: the features live in their own modules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.bootstrap import open_runtime
from bot.chat.people import Directory
from bot.chat.service import Services
from bot.digest.delivery import digest_kinds
from bot.meetings.ics import CalendarLinks
from bot.meetings.minutes_outbox import minutes_kinds
from bot.meetings.reminders import reminder_kinds
from bot.meetings.service import MeetingsService
from bot.reporting.service import ReportingService
from bot.settings import Settings
from bot.time.clock import Clock
from handlers import actions, commands, edge, fallback, home, meeting_minutes, meetings, messages, reporting
from handlers import outbox as outbox_actions
from handlers.lanes import Answerer, AnswerThreads, Kit
from handlers.logs import configure_logging
from handlers.profiles import SlackProfiles
from handlers.slack_client import make_web_client

if TYPE_CHECKING:
    from handlers.answer_process import AnswerProcess


def create_app(
    settings: Settings,
    client: WebClient | None = None,
    session_factory: sessionmaker[Session] | None = None,
    clock: Clock | None = None,
    answer_process: AnswerProcess | None = None,
) -> App:
    """Every way in acknowledges, then hands its work to the answerer (handlers/lanes.py); with
    an answer_process (`enlace serve`), that work runs in lower-priority processes (answer_process.py)."""
    client = client or make_web_client(settings.slack_bot_token, settings.slack_api_url)
    services, reporting_service = build_services(settings, client, session_factory, clock)
    app = App(
        name="enlace",
        client=client,
        signing_secret=settings.slack_signing_secret,
        process_before_response=False,
    )
    edge.register(app, services)
    answerer: Answerer
    if answer_process is not None:
        answerer = answer_process.lanes()
    else:
        answerer = AnswerThreads(Kit(services, reporting_service, client))
    commands.register(app, answerer, settings.slack_command)
    messages.register(app, answerer)
    actions.register(app, answerer)
    home.register(app, answerer)
    reporting.register(app, reporting_service, answerer)
    meeting_minutes.register(app, services, answerer)
    outbox_actions.register(app, answerer)
    meetings.register(app, services, answerer)
    fallback.register(app)
    app.services = services  # type: ignore[attr-defined]  # for tests
    app.answerer = answerer  # type: ignore[attr-defined]  # for tests: drain with answerer.shutdown()
    return app


def build_services(
    settings: Settings,
    client: WebClient,
    session_factory: sessionmaker[Session] | None = None,
    clock: Clock | None = None,
) -> tuple[Services, ReportingService]:
    """Everything the listeners and the clock call, wired to one database and one Web API client."""
    configure_logging(settings.log_level, [settings.slack_bot_token or "", settings.slack_signing_secret or "",
                                           settings.slack_app_token or ""])  # fmt: skip
    runtime = open_runtime(settings, clock=clock, session_factory=session_factory)
    factory = runtime.session_factory
    people = Directory(SlackProfiles(client).fetch)
    services = Services(runtime.engine, runtime.catalog, factory, runtime.clock, people)
    services.meetings = MeetingsService(
        factory, runtime.catalog, runtime.clock, services.user_language, lambda user: people.profile(user).tz
    )
    services.meetings.viewer_of = services.viewer
    services.meetings.ask = services.answer
    secret = settings.slack_signing_secret or settings.slack_bot_token or "enlace-local"
    links = CalendarLinks(settings.public_url, settings.calendar_token)  # each reminder's own .ics
    reporting_service = ReportingService(
        factory,
        runtime.catalog,
        runtime.clock,
        secret,
        services.user_language,
        runtime.engine.entity_named,
        others=(
            reminder_kinds(runtime.catalog, links),
            minutes_kinds(runtime.catalog, services.user_language),
            digest_kinds(runtime.catalog),
        ),
    )
    return services, reporting_service
