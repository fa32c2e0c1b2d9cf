"""Retention (issue 11): `enlace outbox prune` deletes the deliveries done for good long ago and keeps the
rest, so the outbox does not grow forever."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from handlers.cli import main  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.models import Delivery  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]
STATES = ("sent", "expired", "skipped", "failed", "pending", "retrying")


def seed(url: str, now: dt.datetime) -> None:
    engine = make_engine(url)
    with make_session_factory(engine)() as session, session.begin():
        for age, label in ((dt.timedelta(days=800), "old"), (dt.timedelta(days=20), "recent")):
            for status in STATES:
                due = now - age
                session.add(Delivery(key=f"prompt:bench:{label}:{status}", kind="prompt", group_key="retorno",
                                     recipient="U0RET00001", period_key=label, due_at=due, status=status,
                                     attempts=1, created_at=due))  # fmt: skip
    engine.dispose()


def seeded(url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`enlace` pointed at `url` (no stray .env), which holds each state's delivery, old and recent."""
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    seed(url, dt.datetime.now(dt.UTC))


def test_prune_deletes_what_is_done_for_good_and_old_and_keeps_the_rest(
    any_db: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(any_db, monkeypatch, tmp_path)
    assert main(["outbox", "prune"]) == 0  # twelve months by default
    assert capsys.readouterr().out.startswith("pruned 3 deliveries sent, expired or skipped before ")
    left = {
        key.removeprefix("prompt:bench:") for key in rf.deliveries(any_db) if key.startswith("prompt:bench:")
    }
    assert left == {"old:failed", "old:pending", "old:retrying"} | {f"recent:{s}" for s in STATES}
    assert main(["outbox", "prune", "--months", "12"]) == 0
    assert capsys.readouterr().out.startswith("pruned 0 deliveries")


def test_prune_keeps_at_least_two_months_and_reads_its_default_from_the_environment(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(sqlite_db, monkeypatch, tmp_path)
    assert main(["outbox", "prune", "--months", "1"]) == 2
    assert "keep at least 2 months" in capsys.readouterr().err
    monkeypatch.setenv("ENLACE_OUTBOX_KEEP_MONTHS", "40")  # nothing is that old
    assert main(["outbox", "prune"]) == 0
    assert capsys.readouterr().out.startswith("pruned 0 deliveries")
