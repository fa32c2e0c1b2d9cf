"""Putting the pieces together for a process: settings, database, catalog, engine."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine as SqlEngine
from sqlalchemy import inspect
from sqlalchemy.orm import Session, sessionmaker

from bot.configuration import load_configuration, read_configuration
from bot.knowledge.loader import LoadReport
from bot.questions.engine import Engine
from bot.render.i18n import Catalog
from bot.settings import Settings
from bot.time.clock import Clock, SystemClock
from storage import queries
from storage.db import make_engine, make_session_factory


@dataclass
class Runtime:
    settings: Settings
    db: SqlEngine
    session_factory: sessionmaker[Session]
    catalog: Catalog
    engine: Engine
    clock: Clock


def open_runtime(
    settings: Settings,
    clock: Clock | None = None,
    prepare: bool = True,
    session_factory: sessionmaker[Session] | None = None,
) -> Runtime:
    """Connect (or use the given session factory); when prepare is set, migrate and load config into an
    empty database first."""
    clock = clock or SystemClock()
    factory = session_factory or make_session_factory(make_engine(settings.database_url))
    db = factory.kw["bind"]
    catalog = Catalog.load(settings.config_dir / "messages.yaml")
    if prepare:
        ensure_ready(settings, db, factory, clock)
    return Runtime(settings, db, factory, catalog, Engine(factory, catalog, clock), clock)


def ensure_ready(settings: Settings, db: SqlEngine, factory: sessionmaker[Session], clock: Clock) -> None:
    if "content_version" not in inspect(db).get_table_names():
        from storage.migrate import upgrade  # alembic is slow to import; most starts never need it

        upgrade(settings.database_url)
    with factory() as session:
        if queries.content_version(session) == 0:
            load_config(settings, factory, clock)


def load_config(settings: Settings, factory: sessionmaker[Session], clock: Clock) -> LoadReport:
    config = read_configuration(settings.config_dir)  # fails before the database is touched
    with factory() as session, session.begin():
        return load_configuration(session, config, clock.now())
