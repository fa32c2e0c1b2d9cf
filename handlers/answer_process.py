"""The answerer of `enlace serve`: jobs run in lower-priority processes, apart from the web workers.

In a web worker, answer threads share the GIL with the threads acknowledging Slack, so a burst of answers
delays acknowledgements (threads gave p99 2.6x-3.7x of a bare Bolt app in bench/slack_load.py; this, a median
of about 1.1x). So the answer lane is one answer process, shared by every web worker: the gunicorn master starts it
before the workers fork (`spawn`: a fresh interpreter, not a copy of the master), niced, warmed before
/healthz says ready; the workers put their jobs on one queue, and the master drains it and stops the process
once the workers have stopped. One process for all workers rather than one each: the same ack latency,
76 MB PSS less with two workers (bench/serve_memory.py).

A slow job (an export, say) never enters it: each gets a process of its own, started for it and gone when it
is done, so it neither holds an answer back nor keeps its memory afterwards; it pays about a second to
start, which a job of seconds can afford.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import os
import queue
import signal
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import wait
from typing import Any

from bot.settings import Settings
from handlers.lanes import SLOW_AT_ONCE, Job, Kit, run

log = logging.getLogger("enlace.answers")
NICENESS = 10
ANSWERS_AT_ONCE = 4  # answers mostly compute (one GIL); a few threads cover their waits on Slack
STOP_SECONDS = 30.0
SPAWN = multiprocessing.get_context("spawn")


def _open_kit(settings: Settings) -> Kit:
    with contextlib.suppress(AttributeError, OSError):
        os.nice(NICENESS)
    from handlers.app import build_services
    from handlers.slack_client import make_web_client

    client = make_web_client(settings.slack_bot_token, settings.slack_api_url)
    services, reporting = build_services(settings, client)
    return Kit(services, reporting, client)


def _answer_jobs(settings: Settings, jobs: Any, warm: Any) -> None:
    """The answer process: warm up, then run what the workers queue until the master says stop (None) or is
    gone."""
    for name in ("SIGINT", "SIGTERM"):  # a Ctrl-C reaches the whole group: stop when the master says so
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    kit = _open_kit(settings)
    kit.services.engine.warm()
    warm.set()
    master = multiprocessing.parent_process()
    with ThreadPoolExecutor(ANSWERS_AT_ONCE, thread_name_prefix="enlace-answer") as pool:
        while master is None or master.is_alive():
            try:
                item = jobs.get(timeout=1.0)
            except queue.Empty:
                continue
            if item is None:
                break
            job, args = item
            pool.submit(run, job, kit, args)


def _alone(settings: Settings, job: Job, args: tuple[Any, ...]) -> None:
    """A slow job's own process: nothing warmed that the job does not use."""
    run(job, _open_kit(settings), args)


def _slow(settings: Settings, job: Job, args: tuple[Any, ...], instead: Callable[..., None]) -> None:
    """Run the job in a process of its own. A job tells its person about its own failures; if the process
    died outside the job (its services could not be made, it was killed), the job is handed to `instead`
    (the answer lane) once, so that it is done there or its failure reaches the person."""
    process = SPAWN.Process(target=_alone, args=(settings, job, args), name="enlace-slow")
    process.start()
    process.join()
    if process.exitcode:
        name = getattr(job, "__qualname__", job)
        log.error("slow job %s: its process ended with exit code %s; running it in the answer lane", name,
                  process.exitcode)  # fmt: skip
        instead(job, *args)


class AnswerProcess:
    """Made by the gunicorn master before the workers fork; each worker answers through `lanes()`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.jobs = SPAWN.Queue()
        self.warm = SPAWN.Event()
        self.process = SPAWN.Process(target=_answer_jobs, args=(settings, self.jobs, self.warm),
                                     name="enlace-answers", daemon=True)  # fmt: skip
        self.process.start()
        # Not a child multiprocessing should join at exit: the workers fork with a copy of the master's list
        # of children and would each try to stop and join it. The master stops it (stop()); without the
        # master, it stops by itself.
        multiprocessing.process._children.discard(self.process)  # type: ignore[attr-defined]

    def lanes(self) -> ProcessLanes:
        return ProcessLanes(self)

    def gone(self) -> bool:
        """Whether the answer process has exited (its sentinel, not waitpid: gunicorn's master reaps every
        child that exits, ours included)."""
        return bool(wait([self.process.sentinel], 0))

    def stop(self) -> None:
        """In the master, once the workers have stopped: what they queued is answered, then it exits."""
        self.jobs.put(None)
        if not wait([self.process.sentinel], STOP_SECONDS):
            log.warning("the answer process did not finish within %.0f s: stopping it", STOP_SECONDS)
            self.process.terminate()


class ProcessLanes:
    """A web worker's answerer: answers go to the shared answer process, slow jobs to processes of their own."""

    def __init__(self, answers: AnswerProcess) -> None:
        self.answers, self.settings, self.jobs = answers, answers.settings, answers.jobs
        self.slow_lane = ThreadPoolExecutor(max_workers=SLOW_AT_ONCE, thread_name_prefix="enlace-slow")
        atexit.register(self.shutdown)

    def ready(self) -> bool:
        """Whether the answer process has loaded everything (/healthz says ready only then, so the first
        answer is as fast as the hundredth), and not since gone."""
        return bool(self.answers.warm.is_set()) and not self.answers.gone()

    def answer(self, job: Job, *args: Any) -> None:
        self.jobs.put((job, args))

    def slow(self, job: Job, *args: Any) -> None:
        self.slow_lane.submit(_slow, self.settings, job, args, self.answer)

    def shutdown(self) -> None:
        """Slow jobs finish here; queued answers are handed over (the queue's thread flushes at exit) and
        the master's stop() has them answered."""
        self.slow_lane.shutdown(wait=True)
