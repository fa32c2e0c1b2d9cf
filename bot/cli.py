"""The terminal commands of `enlace` (no Slack). The installed `enlace` is handlers.cli:main, which adds
serve, socket, start and home to these."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
from collections.abc import Sequence
from typing import Any

from bot.config_schema import ConfigError
from bot.settings import Settings, load_settings

EXIT_USAGE = 2

__all__ = ["EXIT_USAGE", "ConfigError", "build_parser", "main", "run"]


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from None


def _instant(value: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 instant such as 2021-06-07T09:00: {value!r}"
        ) from None


def build_parser() -> tuple[argparse.ArgumentParser, Any]:
    """The parser and its subcommands, so the Slack edge can add its own."""
    parser = argparse.ArgumentParser(
        prog="enlace", description="Enlace, the UN Network on Migration bot (Mexico)."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", help="answer one question (or JSON Lines with --batch) and print it")
    ask.add_argument("--lang", choices=("es", "en"), help="answer language (default: the question's)")
    ask.add_argument("--today", type=_date, help="the date to answer as of, YYYY-MM-DD")
    ask.add_argument("--batch", action="store_true", help='read {"q", "lang"?, "today"?} lines on stdin')
    ask.add_argument("question", nargs="*", help="the question (put it after --)")

    commands.add_parser("console", help="an interactive console: type what you would type after /red")
    commands.add_parser("load", help="load config/ into the database (idempotent)")
    export = commands.add_parser("export", help="write the working groups' status reports as CSV")
    export.add_argument("--period", help="only this period (a prefix such as 2021-06)")
    export.add_argument("--out", help="file to write (default: standard output)")
    export.add_argument("--lang", choices=("es", "en"), default="es", help="column names and statuses")
    meetings = commands.add_parser(
        "meetings", help="print the calendar: one line per meeting (start, kind, title, channel, status)"
    )
    meetings.add_argument("--from", dest="start", type=_date, help="first day, YYYY-MM-DD (default: today)")
    meetings.add_argument("--to", dest="end", type=_date, help="last day, YYYY-MM-DD (default: +12 months)")
    meetings.add_argument("--lang", choices=("es", "en"), default="es", help="language of the titles")
    digest = commands.add_parser(
        "digest", help="print a channel's weekly digest as it would be posted (posts nothing)"
    )
    digest.add_argument("--channel", required=True, help="the channel id, as in config/digests.yaml")
    digest.add_argument(
        "--at", type=_instant, help="the instant, ISO 8601 (default: now; no offset: Network's zone)"
    )
    digest.add_argument(
        "--lang", choices=("es", "en"), help="language (default: the channel's; both: es then en)"
    )
    db = commands.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=("upgrade",))
    return parser, commands


def main(argv: Sequence[str] | None = None) -> int:
    parser, _ = build_parser()
    args = parser.parse_args(argv)
    try:
        return run(args, load_settings())
    except ConfigError as error:
        print(f"enlace: config error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bootstrap import load_config, open_runtime

    if args.command == "db":
        from storage.migrate import upgrade

        upgrade(settings.database_url)
        print("Database schema is up to date.")
        return 0
    if args.command == "load":
        from storage.migrate import upgrade

        upgrade(settings.database_url)
        runtime = open_runtime(settings, prepare=False)
        print(load_config(settings, runtime.session_factory, runtime.clock).summary())
        return 0
    runtime = open_runtime(settings)
    if args.command == "export":
        return _export(runtime, args.period, args.out, args.lang)
    if args.command == "meetings":
        return _meetings(runtime, args.start, args.end, args.lang)
    if args.command == "digest":
        return _digest(runtime, args.channel, args.at, args.lang)
    if args.command == "console":
        from bot.chat.console import run_console

        return run_console(_conversation(runtime), runtime.catalog, sys.stdin, sys.stdout)
    return _ask(args, runtime)


def _conversation(runtime: Any) -> Any:
    """The console's conversation: the operator at the terminal, without Slack."""
    from bot.chat.conversation import Conversation
    from bot.chat.service import Services
    from bot.meetings.service import MeetingsService
    from bot.reporting.service import ReportingService

    services = Services(runtime.engine, runtime.catalog, runtime.session_factory, runtime.clock)
    services.meetings = MeetingsService(
        runtime.session_factory, runtime.catalog, runtime.clock, services.user_language
    )
    reporting = ReportingService(
        runtime.session_factory,
        runtime.catalog,
        runtime.clock,
        "enlace-local",
        services.user_language,
        runtime.engine.entity_named,
    )
    return Conversation(services, reporting)


def _export(runtime: Any, period: str | None, out: str | None, lang: str) -> int:
    from bot.reporting.access import OPERATOR
    from bot.reporting.export import export_csv

    with runtime.session_factory() as session, contextlib.ExitStack() as files:
        handle = files.enter_context(open(out, "w", encoding="utf-8", newline="")) if out else sys.stdout
        rows = export_csv(runtime.catalog, session, OPERATOR, lang, period, lambda _user: None, handle)
    assert rows is not None  # the operator reads every group
    if out:
        print(runtime.catalog.t("export.written", lang, count=rows, file=out), file=sys.stderr)
    return 0


def _meetings(runtime: Any, start: dt.date | None, end: dt.date | None, lang: str) -> int:
    from bot.meetings.listing import calendar_lines
    from bot.time.clock import network_zone

    with runtime.session_factory() as session:
        zone = network_zone(session)
        start = start or runtime.clock.now().astimezone(zone).date()
        end = end or start + dt.timedelta(days=365)
        if end < start:
            print("enlace meetings: --to is before --from", file=sys.stderr)
            return EXIT_USAGE
        for text in calendar_lines(session, start, end, lang):
            print(text)
    return 0


def _digest(runtime: Any, channel: str, at: dt.datetime | None, lang: str | None) -> int:
    from bot.digest.service import preview
    from bot.render.plain import render_text
    from bot.time.clock import network_zone

    with runtime.session_factory() as session:
        if at is None:
            at = runtime.clock.now()
        elif at.tzinfo is None:
            at = at.replace(tzinfo=network_zone(session))
        answers = preview(runtime.catalog, session, channel, at, lang)
    if answers is None:
        print(f"enlace digest: channel {channel} has no digest in config/digests.yaml", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write("\n".join(render_text(answer, runtime.catalog) for answer in answers))
    return 0


def _ask(args: argparse.Namespace, runtime: Any) -> int:
    from bot.render.plain import render_text
    from bot.reporting.access import OPERATOR  # the terminal has the database: it reads every report

    engine, catalog = runtime.engine, runtime.catalog
    if not args.batch:
        answer = engine.ask(" ".join(args.question), args.lang, args.today, OPERATOR)
        sys.stdout.write(render_text(answer, catalog))
        return 0
    for line in sys.stdin:
        if not line.strip():
            continue
        question, lang, on = _batch_item(line)
        answer = render_text(engine.ask(question, lang, on, OPERATOR), catalog)
        # One line out per line in, flushed, so a caller can converse with the batch in lock-step.
        sys.stdout.write(json.dumps({"q": question, "answer": answer}, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def _batch_item(line: str) -> tuple[str, str | None, dt.date | None]:
    """A batch line; anything malformed becomes a question of its own rather than stopping the batch."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError:
        return line.strip(), None, None
    if not isinstance(item, dict):
        return str(item), None, None
    question = item.get("q")
    lang = item.get("lang") if item.get("lang") in ("es", "en") else None
    try:
        on = dt.date.fromisoformat(item["today"]) if isinstance(item.get("today"), str) else None
    except ValueError:
        on = None
    return (question if isinstance(question, str) else ""), lang, on


if __name__ == "__main__":
    sys.exit(main())
