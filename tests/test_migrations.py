"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL, and go back down;
rows written before a migration keep a meaning after it."""

from __future__ import annotations

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from bot.outbox.run import MAX_ATTEMPTS
from storage import outbox, reporting
from storage.migrate import downgrade, upgrade
from storage.models import Base, Delivery

pytest_plugins = ["tests.reporting_fixtures"]


def _differences(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_server_default": False})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    assert _differences(database_url) == []


def test_every_migration_goes_down_and_up_again(database_url: str) -> None:
    downgrade(database_url, "0001")
    upgrade(database_url)
    assert _differences(database_url) == []


def test_deliveries_from_before_the_outbox_keep_going(database_url: str) -> None:
    """Before 0006, "failed" meant "will be retried" and "abandoned" "given up, and nobody told". Both are
    retrying now; an abandoned one has its last attempt due at once, so the next tick expires it, sends it
    or fails it with a notice: no reason code that nothing words, and no failure nobody hears about."""
    downgrade(database_url, "0005")
    due = dt.datetime(2021, 6, 1, 15, tzinfo=dt.UTC)
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            for key, status, attempts, retry_at in (
                ("prompt:g:U1:2021-06-01", "failed", 2, due + dt.timedelta(minutes=2)),
                ("prompt:g:U2:2021-06-01", "abandoned", 8, due + dt.timedelta(hours=1)),
                ("prompt:g:U3:2021-06-01", "sent", 1, None),
            ):
                connection.execute(
                    text(
                        "INSERT INTO deliveries (key, kind, group_key, recipient, period_key, due_at, status,"
                        " attempts, next_attempt_at, created_at) VALUES (:key, 'prompt', 'g', 'U1',"
                        " '2021-06-01', :due, :status, :attempts, :retry_at, :due)"
                    ),
                    {"key": key, "due": due, "status": status, "attempts": attempts, "retry_at": retry_at},
                )
        upgrade(database_url)
        with Session(engine) as session:
            rows = {r.key: r for r in session.scalars(select(Delivery))}
            found = {k: (r.status, r.attempts, r.next_attempt_at is None, r.reason) for k, r in rows.items()}
            assert found == {
                "prompt:g:U1:2021-06-01": ("retrying", 2, False, None),
                "prompt:g:U2:2021-06-01": ("retrying", MAX_ATTEMPTS - 1, True, None),
                "prompt:g:U3:2021-06-01": ("sent", 1, True, None),
            }
            assert [r.key for r in outbox.sendable(session, due + dt.timedelta(seconds=1))] == [
                "prompt:g:U2:2021-06-01"
            ]
    finally:
        engine.dispose()


def test_reports_from_before_latest_reports_are_each_reporters_latest(any_db: str) -> None:
    """0008 fills latest_reports from the history: per reporter and activity, the last edited update."""
    downgrade(any_db, "0007")
    engine = create_engine(any_db)
    at = dt.datetime(2021, 6, 1, 15, tzinfo=dt.UTC)
    try:
        with engine.begin() as connection:
            activity = connection.execute(text("SELECT min(id) FROM activities")).scalar_one()
            for period, author, status, hours in [
                ("p1", "U1", "bloqueado", 0),
                ("p2", "U1", "en_curso", 2),
                ("p3", "U1", "completado", 1),
                ("p1", "U2", "en_riesgo", 3),
            ]:
                connection.execute(
                    text(
                        "INSERT INTO status_updates (group_key, period_key, activity_id, author, status,"
                        " progress, obstacles, next_steps, created_at, updated_at) VALUES ('retorno', :p,"
                        " :a, :u, :s, 'x', '', '', :t, :t)"
                    ),
                    {
                        "p": period,
                        "a": activity,
                        "u": author,
                        "s": status,
                        "t": at + dt.timedelta(hours=hours),
                    },
                )
        upgrade(any_db)
        with Session(engine) as session:
            latest = reporting.latest_by_reporter(session)
            assert sorted((u.author, u.period_key, u.status) for u in latest) == [
                ("U1", "p2", "en_curso"), ("U2", "p1", "en_riesgo")
            ]  # fmt: skip
            assert reporting.latest_status_per_activity(session) == {activity: "en_riesgo"}
    finally:
        engine.dispose()
