"""Work that happens after the ack, off Bolt's small listener pool (5 threads per worker), so a slow
response_url or a long answer never delays the acknowledgement of the next request. On shutdown the pool
finishes what it holds: an accepted question is still answered."""

from __future__ import annotations

import atexit
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

DEFAULT_WORKERS = 16


class AfterAck:
    def __init__(self, workers: int = DEFAULT_WORKERS) -> None:
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="enlace-after-ack")
        atexit.register(self.shutdown)

    def submit(self, work: Callable[[], None], logger: logging.Logger, context: str,
               on_error: Callable[[], None] | None = None) -> None:  # fmt: skip
        def run() -> None:
            try:
                work()
            except Exception:
                logger.exception("error after ack (%s)", context)
                if on_error is not None:
                    try:
                        on_error()
                    except Exception:
                        logger.exception("could not tell the user about the error (%s)", context)

        self.pool.submit(run)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True)
