"""`enlace start` with Slack tokens (what `make run` runs): Slack and the clock side by side, as two child
processes of this one, like the Procfile's `web` and `clock`.

The clock is not started by the Slack process itself: gunicorn's master reaps and signals the children it
finds, so a clock under it was stopped with the workers and held the shutdown for the graceful timeout. A
clock that stops on its own while Slack is served leaves prompts, nudges and summaries unsent, so it is
said on stderr, where the person who ran `make run` is looking; Slack stopping stops the clock.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from types import FrameType
from typing import TextIO

ENLACE = (sys.executable, "-m", "handlers.cli")
STOP_SECONDS = 15


def supervise(web: Sequence[str], clock: Sequence[str], out: TextIO = sys.stderr) -> int:
    """Run both until `web` ends (or this process is told to stop); `web`'s exit code."""
    processes: list[subprocess.Popen[bytes]] = []
    stopping: list[int] = []  # the signal we were told to stop with: the clock's end is then no news

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.append(signum)
        for process in processes:
            if process.poll() is None:
                process.send_signal(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        processes += [subprocess.Popen(list(web)), subprocess.Popen(list(clock))]
        web_process, clock_process = processes
        print(f"enlace start: the clock runs beside it (pid {clock_process.pid})", file=out, flush=True)
        while True:
            pid, status = os.wait()  # whichever ends first
            code = os.waitstatus_to_exitcode(status)
            if pid == web_process.pid:
                web_process.returncode = code
                return code
            if pid == clock_process.pid:
                clock_process.returncode = code
                if stopping:
                    continue
                print(f"enlace start: the clock stopped (exit {code}); prompts, nudges and summaries are "
                      "not being sent", file=out, flush=True)  # fmt: skip
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for process in processes:
            _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
