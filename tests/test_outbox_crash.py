"""Crash tests with real processes (issue 7, points 12-14), on SQLite and PostgreSQL: `enlace tick` runs as
a subprocess against a loopback Slack in this process (the clock that is killed, and the first of two that
race); the clock that comes after runs in this process.

(a) A clock killed with SIGKILL while prompt 11 of 100 is in flight; the next tick comes four days later,
    after the period closed: no prompt for the closed period goes out, and none of the 11 is sent twice.
(b) Two clocks over a run longer than the lease (shortened to 1.5 s): Slack is slow and makes the first
    wait out a Retry-After longer than the lease; a second clock starts later than the first by more than
    the lease. Nobody gets a message twice.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from bot.bootstrap import load_config  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from tests import reporting_fixtures as rf  # noqa: E402
from tests import yamlfile  # noqa: E402
from tests.conftest import CONFIG  # noqa: E402
from tests.fakeslack import FakeSlack  # noqa: E402
from tests.inprocess import enlace  # noqa: E402
from tests.reporting_fixtures import local  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]
ENLACE = str(Path(sys.executable).with_name("enlace"))
OPENS = local(2021, 6, 7, 10)  # retorno's first period: prompts Monday 10:00, closes Friday 06-11 10:00


def _members(count: int) -> list[str]:
    return [f"U{n:08d}" for n in range(1, count + 1)]


def _config(folder: Path, members: int, catch_up_prompt: str = "12 hours") -> Path:
    """config/ with one group, retorno, of `members` people (like bench/report_prompts.py)."""
    shutil.copytree(CONFIG, folder)
    (folder / "digests.yaml").write_text("digests: []\n", encoding="utf-8")  # as rf.without_digests
    path = folder / "working-groups.yaml"
    data = yamlfile.read(path)
    group = next(g for g in data["groups"] if g["key"] == "retorno")
    group["members"] = [{"slack_user_id": u, "agency": "oim", "role": "member"} for u in _members(members)]
    data["groups"] = [group]
    data["catch_up"]["prompt"] = catch_up_prompt
    yamlfile.write(path, data)
    return folder


def _load(url: str, config: Path) -> None:
    engine = make_engine(url)
    try:
        load_config(Settings(database_url=url, config_dir=config), make_session_factory(engine),
                    FixedClock(local(2021, 6, 1)))  # fmt: skip
    finally:
        engine.dispose()


def _env(url: str, config: Path, fake: FakeSlack, tmp: Path, **more: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp), "DATABASE_URL": url,
        "ENLACE_CONFIG": str(config), "SLACK_BOT_TOKEN": "xoxb-crash", "SLACK_SIGNING_SECRET": "crash-secret",
        "SLACK_API_URL": fake.base_url, "ENLACE_SEND_RATE": "1000", "LOG_LEVEL": "WARNING", **more,
    }  # fmt: skip


def _tick(at: dt.datetime, env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [ENLACE, "tick", "--at", at.isoformat()], env=env, cwd=cwd, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def _finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def _deliveries_by_person(fake: FakeSlack) -> Counter[str]:
    """How many outbox deliveries each conversation holds (every one carries its key as metadata)."""
    return Counter(
        channel for channel, messages in fake.conversations().items() for m in messages if "metadata" in m
    )


def test_a_clock_killed_mid_fan_out_sends_nothing_late_and_nothing_twice(
    database_url: str, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    # A week's catch-up for prompts: what stops the late ones is the period's close, checked when sending.
    config = _config(tmp_path / "config", 100, catch_up_prompt="7 days")
    _load(database_url, config)
    env = _env(database_url, config, fake_slack, tmp_path)
    fake_slack.hold("chat.postMessage", after=10)  # prompt 11 reaches Slack; its answer never comes back
    first = _tick(OPENS, env, tmp_path)
    try:
        fake_slack.wait_for("chat.postMessage", 11, timeout=60)
    finally:
        first.kill()  # SIGKILL: no cleanup, no finally blocks
        first.wait(timeout=30)
        fake_slack.release()
    assert first.returncode == -9
    posted = _deliveries_by_person(fake_slack)
    assert posted == dict.fromkeys([f"D{u}" for u in _members(11)], 1)

    # Four days later; this clock is not killed, so it runs in this process (a process start is ~1 s).
    later = enlace("tick", "--at", local(2021, 6, 11, 10, 1).isoformat(), env=env, cwd=tmp_path)
    assert later.returncode == 0, (later.stdout, later.stderr)
    after = _deliveries_by_person(fake_slack)
    assert after == {**posted, "C0RETORNO1": 1}  # the summary, and not one prompt more
    rows = rf.deliveries(database_url)
    prompts = [r for r in rows.values() if r.kind == "prompt"]
    assert Counter((r.status, r.reason) for r in prompts) == {
        ("sent", None): 10,
        ("sent", "found_in_history"): 1,  # the one in flight: Slack had it, so it is not sent again
        ("expired", "period_closed"): 89,
    }


def test_two_clocks_over_a_run_longer_than_the_lease_send_nothing_twice(
    database_url: str, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    members = 50
    config = _config(tmp_path / "config", members)
    _load(database_url, config)
    env = _env(database_url, config, fake_slack, tmp_path, ENLACE_CLAIM_LEASE="1.5")
    fake_slack.slow("chat.postMessage", 0.03)  # Slack answers each post in 30 ms
    started = time.monotonic()
    first = _tick(OPENS, env, tmp_path)
    try:
        fake_slack.wait_for("chat.postMessage", 40, timeout=60)  # more than a lease into the run
        # The next post is rate limited: the first clock holds it through a 2 s Retry-After, past its lease.
        fake_slack.fail("chat.postMessage", 429, retry_after=2)
        # The second clock's instant is the first's plus the real time since it started: both stand for
        # the same moment, as two clocks on one machine would, and the second is more than a lease later.
        second_at = OPENS + dt.timedelta(seconds=time.monotonic() - started)
        second = enlace("tick", "--at", second_at.isoformat(), env=env, cwd=tmp_path)  # in this process
        results = [_finish(first), (second.returncode, second.stdout, second.stderr)]
    finally:
        if first.poll() is None:
            first.kill()
    assert second_at - OPENS > dt.timedelta(seconds=1.5)
    assert [code for code, _, _ in results] == [0, 0], results
    assert _deliveries_by_person(fake_slack) == dict.fromkeys([f"D{u}" for u in _members(members)], 1)
    calls: list[Any] = [c for c in fake_slack.calls if c.method == "chat.postMessage"]
    limited = next(c for c in calls if c.status == 429)
    posted = [c for c in calls if c.params["channel"] == limited.params["channel"] and c.status == 200]
    # The rate-limited send outlasted the lease. Either the first clock kept renewing it and posted after the
    # wait, or (its renewals stalled on a busy machine) the second took the delivery over and posted it, and
    # the first, finding its claim gone after the wait, did not post it again. Either way: once.
    assert len(posted) == 1 and posted[0].at > limited.at, posted
    rows = rf.deliveries(database_url)
    assert Counter(r.status for r in rows.values() if r.kind == "prompt") == {"sent": members}
