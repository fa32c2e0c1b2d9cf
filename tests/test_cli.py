"""The `enlace` command as operators and qa-check run it, on a real SQLite file: handlers.cli.main in this
process (tests.inprocess), and as real processes where the process is the point (the installed command
preparing an empty database, qa-check driving it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED
from tests.inprocess import enlace

ENLACE = str(Path(sys.executable).with_name("enlace"))


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    database = tmp_path_factory.mktemp("cli") / "enlace.sqlite3"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    environment["DATABASE_URL"] = f"sqlite:///{database}"
    return environment


def run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return enlace(*args, env=env, cwd=ROOT, stdin=stdin)


def test_ask_prepares_an_empty_database_and_answers(tmp_path: Path) -> None:
    """The installed command, as a real process, on a database it must migrate and load first."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    result = subprocess.run(
        [ENLACE, "ask", "--", "¿Quién", "lidera", "la", "prioridad", "temática", "5?"],
        capture_output=True, text=True, env=environment, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "UNODC" in result.stdout and "OIM" in result.stdout


def test_ask_with_language_and_today(env: dict[str, str]) -> None:
    result = run(env, "ask", "--lang", "en", "--today", "2021-10-05", "--", "¿Cuándo es la próxima reunión?")
    assert result.returncode == 0
    assert "December 30, 2021" in result.stdout


@pytest.mark.parametrize("bad", ["2021-02-31", "mañana", "2021-13-01", ""])
def test_bad_today_is_a_clear_usage_error(env: dict[str, str], bad: str) -> None:
    result = run(env, "ask", "--today", bad, "--", "¿Qué está atrasado?")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "question",
    [
        "",
        "x" * 20_000,
        "\x01\x02\x7f control",
        "🦜🦜🦜 ¿qué?",
        "'; DROP TABLE priorities; --",
        "¿Qué vence el 31 de febrero?",
    ],
)
def test_bad_input_gets_an_answer_never_a_traceback(env: dict[str, str], question: str) -> None:
    result = run(env, "ask", "--", question)
    assert result.returncode == 0
    assert result.stdout.strip() and "Traceback" not in result.stderr


def test_batch_answers_every_line_in_order(env: dict[str, str]) -> None:
    lines = [
        {"q": "¿Qué lidera FIDA?"},
        {"q": "What is overdue?", "lang": "en", "today": "2021-04-15"},
        "not json at all",
        {"q": "¿Qué vence este trimestre?", "today": "2021-02-31"},
        {"q": 42},
        {"q": "hola"},
    ]
    stdin = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    result = run(env, "ask", "--batch", stdin=stdin)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    assert "remesas" in out[0]["answer"]
    assert "Overdue as of April 15, 2021" in out[1]["answer"]
    assert out[2]["q"] == "not json at all"
    assert out[4]["q"] == "" and out[5]["q"] == "hola"


def test_console_reads_piped_questions_until_exit(env: dict[str, str]) -> None:
    result = run(env, "console", stdin="¿Qué significa OIT?\n\nayuda\nsalir\n¿Qué lidera la OMS?\n")
    assert result.returncode == 0
    assert "Organización Internacional del Trabajo" in result.stdout
    assert "Enlace: ¿en qué te ayudo?" in result.stdout
    assert "Qué lidera OMS" not in result.stdout  # nothing after "salir"


def test_db_upgrade_and_load_are_idempotent(env: dict[str, str]) -> None:
    assert run(env, "db", "upgrade").returncode == 0
    assert run(env, "db", "upgrade").returncode == 0
    run(env, "load")
    second = run(env, "load")
    assert second.returncode == 0 and "Nothing changed" in second.stdout


@pytest.mark.skipif(
    not (SHARED / "tools" / "qa-check").exists(), reason="../shared/tools/qa-check is not beside the project"
)
def test_the_shared_qa_sample_passes(env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "qa-check"), str(SHARED / "qa-sample.yaml"), "--enlace", ENLACE],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    assert " 0 failed" in result.stdout


def test_start_says_when_its_clock_dies_and_slack_goes_on(tmp_path: Path) -> None:
    """`make run` with Slack tokens: the clock beside Slack stops on its own (a bad config, the database
    away). Slack goes on, so whoever watches the terminal must hear that nothing scheduled is being sent."""
    import io
    import sys
    import threading

    from handlers.start import supervise

    go = tmp_path / "stop-web"
    web = [sys.executable, "-c", f"import os, time\nwhile not os.path.exists({str(go)!r}): time.sleep(0.02)"]
    clock = [sys.executable, "-c", "raise SystemExit(1)"]
    out = io.StringIO()
    told = "enlace start: the clock stopped (exit 1); prompts, nudges and summaries are not being sent"

    def let_web_stop_once_told() -> None:  # Slack goes on serving until the test has seen the warning
        deadline = time.monotonic() + 30
        while told not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.02)
        go.touch()

    threading.Thread(target=let_web_stop_once_told, daemon=True).start()
    try:
        assert supervise(web, clock, out) == 0  # it installs signal handlers: it runs in the main thread
    finally:
        go.touch()  # never leave the stand-in web process behind
    assert out.getvalue().count(told) == 1


def test_start_stopping_its_own_clock_is_not_news() -> None:
    """Slack stops (Ctrl-C, a deploy): the clock is stopped with it, and that is not reported as a failure."""
    import io
    import sys

    from handlers.start import supervise

    out = io.StringIO()
    web = [sys.executable, "-c", "raise SystemExit(3)"]
    clock = [sys.executable, "-c", "import time; time.sleep(60)"]
    started = time.monotonic()
    assert supervise(web, clock, out) == 3
    assert time.monotonic() - started < 15  # the clock was stopped, not waited for
    assert "the clock runs beside it" in out.getvalue() and "clock stopped" not in out.getvalue()


def test_start_told_to_stop_stops_both_and_the_clock_is_no_news() -> None:
    """`make run` gets SIGTERM (or Ctrl-C): both children are stopped; the clock's end is not a warning."""
    import io
    import os
    import signal
    import sys
    import threading

    from handlers.start import supervise

    out = io.StringIO()
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]

    def stop_once_running() -> None:
        deadline = time.monotonic() + 30
        while "runs beside it" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=stop_once_running, daemon=True).start()
    started = time.monotonic()
    assert supervise(sleeper, sleeper, out) == -signal.SIGTERM
    assert time.monotonic() - started < 15
    assert "clock stopped" not in out.getvalue()
