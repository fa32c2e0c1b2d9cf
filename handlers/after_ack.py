"""Work that happens after the ack, off Bolt's small listener pool (5 threads per worker), so a slow
response_url or a long answer never delays the acknowledgement of the next request. Two answerers with one
interface: threads in this process (tests, Socket Mode, a single process), or a separate lower-priority
process per web worker (`enlace serve`, see answer_process.py). Both drain their queue on shutdown, and
both run the same functions: handlers.commands.answer_or_apologise and handlers.actions.answer_example."""

from __future__ import annotations

import atexit
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from slack_sdk import WebClient

from bot.chat.service import Services
from bot.reporting.service import ReportingService

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
        from handlers.commands import answer_or_apologise

        self.pool.submit(
            answer_or_apologise, self.services, self.reporting, self.client, name, rest, user, url, context
        )

    def example(self, question: str, user: str | None, url: str | None, context: str) -> None:
        from handlers.actions import answer_example

        self.pool.submit(
            answer_example, self.services, self.reporting, self.client, question, user, url, context
        )

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True)
