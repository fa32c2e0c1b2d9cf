"""Work that happens after the ack, off Bolt's small listener pool (5 threads per worker), so a slow
response_url or a long answer never delays the acknowledgement of the next request. Two answerers with one
interface: threads in this process (tests, Socket Mode, a single process), or a separate lower-priority
process per web worker (`enlace serve`, see answer_process.py). Both drain their queue on shutdown."""

from __future__ import annotations

import atexit
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from slack_sdk import WebClient

from bot.reporting.service import ReportingService
from bot.service import Services

log = logging.getLogger("enlace.answers")
DEFAULT_WORKERS = 16


class Answerer(Protocol):
    def command(self, name: str | None, rest: str, user: str, url: str, context: str) -> None: ...

    def example(self, question: str, user: str | None, url: str | None, context: str) -> None: ...

    def shutdown(self) -> None: ...


class AfterAck:
    def __init__(
        self,
        services: Services,
        reporting: ReportingService,
        client: WebClient,
        workers: int = DEFAULT_WORKERS,
    ) -> None:
        self.services, self.reporting, self.client = services, reporting, client
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="enlace-after-ack")
        atexit.register(self.shutdown)

    def command(self, name: str | None, rest: str, user: str, url: str, context: str) -> None:
        from handlers.commands import payload
        from handlers.response_url import post_to_response_url

        def answer() -> None:
            post_to_response_url(url, payload(self.services, self.reporting, self.client, user, name, rest))

        def apologise() -> None:
            post_to_response_url(url, {"response_type": "ephemeral", "text": self.services.error_text(user)})

        self._submit(answer, context, apologise)

    def example(self, question: str, user: str | None, url: str | None, context: str) -> None:
        from handlers.actions import answer_example, apologise_for_example

        self._submit(
            lambda: answer_example(self.services, self.client, question, user, url),
            context,
            lambda: apologise_for_example(self.services, self.client, user, url),
        )

    def _submit(
        self, work: Callable[[], None], context: str, on_error: Callable[[], None] | None = None
    ) -> None:
        def run() -> None:
            try:
                work()
            except Exception:
                log.exception("error after ack (%s)", context)
                if on_error is not None:
                    try:
                        on_error()
                    except Exception:
                        log.exception("could not tell the user about the error (%s)", context)

        self.pool.submit(run)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True)
