"""HTTP mode: a WSGI app with POST /slack/events, GET /healthz and the calendar feeds (GET /calendar.ics,
GET /calendar/<uid>.ics), served by gunicorn."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier
from sqlalchemy.orm import Session, sessionmaker

from bot.meetings.ics import CalendarFeed
from bot.outbox.heartbeat import clock_status
from bot.settings import Settings, load_settings
from bot.time.clock import Clock
from handlers.app import create_app

if TYPE_CHECKING:
    from handlers.answer_process import AnswerProcess

log = logging.getLogger("enlace.web")
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
MAX_BODY_BYTES = 1_000_000  # Slack's payloads are far smaller; anything bigger is not from Slack


def create_wsgi_app(
    settings: Settings | None = None, answer_process: AnswerProcess | None = None, clock: Clock | None = None
) -> WsgiApp:
    settings = settings or load_settings()
    bolt = create_app(settings, answer_process=answer_process, clock=clock)
    slack = SlackRequestHandler(bolt, path="/slack/events")
    services = bolt.services  # type: ignore[attr-defined]
    calendar = CalendarFeed(
        services.session_factory, services.catalog, services.clock, settings.calendar_token
    )
    verifier = SignatureVerifier(settings.slack_signing_secret or "")

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path == "/healthz" and method in ("GET", "HEAD"):
            warm = getattr(bolt.answerer, "ready", lambda: True)  # type: ignore[attr-defined]
            return _reply(start_response, *health(services.session_factory, services.clock, warm()))
        if path and (path == "/calendar.ics" or path.startswith("/calendar/")):
            return _calendar(calendar, path if method in ("GET", "HEAD") else "", environ, start_response)
        if path != "/slack/events" or method != "POST":
            return slack(environ, start_response)
        # Bolt parses a body before it checks the signature, so a forged, malformed body would be a 500:
        # check the signature first, on the raw bytes, and hand Bolt only what Slack signed.
        body = _read_body(environ)
        headers = {
            "x-slack-request-timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""),
            "x-slack-signature": environ.get("HTTP_X_SLACK_SIGNATURE", ""),
        }
        if body is None or not _signed(verifier, body, headers):
            log.info("Invalid request signature or stale timestamp (timestamp %r, %d bytes): rejected",
                     headers["x-slack-request-timestamp"][:20], len(body or b""))  # fmt: skip
            return _reply(start_response, "401 Unauthorized", b'{"error": "invalid request"}')
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        try:
            return slack(environ, start_response)
        except ValueError:  # signed, but not a body Slack sends (malformed JSON or form)
            return _reply(start_response, "400 Bad Request", b'{"error": "malformed body"}')

    return application


def _calendar(
    calendar: CalendarFeed, path: str, environ: dict[str, Any], start_response: Callable[..., Any]
) -> list[bytes]:
    """The feed or one meeting's .ics; anything wrong (no token configured, a wrong or missing one, an
    unknown meeting) is a bare 404 that tells nothing about why."""
    query = parse_qs(environ.get("QUERY_STRING", ""))
    body: bytes | None = None
    if path == "/calendar.ics":
        body = calendar.feed(query.get("token", [None])[0])
    elif path.startswith("/calendar/") and path.endswith(".ics"):
        # PEP 3333: PATH_INFO is the decoded path's bytes read as latin-1; a uid is UTF-8.
        uid = (
            path.removeprefix("/calendar/")
            .removesuffix(".ics")
            .encode("latin-1", "replace")
            .decode("utf-8", "replace")
        )
        body = calendar.one(uid, query.get("sig", [None])[0]) if uid else None
    if body is None:
        start_response("404 Not Found", [("Content-Length", "0")])
        return []
    start_response("200 OK", [("Content-Type", "text/calendar; charset=utf-8"),
                              ("Content-Length", str(len(body))), ("Cache-Control", "private, max-age=300")])  # fmt: skip
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


def _signed(verifier: SignatureVerifier, body: bytes, headers: dict[str, str]) -> bool:
    try:
        return verifier.is_valid_request(body, headers)
    except (ValueError, TypeError):  # a missing or non-numeric timestamp
        return False


def _read_body(environ: dict[str, Any]) -> bytes | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length < 0 or length > MAX_BODY_BYTES:
        return None
    return bytes(environ["wsgi.input"].read(length))


def health(sessions: sessionmaker[Session], clock: Clock, warm: bool = True) -> tuple[str, bytes]:
    """Ready once the answers are warm (`warm`), with the database reachable; and whether the clock ticked
    lately (bot.outbox.heartbeat; the web process stays ready without it: the report is for whoever
    watches)."""
    try:
        with sessions() as session:
            ticks = clock_status(session, clock.now())
    except Exception as error:  # any failure to reach the database is the answer
        log.warning("healthz: the database is unreachable: %s", error)
        down = {"ok": False, "database": f"unreachable: {type(error).__name__}"}
        return "503 Service Unavailable", json.dumps(down).encode()
    body: dict[str, object] = {"ok": warm, "database": "ok", "clock": ticks}
    if not warm:
        body["answers"] = "warming up"
        return "503 Service Unavailable", json.dumps(body).encode()
    return "200 OK", json.dumps(body).encode()


def _reply(start_response: Callable[..., Any], status: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def serve(settings: Settings, host: str, port: int, workers: int, threads: int) -> int:
    from gunicorn.app.base import BaseApplication

    from bot.bootstrap import open_runtime

    # Migrate and load once, here, before the workers start: workers racing to prepare a fresh database
    # would fail to boot.
    open_runtime(settings, prepare=True).db.dispose()
    from handlers.answer_process import AnswerProcess

    answers = AnswerProcess(settings)  # one for all the workers, started before they fork

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "worker_class": "gthread",
                "threads": threads,
                "timeout": 30,
                "graceful_timeout": 10,
                "accesslog": None,
                "loglevel": settings.log_level.lower(),
                # Said once a worker has loaded the app and is about to accept: what a test (or an
                # operator reading the log) waits for, rather than a guess at how long booting takes.
                "post_worker_init": _say_ready,
                "on_exit": lambda arbiter: answers.stop(),  # once the workers have stopped
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> WsgiApp:
            return create_wsgi_app(settings, answer_process=answers)

    Server().run()
    return 0


def _say_ready(worker: Any) -> None:
    worker.log.info("Worker %s ready", worker.pid)
