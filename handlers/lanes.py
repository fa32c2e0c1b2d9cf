"""Work that happens after the ack, in two lanes, so that no answer waits behind another person's slow job.

Every way in (/red, a mention, a DM, a button, the App Home, what follows a form's submission) acknowledges
Slack first, then hands its work to the app's Answerer as a job: a module-level function `job(kit, *args)`, with
plain arguments, so it can run in another process as well as in a thread. Two lanes:

- `answer`: what a person is waiting for (an answer, a modal, their App Home). Quick: milliseconds.
- `slow`: what may take seconds (an export, minutes posted in every following channel, a failed delivery
  sent again), kept apart so it never holds an answer back.

Two answerers with this interface: AnswerThreads here (tests, Socket Mode, a single process), and
ProcessLanes for `enlace serve` (answer_process.py). Both drain both lanes on shutdown: an accepted question
is still answered.
"""

from __future__ import annotations

import atexit
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from slack_sdk import WebClient

from bot.chat.service import Services
from bot.chat.subcommands import split_subcommand
from bot.reporting.service import ReportingService

log = logging.getLogger("enlace.answers")
ANSWER_THREADS = 16
SLOW_AT_ONCE = 2  # slow jobs running together; more wait for one of these, never for an answer
SLOW_COMMANDS = {"export"}  # `exportar estado` reads and uploads every report the person may read

Job = Callable[..., None]


@dataclass(frozen=True)
class Kit:
    """What every job works with."""

    services: Services
    reporting: ReportingService
    client: WebClient


class Answerer(Protocol):
    def answer(self, job: Job, *args: Any) -> None: ...

    def slow(self, job: Job, *args: Any) -> None: ...

    def shutdown(self) -> None: ...


def lane_for(answerer: Answerer, text: str) -> Callable[..., None]:
    """The lane for what a person typed (after /red, in a mention or a DM, or on an example button)."""
    name, _ = split_subcommand(text)
    return answerer.slow if name in SLOW_COMMANDS else answerer.answer


def run(job: Job, kit: Kit, args: tuple[Any, ...]) -> None:
    """Jobs tell the person about their own failures; what still escapes is logged, never lost silently."""
    try:
        job(kit, *args)
    except Exception:
        log.exception("job %s failed", getattr(job, "__qualname__", job))


def apologise(kit: Kit, user: str | None, response_url: str | None, context: str) -> None:
    """For a job that broke: log it with its context and tell the person, in their language, on the
    response_url (else in their DM), as edge.py's error handler does for what fails before the ack."""
    log.exception("error after ack (%s)", context)
    try:
        text = kit.services.error_text(user)
        if response_url:
            from handlers.response_url import post_to_response_url

            post_to_response_url(
                response_url, {"response_type": "ephemeral", "replace_original": False, "text": text}
            )
        elif user:
            kit.client.chat_postMessage(channel=user, text=text)
    except Exception:
        log.exception("could not tell %s about the error", user)


class AnswerThreads:
    def __init__(self, kit: Kit, answers: int = ANSWER_THREADS, slow: int = SLOW_AT_ONCE) -> None:
        self.kit = kit
        self.answers = ThreadPoolExecutor(max_workers=answers, thread_name_prefix="enlace-answer")
        self.slow_lane = ThreadPoolExecutor(max_workers=slow, thread_name_prefix="enlace-slow")
        atexit.register(self.shutdown)

    def answer(self, job: Job, *args: Any) -> None:
        self.answers.submit(run, job, self.kit, args)

    def slow(self, job: Job, *args: Any) -> None:
        self.slow_lane.submit(run, job, self.kit, args)

    def shutdown(self) -> None:
        self.answers.shutdown(wait=True)
        self.slow_lane.shutdown(wait=True)
