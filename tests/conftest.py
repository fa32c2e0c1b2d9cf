"""Shared fixtures: real databases (SQLite file, PostgreSQL when reachable), the real config, an engine."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sqlite3
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine as SqlEngine
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot.configuration import Configuration, load_configuration, read_configuration
from bot.questions.engine import Engine
from bot.render.answer import Answer
from bot.render.i18n import Catalog
from bot.render.plain import render_text
from bot.time.clock import FixedClock
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
PG_ADMIN_URL = os.environ.get("ENLACE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
NOON = dt.datetime(2021, 4, 15, 12, 0, tzinfo=dt.UTC)

# Tests' files (SQLite databases above all) on a RAM disk where there is one: each commit's fsync cost about
# half a millisecond on this machine's disk, thousands of times a run, with the CPU idle meanwhile. Only the
# failed tests' folders are kept (pyproject.toml: tmp_path_retention_policy).
if os.access("/dev/shm", os.W_OK) and "PYTEST_DEBUG_TEMPROOT" not in os.environ:
    os.environ["PYTEST_DEBUG_TEMPROOT"] = "/dev/shm"


@pytest.fixture(scope="session")
def knowledge_config() -> Configuration:
    return read_configuration(CONFIG)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.load(CONFIG / "messages.yaml")


@functools.cache
def _admin() -> SqlEngine:
    """One connection pool to the PostgreSQL server per test process, for creating and dropping databases."""
    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


@functools.cache
def _postgres_available() -> str | None:
    try:
        with _admin().connect() as connection:
            connection.execute(text("select 1"))
        return None
    except Exception as error:  # any failure to connect means: skip, and say why
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(error).__name__}"


# Databases are made and dropped in the background, each by one thread of this test process: a copy of a
# template is made for the next test while this one runs (CREATE DATABASE waits on the server's disk, 0.1-0.5
# s), and a DROP happens while the next test runs. pytest_sessionfinish waits for them.
_maker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="create-database")
_dropper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drop-database")
_spares: dict[str, Future[str]] = {}  # template -> the copy being made for the next test that asks
_drops: list[Future[None]] = []


def _create(template: str | None) -> str:
    name = f"enlace_test_{uuid.uuid4().hex[:10]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with _admin().connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        # A test database need not survive a power cut: commits do not wait for the disk (as on a RAM disk
        # for SQLite above). A setting of the database: not copied with a template, so set on each.
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit TO off'))
    return name


def _drop(name: str) -> None:
    with _admin().connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _drop_later(name: str) -> None:
    spare = _spares.pop(name, None)  # `name` was a template: the copy made for a next test goes first
    if spare is not None and spare.exception() is None:
        _drops.append(_dropper.submit(_drop, spare.result()))
    _drops.append(_dropper.submit(_drop, name))


def pytest_sessionfinish(session: pytest.Session) -> None:
    for template in list(_spares):
        _drop_later(template)
    _maker.shutdown(wait=True)
    _dropper.shutdown(wait=True)
    failed = [str(drop.exception()) for drop in _drops if drop.exception() is not None]
    if failed:
        print(
            f"\nconftest: {len(failed)} test database(s) could not be dropped: {failed[0]}", file=sys.stderr
        )


@contextmanager
def postgres_database(template: str | None = None) -> Iterator[str]:
    """A new PostgreSQL database (a copy of `template`, when given), dropped afterwards; skips the test,
    saying why, when PostgreSQL is not reachable."""
    reason = _postgres_available()
    if reason:
        pytest.skip(reason)
    if template is None:
        name = _create(None)
    else:
        spare = _spares.pop(template, None)
        name = spare.result() if spare is not None else _create(template)
        _spares[template] = _maker.submit(_create, template)
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        _drop_later(name)


def copy_sqlite(source: Path, target: Path) -> str:
    """A copy of a SQLite file (through SQLite's backup, so nothing still in a WAL is lost); its URL."""
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(target)) as copy:
        original.backup(copy)
    return f"sqlite:///{target}"


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("migrated") / "enlace.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _migrated_postgres() -> Iterator[str]:
    """One migrated, empty PostgreSQL database per test process, the template of each test's own: a copy
    takes a small fraction of the time of running every migration again."""
    with postgres_database() as url:
        upgrade(url)
        yield url.rsplit("/", 1)[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database of each kind: a copy of one migrated by `upgrade` in this test process."""
    if request.param == "sqlite":
        yield copy_sqlite(request.getfixturevalue("_migrated_sqlite"), tmp_path / "enlace.sqlite3")
        return
    with postgres_database(request.getfixturevalue("_migrated_postgres")) as url:
        yield url


@pytest.fixture
def retry_after_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The Retry-After waits of the app's Web API clients in this process (handlers.slack_client.sleep),
    recorded instead of slept through: the test asserts what was waited, and does not sit through it."""
    from handlers import slack_client

    waits: list[float] = []
    monkeypatch.setattr(slack_client, "sleep", waits.append)
    return waits


@pytest.fixture
def session_factory(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def loaded_engine(
    tmp_path_factory: pytest.TempPathFactory, knowledge_config: Configuration, _migrated_sqlite: Path
) -> Engine:
    """One SQLite database loaded from the real config, shared by the question tests."""
    url = copy_sqlite(_migrated_sqlite, tmp_path_factory.mktemp("db") / "enlace.sqlite3")
    factory = make_session_factory(make_engine(url))
    with factory() as session, session.begin():
        load_configuration(session, knowledge_config, NOON)
    return Engine(factory, Catalog.load(CONFIG / "messages.yaml"), FixedClock(NOON))


@pytest.fixture
def ask(loaded_engine: Engine):  # type: ignore[no-untyped-def]
    """ask(question, lang=None, today=None) -> the plain-text answer, as `enlace ask` prints it."""

    def _ask(question: str, lang: str | None = None, today: str | None = None) -> str:
        on = dt.date.fromisoformat(today) if today else None
        answer: Answer = loaded_engine.ask(question, lang, on)
        return render_text(answer, loaded_engine.catalog)

    return _ask
