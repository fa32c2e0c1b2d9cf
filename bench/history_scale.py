"""Every history-bound operation of issue 11 at 1k / 10k / 100k / 1M status reports, SQLite and PostgreSQL,
side by side: what grows with the history and what stays flat.

Usage: .venv/bin/python bench/history_scale.py [--sizes 1k,10k,100k,1M] [--db sqlite,postgresql]
                                               [--rounds 5] [--runs 6] [--export-runs 3] [--no-cache]

Each history is bench/history.py's (weekly periods back from 2022-06-20, 43 reports a period, every status,
latest_reports kept as save_update keeps it, about 0.45 done deliveries a report), caught up by one clock
tick. Generated databases are cached under /tmp/enlace-history-cache (SQLite files) and as PostgreSQL
databases named enlace_hist_<version>_<size>, keyed by size and by what shapes them (bench/history.py,
the migrations, config/): a 1M history takes about half a minute to write, a cached one nothing. `--no-cache`
writes each history afresh and removes it; `--drop-cache` removes every cached history and exits.

Each operation runs as the Slack edge or the clock runs it, through bot.chat.conversation (the words of
`/red`), bot.chat.service (App Home) and bot.reporting (the channel summary, the clock's tick), rendered to
Block Kit where Slack would get blocks, in one process with a warm engine, as a web worker holds it; the
viewer is a secretariat admin, who reads every group. Cells are the median in ms of `--rounds` x `--runs`,
and in brackets the lowest and highest of the rounds' medians; each round goes over every column in turn. The exports run the real CLI in a process of their own (`enlace
export --out`, bench/export_stream.py): the median seconds of `--export-runs` (0: not run), the largest
peak RSS of that process, and the rows written; `--period` exports the oldest whole period.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import history  # noqa: E402
from bench.export_stream import export  # noqa: E402
from bench.idle_tick import NOW as TICK_AT  # noqa: E402
from bench.idle_tick import Anyone, Nobody  # noqa: E402
from bot.bootstrap import open_runtime  # noqa: E402
from bot.chat.conversation import Conversation  # noqa: E402
from bot.chat.people import Directory, Profile  # noqa: E402
from bot.chat.service import Services  # noqa: E402
from bot.digest.delivery import digest_kinds  # noqa: E402
from bot.meetings.minutes_outbox import minutes_kinds  # noqa: E402
from bot.meetings.reminders import reminder_kinds  # noqa: E402
from bot.outbox.message import Message  # noqa: E402
from bot.render.i18n import Catalog  # noqa: E402
from bot.reporting.groups import schedule_of  # noqa: E402
from bot.reporting.outbox import Reporting, compose, deliver_due  # noqa: E402
from bot.reporting.schedule import period_by_key  # noqa: E402
from bot.reporting.service import ReportingService  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from storage import reporting as store  # noqa: E402
from storage.models import Delivery  # noqa: E402

CACHE = Path("/tmp/enlace-history-cache")
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1M": 1_000_000}
ADMIN, MEMBER, OTHER = "U0ADMIN001", "U0RET00001", "U0VIA00001"
OPERATIONS = (
    "/red estado", "¿Qué está bloqueado?", "clock tick, nothing due", "channel summary", "App Home",
    "status modal (open)", "status modal (activity chosen)", "enlace export (all)", "enlace export --period",
)  # fmt: skip


def version() -> str:
    """What shapes a cached history: the generator, the schema, the shipped config."""
    digest = hashlib.sha256((ROOT / "bench" / "history.py").read_bytes())
    for path in sorted((ROOT / "storage" / "migrations" / "versions").glob("*.py")):
        digest.update(path.name.encode())
    for path in sorted((ROOT / "config").glob("*.yaml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def catch_up(url: str, catalog: Catalog) -> None:
    """One tick at TICK_AT, as a clock coming up on this history would run it."""
    runtime = open_runtime(Settings(database_url=url, config_dir=ROOT / "config"), FixedClock(TICK_AT), False)
    deliver_due(runtime.session_factory, Anyone(), catalog, TICK_AT, lambda _: "es", others=others(catalog))
    runtime.db.dispose()


def others(catalog: Catalog) -> tuple[object, ...]:
    return reminder_kinds(catalog), minutes_kinds(catalog, lambda _: "es"), digest_kinds(catalog)


def prepared(kind: str, size: int, cached: bool, catalog: Catalog) -> tuple[str, history.History, float]:
    """(url, history, seconds spent writing it: 0 when cached)."""
    name = f"enlace_hist_{version()}_{size}"
    CACHE.mkdir(exist_ok=True)
    card = CACHE / f"{name}.{kind}.json"  # written last: only a whole history is ever found in the cache
    url = f"sqlite:///{CACHE / name}.sqlite3" if kind == "sqlite" else history.pg_url(name)
    if cached and card.exists() and (kind == "sqlite" or name in _pg_databases()):
        return url, history.History(**json.loads(card.read_text())), 0.0
    card.unlink(missing_ok=True)
    if kind == "sqlite":
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        history.drop_pg(name)
        history.create_pg(name)
    start = time.perf_counter()
    found = history.fill(url, size)
    catch_up(url, catalog)
    card.write_text(json.dumps(dataclasses.asdict(found)))
    return url, found, time.perf_counter() - start


def _pg_databases() -> set[str]:
    engine = create_engine(history.PG_ADMIN_URL)
    with engine.connect() as connection:
        names = set(connection.scalars(text("SELECT datname FROM pg_database")))
    engine.dispose()
    return names


def drop_cache(keep: str | None = None) -> None:
    """Remove the cached histories (but those of version `keep`)."""
    stale = [
        p
        for p in CACHE.glob("enlace_hist_*")
        if keep is None or not p.name.startswith(f"enlace_hist_{keep}_")
    ]
    for path in stale:
        path.unlink()
    for name in _pg_databases():
        if name.startswith("enlace_hist_") and (keep is None or not name.startswith(f"enlace_hist_{keep}_")):
            history.drop_pg(name)


def views(url: str, found: history.History) -> tuple[dict[str, Callable[[], object]], Callable[[], None]]:
    """Each in-process operation on this history, as the edge or the clock runs it; and what closes them."""
    settings = Settings(database_url=url, config_dir=ROOT / "config")
    runtime = open_runtime(settings, FixedClock(history.NOW), prepare=False)
    catalog, factory = runtime.catalog, runtime.session_factory
    # Everyone a full member of the workspace, in Spanish (Slack's users.info, as the edge asks it).
    people = Directory(lambda _user: Profile(locale="es-LA", restricted=False))
    services = Services(runtime.engine, catalog, factory, runtime.clock, people)
    reporting = ReportingService(factory, catalog, runtime.clock, "bench", services.user_language,
                                 runtime.engine.entity_named, others=others(catalog))  # fmt: skip
    conversation = Conversation(services, reporting)

    def said(words: str) -> None:
        answer = conversation.respond(words, ADMIN, "command").answer
        assert answer is not None and answer.kind == "status" and answer.sections[0].items, words
        services.render(answer)

    def tick() -> None:
        assert not deliver_due(
            factory, Nobody(), catalog, TICK_AT, lambda _: "es", others=others(catalog)
        ).sent

    def summary() -> None:
        with factory() as session:
            group = store.group(session, "retorno")
            assert group is not None
            period = period_by_key(schedule_of(group), Reporting.of(session).zone, found.newest_period)
            assert period is not None
            row = Delivery(key=f"summary:retorno:{period.key}", kind="summary", group_key="retorno",
                           recipient="C0RETORNO1", period_key=period.key, due_at=period.closes_at)  # fmt: skip
            assert isinstance(compose(catalog, lambda _: "es", session, row, period.closes_at,
                                      period.closes_at, False), Message)  # fmt: skip

    def modal() -> None:
        assert conversation.respond("actualizar retorno", MEMBER, "command").modal is not None

    opened = conversation.respond("actualizar vias-regulares", OTHER, "command").modal
    assert opened is not None

    def chosen() -> None:
        view = reporting.refresh_modal(OTHER, opened["private_metadata"], str(_first_activity(factory)))
        assert view is not None and "@" in str(view["blocks"])  # filled in from the last report

    operations: dict[str, Callable[[], object]] = {
        "/red estado": lambda: said("estado"),
        "¿Qué está bloqueado?": lambda: said("¿Qué está bloqueado?"),
        "clock tick, nothing due": tick,
        "channel summary": summary,
        "App Home": lambda: services.home_view(ADMIN),
        "status modal (open)": modal,
        "status modal (activity chosen)": chosen,
    }
    for work in operations.values():
        work()
        work()  # warm: the plan's snapshot, the catalog's lookups, the connection pool
    return operations, runtime.db.dispose


def measure(histories: dict[str, tuple[str, history.History]], rounds: int, runs: int,
            export_runs: int) -> dict[str, dict[str, str]]:  # fmt: skip
    """Each column's cells. Rounds go over every column in turn, so a busy spell of the machine spreads over
    all of them instead of making one size look slow."""
    opened = {label: views(url, found) for label, (url, found) in histories.items()}
    times: dict[str, dict[str, list[list[float]]]] = {label: {} for label in histories}  # per round
    for _ in range(rounds):
        for label, (operations, _close) in opened.items():
            for name, work in operations.items():
                round_ms = []
                for _ in range(runs):
                    start = time.perf_counter()
                    work()
                    round_ms.append((time.perf_counter() - start) * 1000)
                times[label].setdefault(name, []).append(round_ms)
    for _operations, close in opened.values():
        close()
    figures = {
        label: {name: _cell(by_round) for name, by_round in cells.items()} for label, cells in times.items()
    }
    exports: dict[str, dict[str, list[tuple[float, float, int]]]] = {label: {} for label in histories}
    for _ in range(export_runs):
        for label, (url, found) in histories.items():
            for name, period in (
                ("enlace export (all)", None),
                ("enlace export --period", found.oldest_period),
            ):
                exports[label].setdefault(name, []).append(export(url, period))
    for label in histories:
        for name in ("enlace export (all)", "enlace export --period"):
            done = exports[label].get(name, [])
            figures[label][name] = (
                f"{statistics.median(d[0] for d in done):.1f} s, {max(d[1] for d in done):.0f} MB, {done[0][2]:,} rows"
                if done
                else "not run"
            )
    return figures


def _cell(by_round: list[list[float]]) -> str:
    """The median of every run, and the range of the rounds' medians: how much the machine moved it."""
    medians = [statistics.median(ms) for ms in by_round]
    whole = statistics.median(ms for round_ms in by_round for ms in round_ms)
    return (
        f"{whole:.1f} ms ({min(medians):.1f}-{max(medians):.1f})" if len(medians) > 1 else f"{whole:.1f} ms"
    )


def _first_activity(factory: object) -> int:
    with factory() as session:  # type: ignore[operator]
        group = store.group(session, "vias-regulares")
        assert group is not None
        return store.followed_activities(session, group.follows)[0].id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k,100k,1M", help="of " + ", ".join(SIZES))
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=6, help="of each operation, in each round")
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument("--no-cache", action="store_true", help="write each history afresh, then remove it")
    parser.add_argument("--drop-cache", action="store_true", help="remove the cached histories and exit")
    args = parser.parse_args()
    if args.drop_cache:
        drop_cache()
        return 0
    sizes, kinds = args.sizes.split(","), args.db.split(",")
    drop_cache(keep=version())  # histories of an older generator, schema or config
    catalog = Catalog.load(ROOT / "config" / "messages.yaml")
    histories: dict[str, tuple[str, history.History]] = {}
    for size in sizes:
        for kind in kinds:
            label = f"{size} {'SQLite' if kind == 'sqlite' else 'PostgreSQL'}"
            url, found, seconds = prepared(kind, SIZES[size], not args.no_cache, catalog)
            made = f"written in {seconds:.0f} s" if seconds else "cached"
            print(f"{label}: {found.reports:,} reports, {found.deliveries:,} deliveries ({made})", flush=True)
            histories[label] = (url, found)
    try:
        columns = measure(histories, args.rounds, args.runs, args.export_runs)
    finally:
        if args.no_cache:
            for label, (url, found) in histories.items():
                _remove(url, "sqlite" if label.endswith("SQLite") else "postgresql", found.reports)
    print()
    print("| operation | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for operation in OPERATIONS:
        print(f"| {operation} | " + " | ".join(c[operation] for c in columns.values()) + " |")
    return 0


def _remove(url: str, kind: str, size: int) -> None:
    (CACHE / f"enlace_hist_{version()}_{size}.{kind}.json").unlink(missing_ok=True)
    if kind == "sqlite":
        os.remove(url.removeprefix("sqlite:///"))
    else:
        history.drop_pg(url.rsplit("/", 1)[1])


if __name__ == "__main__":
    sys.exit(main())
