"""HTTP mode: a WSGI app with POST /slack/events and GET /healthz, served by gunicorn."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.settings import Settings, load_settings
from handlers.app import create_app

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def create_wsgi_app(settings: Settings | None = None, answers_in_process: bool = False) -> WsgiApp:
    settings = settings or load_settings()
    slack = SlackRequestHandler(
        create_app(settings, answers_in_process=answers_in_process), path="/slack/events"
    )

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            start_response("200 OK", [("Content-Type", "application/json")])
            return [b'{"ok": true}']
        return slack(environ, start_response)

    return application


def serve(settings: Settings, host: str, port: int, workers: int, threads: int) -> int:
    from gunicorn.app.base import BaseApplication

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
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> WsgiApp:
            return create_wsgi_app(settings, answers_in_process=True)

    Server().run()
    return 0
