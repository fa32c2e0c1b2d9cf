"""Answers computed in a separate, lower-priority process (`enlace serve`).

In a web worker, answer threads share the GIL with the threads acknowledging Slack, so a burst of answers
delays acknowledgements. Here each web worker hands its answers to one answer process of its own, started
with `spawn` (no fork of a threaded process) and niced, so acknowledging always gets the CPU first and
answers fill the idle time. On shutdown the queue is drained: an accepted question is still answered.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from bot.settings import Settings

log = logging.getLogger("enlace.answers")
NICENESS = 10
_state: dict[str, Any] = {}


def _start(settings: Settings) -> None:
    with contextlib.suppress(AttributeError, OSError):
        os.nice(NICENESS)
    from handlers.app import build_services
    from handlers.slack_client import make_web_client

    client = make_web_client(settings.slack_bot_token, settings.slack_api_url)
    services, reporting = build_services(settings, client)
    services.engine.warm()
    _state.update(services=services, reporting=reporting, client=client)


def _ready() -> bool:
    return bool(_state)


def run_command(name: str | None, rest: str, user: str, url: str, context: str) -> None:
    from handlers.commands import answer_or_apologise

    answer_or_apologise(
        _state["services"], _state["reporting"], _state["client"], name, rest, user, url, context
    )


def run_example(question: str, user: str | None, url: str | None, context: str) -> None:
    from handlers.actions import answer_example

    answer_example(_state["services"], _state["reporting"], _state["client"], question, user, url, context)


class AnswerProcess:
    def __init__(self, settings: Settings) -> None:
        self.pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(settings,),
        )
        self.pool.submit(_ready)  # start it now rather than on the first question
        atexit.register(self.shutdown)

    def command(self, name: str | None, rest: str, user: str, url: str, context: str) -> None:
        self.pool.submit(run_command, name, rest, user, url, context)

    def example(self, question: str, user: str | None, url: str | None, context: str) -> None:
        self.pool.submit(run_example, question, user, url, context)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True)
