"""The `enlace` command: bot/cli.py's commands plus the Slack ones (serve, socket, start, home)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from bot import cli as core
from bot.outbox.run import TickReport
from bot.settings import Settings, load_settings

# `enlace tick` and `enlace outbox retry`: 0 the run did its job; 1 a delivery could neither be delivered
# nor reported to a person (a failure notice failed too, or no admins are configured); 2 usage or config
# error; 3 the run itself could not run (the database is unreachable, ...).
EXIT_UNREPORTED = 1
EXIT_COULD_NOT_RUN = 3


def main(argv: Sequence[str] | None = None) -> int:
    parser, commands = core.build_parser()
    serve = commands.add_parser("serve", help="HTTP mode: POST /slack/events, GET /healthz (gunicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    serve.add_argument("--threads", type=int, default=8)
    commands.add_parser("socket", help="Socket Mode (needs SLACK_APP_TOKEN)")
    commands.add_parser("start", help="Slack when tokens are configured, otherwise the console")
    tick = commands.add_parser(
        "tick", help="deliver prompts, nudges and summaries due up to an instant, once"
    )
    tick.add_argument("--at", required=True, help="ISO 8601 instant, e.g. 2021-06-07T10:00 (Network time)")
    commands.add_parser("clock", help="the scheduler process: delivers what is due every minute")
    outbox = commands.add_parser("outbox", help="list deliveries (prompts, nudges, summaries, notices)")
    outbox.add_argument("--failed", action="store_true", help="only the failed ones")
    outbox.add_argument("--lang", choices=("es", "en"), default="es", help="language of the reasons")
    outbox_actions = outbox.add_subparsers(dest="outbox_action")
    retry = outbox_actions.add_parser("retry", help="send failed deliveries again, now")
    retry.add_argument("keys", nargs="*", metavar="ID", help="a delivery's key, as `enlace outbox` lists it")
    retry.add_argument("--failed", action="store_true", help="every failed delivery")
    prune = outbox_actions.add_parser(
        "prune", help="delete deliveries sent, expired or skipped more than --months ago (failed ones stay)"
    )
    prune.add_argument(
        "--months", type=int, help="how long to keep them (default ENLACE_OUTBOX_KEEP_MONTHS, 12)"
    )
    home = commands.add_parser("home", help="App Home maintenance")
    home.add_argument("action", choices=("refresh",))
    args = parser.parse_args(argv)
    settings = load_settings()
    try:
        if args.command == "serve":
            return _serve(settings, args.host, args.port, args.workers, args.threads)
        if args.command == "socket":
            return _socket(settings)
        if args.command == "home":
            return _refresh_homes(settings)
        if args.command in ("tick", "clock"):
            return _clock(settings, args)
        if args.command == "outbox":
            return _outbox(settings, args)
        if args.command == "start":
            if settings.slack_http_ready or settings.slack_socket_ready:
                return _start(settings)
            args.command = "console"
        return core.run(args, settings)
    except core.ConfigError as error:
        print(f"enlace: config error: {error}", file=sys.stderr)
        return core.EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _start(settings: Settings) -> int:
    """`make run` with Slack tokens: Slack (HTTP, else Socket Mode) and the clock, side by side."""
    from handlers.start import ENLACE, supervise

    if settings.slack_http_ready:
        web = [
            *ENLACE,
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            os.environ.get("PORT", "3000"),
        ]  # workers: WEB_CONCURRENCY, or 2, as `enlace serve` says
    else:
        web = [*ENLACE, "socket"]
    return supervise(web, [*ENLACE, "clock"])


def _serve(settings: Settings, host: str, port: int, workers: int, threads: int) -> int:
    if not settings.slack_http_ready:
        print(
            "enlace serve needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (environment or .env)",
            file=sys.stderr,
        )
        return core.EXIT_USAGE
    from handlers.web import serve

    return serve(settings, host, port, workers, threads)


def _socket(settings: Settings) -> int:
    if not settings.slack_socket_ready:
        print(
            "enlace socket needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN (environment or .env)", file=sys.stderr
        )
        return core.EXIT_USAGE
    from handlers.socket_mode import run_socket_mode

    return run_socket_mode(settings)


def _clock(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.slack_bot_token:
        print(f"enlace {args.command} needs SLACK_BOT_TOKEN (environment or .env)", file=sys.stderr)
        return core.EXIT_USAGE
    from handlers.clock_process import parse_instant, run_clock, tick

    if args.command == "clock":
        return run_clock(settings)
    try:
        at = parse_instant(args.at)
    except ValueError:
        print(
            f"enlace tick: --at must be an ISO 8601 instant like 2021-06-07T10:00, not {args.at!r}",
            file=sys.stderr,
        )
        return core.EXIT_USAGE
    try:
        report = tick(settings, at)
    except core.ConfigError:
        raise
    except Exception as error:
        logging.getLogger("enlace.clock").exception("enlace tick could not run")
        print(f"enlace tick: could not run: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_COULD_NOT_RUN
    print(f"tick at {at.isoformat()}: {report.summary()}")
    return _outcome(report)


def _outcome(report: TickReport) -> int:
    """0 when the run did its job (every due delivery sent, waiting for a retry, expired or skipped with a
    reason, or failed and reported to a person); EXIT_UNREPORTED when something could be neither."""
    if report.no_admins:
        from bot.reporting.loader import NO_ADMINS

        print(f"enlace: warning: {NO_ADMINS}", file=sys.stderr)
    for key in report.unreported:
        print(f"enlace: {key} could neither be delivered nor reported to a person", file=sys.stderr)
    return EXIT_UNREPORTED if report.unreported else 0


def _outbox(settings: Settings, args: argparse.Namespace) -> int:
    if args.outbox_action == "prune":
        return _prune(settings, args.months or settings.outbox_keep_months)
    if args.outbox_action != "retry":
        from bot.bootstrap import open_runtime
        from bot.outbox.listing import lines

        runtime = open_runtime(settings)
        with runtime.session_factory() as session:
            for line in lines(session, runtime.catalog, args.lang, args.failed):
                print(line)
        return 0
    if bool(args.keys) == bool(args.failed):
        print("enlace outbox retry: give the ID of a failed delivery, or --failed for all", file=sys.stderr)
        return core.EXIT_USAGE
    if not settings.slack_bot_token:
        print("enlace outbox retry needs SLACK_BOT_TOKEN (environment or .env)", file=sys.stderr)
        return core.EXIT_USAGE
    from handlers.clock_process import retry

    report, statuses = retry(settings, None if args.failed else list(args.keys))
    print(f"retry: {report.summary()}")
    for key, status in statuses.items():
        print(f"{status or 'unknown'}\t{key}")
    if None in statuses.values():
        print("enlace outbox retry: no delivery has that ID; `enlace outbox` lists them", file=sys.stderr)
        return core.EXIT_USAGE
    return _outcome(report)


def _prune(settings: Settings, months: int) -> int:
    from bot.bootstrap import open_runtime
    from bot.outbox import retention

    if months < retention.MIN_KEEP_MONTHS:
        print(
            f"enlace outbox prune: keep at least {retention.MIN_KEEP_MONTHS} months (--months)",
            file=sys.stderr,
        )
        return core.EXIT_USAGE
    runtime = open_runtime(settings)
    with runtime.session_factory() as session, session.begin():
        deleted, before = retention.prune(session, runtime.clock.now(), months)
    print(f"pruned {deleted} deliveries sent, expired or skipped before {before:%Y-%m-%d}; failed and waiting "
          "ones are kept")  # fmt: skip
    return 0


def _refresh_homes(settings: Settings) -> int:
    """Republish every known App Home whose content changed (after a load, or a new quarter)."""
    if not settings.slack_bot_token:
        print("enlace home refresh needs SLACK_BOT_TOKEN", file=sys.stderr)
        return core.EXIT_USAGE
    from handlers.app import build_services
    from handlers.clock_process import refresh_homes
    from handlers.slack_client import make_web_client

    client = make_web_client(settings.slack_bot_token, settings.slack_api_url)
    services, _ = build_services(settings, client)
    changed = refresh_homes(services, client)
    print(f"App Home republished for {changed} of {len(services.home_users())} people.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
