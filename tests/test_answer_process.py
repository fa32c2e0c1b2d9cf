"""`enlace serve`'s slow lane (handlers/answer_process.py): a job in a process of its own, and what happens
when that process dies outside the job's own care."""

from __future__ import annotations

import os
from typing import Any

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from handlers.answer_process import _slow  # noqa: E402
from handlers.lanes import Kit  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests.fakeslack import FakeSlack  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]


def dies(kit: Kit, what: str) -> None:
    """A job whose process is killed under it (out of memory, say): no exception for it to handle."""
    os._exit(3)


def test_a_slow_job_whose_process_dies_is_handed_to_the_answer_lane_once(
    sqlite_db: str, fake_slack: FakeSlack
) -> None:
    handed: list[tuple[Any, ...]] = []
    _slow(
        rf.settings_for(sqlite_db, fake_slack),
        dies,
        ("export",),
        lambda job, *args: handed.append((job, args)),
    )
    assert handed == [(dies, ("export",))]
