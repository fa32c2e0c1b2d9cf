"""The answerer of `enlace serve`: jobs run in lower-priority processes, apart from the web worker.

In a web worker, answer threads share the GIL with the threads acknowledging Slack, so a burst of answers
delays acknowledgements (threads gave p99 2.6x-3.7x of a bare Bolt app in bench/slack_load.py; this, a median of
1.1x). So each web worker hands its answer lane to one answer process of its own, started with `spawn` (no
fork of a threaded process), niced, and warmed before /healthz says ready. That process runs one job at a
time, so the slow lane never enters it: each slow job (an export, say) gets a process of its own, started
for it and gone when it is done, so it neither holds an answer back nor keeps its memory afterwards; it
pays about a second to start, which a job of seconds can afford. On shutdown both lanes are drained.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from bot.settings import Settings
from handlers.lanes import SLOW_AT_ONCE, Job, Kit, run

NICENESS = 10
SPAWN = multiprocessing.get_context("spawn")
_kit: list[Kit] = []  # the answer process's own, made once by _start


def _open_kit(settings: Settings) -> Kit:
    with contextlib.suppress(AttributeError, OSError):
        os.nice(NICENESS)
    from handlers.app import build_services
    from handlers.slack_client import make_web_client

    client = make_web_client(settings.slack_bot_token, settings.slack_api_url)
    services, reporting = build_services(settings, client)
    return Kit(services, reporting, client)


def _start(settings: Settings) -> None:
    kit = _open_kit(settings)
    kit.services.engine.warm()
    _kit.append(kit)


def _ready() -> bool:
    return bool(_kit)


def _answer(job: Job, args: tuple[Any, ...]) -> None:
    run(job, _kit[0], args)


def _alone(settings: Settings, job: Job, args: tuple[Any, ...]) -> None:
    """A slow job's own process: nothing warmed that the job does not use."""
    run(job, _open_kit(settings), args)


def _slow(settings: Settings, job: Job, args: tuple[Any, ...]) -> None:
    process = SPAWN.Process(target=_alone, args=(settings, job, args), name="enlace-slow")
    process.start()
    process.join()


class AnswerProcess:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.answers = ProcessPoolExecutor(
            max_workers=1, mp_context=SPAWN, initializer=_start, initargs=(settings,)
        )
        self.warming = self.answers.submit(_ready)  # start it now rather than on the first question
        self.slow_lane = ThreadPoolExecutor(max_workers=SLOW_AT_ONCE, thread_name_prefix="enlace-slow")
        atexit.register(self.shutdown)

    def ready(self) -> bool:
        """Whether the answer process has loaded everything (/healthz says ready only then, so the first
        answer is as fast as the hundredth)."""
        return self.warming.done() and self.warming.exception() is None and bool(self.warming.result())

    def answer(self, job: Job, *args: Any) -> None:
        self.answers.submit(_answer, job, args)

    def slow(self, job: Job, *args: Any) -> None:
        self.slow_lane.submit(_slow, self.settings, job, args)

    def shutdown(self) -> None:
        self.answers.shutdown(wait=True)
        self.slow_lane.shutdown(wait=True)
