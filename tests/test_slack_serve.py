"""Running it: GET /healthz, and `enlace serve` / `enlace start` as real processes with tokens pointing at a
loopback Slack (what `make run` does after `enlace db upgrade` and `enlace load`); the refusals without
tokens through handlers.cli.main in this process (tests.inprocess).

One `enlace start` (`make run` with tokens: gunicorn with two workers and their answer process, and the
clock beside them) is shared by the tests of this module that only talk to it; they are one xdist group, so
that one test process boots it. Waits are on events (/healthz answering, each worker saying it is ready),
never on a fixed time."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest

from tests import slackreq
from tests.fakeslack import FakeSlack
from tests.inprocess import enlace

pytest.register_assert_rewrite("tests.slack_fixtures")

from tests.slack_fixtures import (  # noqa: E402
    BOT_TOKEN,
    SIGNING_SECRET,
    Enlace,
    serve_enlace,
    settings_for,
)

pytest_plugins = ["tests.slack_fixtures"]

ENLACE = str(Path(sys.executable).with_name("enlace"))
BOOT_SECONDS = 40.0


def get(url: str, method: str = "GET") -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # loopback only
            headers = {k.lower(): v for k, v in response.headers.items()}
            return response.status, headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, {}, error.read().decode(errors="replace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def clean_env(folder: Path) -> dict[str, str]:
    """A clean environment (no Slack settings, no PORT) and a fresh SQLite file in `folder`."""
    drop = ("SLACK_", "DATABASE_URL", "ENLACE_", "PORT", "WEB_CONCURRENCY", "LOG_LEVEL")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    environment["DATABASE_URL"] = f"sqlite:///{folder / 'enlace.sqlite3'}"
    return environment


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A clean environment and a fresh SQLite file; cwd (tmp_path) has no .env."""
    return clean_env(tmp_path)


def slack_env(env: dict[str, str], fake: FakeSlack) -> dict[str, str]:
    return {
        **env,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.base_url.rstrip("/"),  # the app adds the trailing slash itself
    }


def prepare(env: dict[str, str], cwd: Path) -> None:
    """The first two steps of `make run` (in this process: test_cli runs them as the command does)."""
    for step in (("db", "upgrade"), ("load",)):
        result = enlace(*step, env=env, cwd=cwd)
        assert result.returncode == 0, result.stderr[-2000:]


@contextmanager
def running(env: dict[str, str], cwd: Path, *args: str) -> Iterator[subprocess.Popen[str]]:
    log = (cwd / "server.log").open("w")
    process = subprocess.Popen(
        [ENLACE, *args], env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, text=True
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def wait_for_health(process: subprocess.Popen[str], base_url: str, cwd: Path) -> None:
    deadline = time.monotonic() + BOOT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited {process.returncode}:\n{(cwd / 'server.log').read_text()[-3000:]}")
        try:
            if get(f"{base_url}/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"no /healthz within {BOOT_SECONDS}s:\n{(cwd / 'server.log').read_text()[-3000:]}")


def wait_until_logged(log: Path, text: str, process: subprocess.Popen[str] | None = None) -> None:
    deadline = time.monotonic() + BOOT_SECONDS
    while text not in log.read_text():
        assert time.monotonic() < deadline, f"{text!r} not logged:\n{log.read_text()[-3000:]}"
        assert process is None or process.poll() is None, (
            f"exited {process.returncode}:\n{log.read_text()[-3000:]}"
        )
        time.sleep(0.05)


class Served(NamedTuple):
    """A running `enlace serve`: its process, base URL, log file and the fake Slack it talks to."""

    process: subprocess.Popen[str]
    base_url: str
    log: Path
    fake: FakeSlack
    workers: int


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`make run` with Slack tokens, as real processes: `enlace db upgrade` and `enlace load` (in this
    process), then `enlace start` on PORT with two web workers (WEB_CONCURRENCY): gunicorn, its answer process, and the
    clock beside them. One boot for the module (each costs seconds of CPU). On the way out, the clock must
    have stopped with the rest."""
    folder = tmp_path_factory.mktemp("start")
    port, workers = free_port(), 2
    with FakeSlack() as fake:
        environment = {
            **slack_env(clean_env(folder), fake),
            "PORT": str(port),
            "WEB_CONCURRENCY": str(workers),
        }
        prepare(environment, folder)
        with running(environment, folder, "start") as process:
            base_url = f"http://127.0.0.1:{port}"
            wait_for_health(process, base_url, folder)
            yield Served(process, base_url, folder / "server.log", fake, workers)
            clock = _clock_pid(folder / "server.log")
    with pytest.raises(ProcessLookupError):
        os.kill(clock, 0)  # stopped with Slack


def _clock_pid(log: Path) -> int:
    found = re.search(r"the clock runs beside it \(pid (\d+)\)", log.read_text())
    assert found, log.read_text()[-2000:]
    return int(found.group(1))


def answers_red(base_url: str, fake: FakeSlack, name: str) -> dict[str, object]:
    body = slackreq.slash_command(
        "¿Quién lidera la prioridad temática 5?", response_url=fake.response_url(name)
    )
    status, _, text = slackreq.post(f"{base_url}/slack/events", body)
    assert (status, text) == (200, "")
    # A real process's first answer waits for its answer process to start: as long as booting may take.
    [answer] = fake.wait_for(f"response_url:{name}", timeout=BOOT_SECONDS)
    return answer


# -- in process --------------------------------------------------------------------------------------


def test_a_brand_new_database_is_migrated_and_loaded_on_start(fake: FakeSlack, tmp_path: Path) -> None:
    settings = settings_for(fake, f"sqlite:///{tmp_path / 'new.sqlite3'}")
    with serve_enlace(settings) as base_url:
        assert get(f"{base_url}/healthz")[0] == 200
        assert "UNODC" in str(answers_red(base_url, fake, "new")["text"])


def test_healthz(enlace: Enlace) -> None:
    status, headers, text = get(f"{enlace.base_url}/healthz")
    body = json.loads(text)
    assert status == 200 and body["ok"] is True and body["database"] == "ok"
    assert set(body["clock"]) == {"last_tick", "stale"}  # no clock runs beside this server
    assert headers["content-type"].startswith("application/json")
    assert get(f"{enlace.base_url}/healthz", method="HEAD")[0] == 200
    assert enlace.fake.calls_to("users.info") == []  # no Slack work for a health check


# -- real processes ----------------------------------------------------------------------------------


@pytest.mark.xdist_group("enlace-serve")
def test_enlace_start_answers_healthz_and_red_end_to_end(served: Served) -> None:
    answer = answers_red(served.base_url, served.fake, "serve")
    assert answer["response_type"] == "ephemeral"
    assert "UNODC" in str(answer["text"]) and "OIM" in str(answer["text"])
    unsigned = slackreq.slash_command("PT5", response_url=served.fake.response_url("nope"))
    assert slackreq.post(f"{served.base_url}/slack/events", unsigned, sign_with="wrong")[0] == 401
    assert served.process.poll() is None
    log = served.log.read_text()
    assert BOT_TOKEN not in log and SIGNING_SECRET not in log
    assert not served.fake.calls_to("response_url:nope")


@pytest.mark.xdist_group("enlace-serve")
def test_every_web_worker_boots_and_stays_up(served: Served) -> None:
    """Every worker boots and says it is ready, none is replaced, and the server answers. (A fresh database
    is prepared once, by gunicorn's master before the workers fork: test_a_brand_new_database_... and
    handlers/web.py.)"""
    answers_red(served.base_url, served.fake, "fresh")
    deadline = time.monotonic() + BOOT_SECONDS
    while True:
        log = served.log.read_text()
        booted = re.findall(r"Booting worker with pid: (\d+)", log)
        ready = re.findall(r"Worker (\d+) ready", log)
        assert served.process.poll() is None, log[-3000:]
        if len(ready) >= served.workers:
            break
        assert time.monotonic() < deadline, f"{len(ready)} of {served.workers} workers ready:\n{log[-3000:]}"
        time.sleep(0.05)
    assert len(booted) == served.workers and sorted(ready) == sorted(booted), log[-3000:]


@pytest.mark.xdist_group("enlace-serve")
def test_a_question_does_not_wait_behind_another_persons_export(served: Served) -> None:
    """An export that takes seconds (Slack slow to take the file) runs apart from answers: a question sent
    right after it, on the same kept-alive connection (so to the same web worker, whatever the answerer does
    per worker), is answered while the export is still uploading, and the export still arrives."""
    fake, slow = served.fake, 1.5
    fake.slow("files.getUploadURLExternal", slow)
    connection = http.client.HTTPConnection(served.base_url.removeprefix("http://"), timeout=5)
    try:
        for text, user, name in (("exportar estado", "U0ADMIN001", "export"), ("PT5", "U0USER1", "question")):
            body = slackreq.slash_command(text, user_id=user, response_url=fake.response_url(name))
            connection.request("POST", "/slack/events", body=body.encode(), headers=slackreq.sign(body))
            response = connection.getresponse()
            assert (response.status, response.read()) == (200, b"")
        fake.wait_for("files.getUploadURLExternal", timeout=BOOT_SECONDS)  # the export is now uploading
        started = time.monotonic()
        [answer] = fake.wait_for("response_url:question", timeout=slow / 2)
        assert "UNODC" in str(answer["text"])
        assert time.monotonic() - started < slow / 2 and not fake.calls_to("response_url:export")
    finally:
        connection.close()
        fake.slow("files.getUploadURLExternal", 0)
    [exported] = fake.wait_for("response_url:export", timeout=BOOT_SECONDS)  # in a process of its own
    assert exported["text"] == "Aquí está la exportación: 0 informes."
    assert fake.calls_to("files.completeUploadExternal")


def test_enlace_serve_without_tokens_exits_2_saying_what_is_missing(
    env: dict[str, str], tmp_path: Path
) -> None:
    result = enlace("serve", "--port", str(free_port()), env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr and "SLACK_SIGNING_SECRET" in result.stderr
    assert "Traceback" not in result.stderr


def test_enlace_socket_without_an_app_token_exits_2(env: dict[str, str], tmp_path: Path) -> None:
    result = enlace("socket", env={**env, "SLACK_BOT_TOKEN": BOT_TOKEN}, cwd=tmp_path)
    assert result.returncode == 2
    assert "SLACK_APP_TOKEN" in result.stderr and "Traceback" not in result.stderr
    assert BOT_TOKEN not in result.stderr


def test_enlace_start_without_tokens_runs_the_console(env: dict[str, str], tmp_path: Path) -> None:
    result = enlace("start", env=env, cwd=tmp_path, stdin="¿Quién lidera la prioridad temática 5?\nsalir\n")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "UNODC" in result.stdout and "OIM" in result.stdout


@pytest.mark.xdist_group("enlace-serve")
def test_enlace_start_runs_the_clock_beside_slack(served: Served) -> None:
    """The clock runs as its own process beside Slack (and stops with it: see the fixture)."""
    clock = _clock_pid(served.log)
    wait_until_logged(served.log, "clock started", served.process)
    os.kill(clock, 0)  # alive
