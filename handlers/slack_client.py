"""Web API and response_url clients that survive 429 (honouring Retry-After), 5xx and dropped connections."""

from __future__ import annotations

import time

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.outbox.lease import claim_still_held

DEFAULT_API_URL = "https://slack.com/api/"
sleep = time.sleep  # how a Retry-After is waited out (tests record the wait instead of sitting through it)


class ExactRetryAfter(RateLimitErrorRetryHandler):
    """Waits exactly what Slack's Retry-After says (slack_sdk's own handler adds up to a second of jitter
    to every wait, which halves throughput when a bulk send meets the rate limit)."""

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error or RuntimeError("rate limited without a response")
        header = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), ["1"])
        value = header[0] if isinstance(header, list) else header
        try:
            delay = max(float(value), 0.0)
        except ValueError:
            delay = 1.0
        sleep(delay)
        # A delivery the outbox is sending may have been taken over by another clock during the wait: then it
        # is not posted again here (the 429 goes back to the outbox, whose record of it is refused).
        state.next_attempt_requested = claim_still_held()
        state.increment_current_attempt()


class AnyServerErrorRetry(ServerErrorRetryHandler):
    """slack_sdk retries only 500 and 503; a 502 or 504 from a proxy on the way is just as passing."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and 500 <= response.status_code < 600


def retry_handlers() -> list[RetryHandler]:
    return [
        ExactRetryAfter(max_retry_count=5),
        AnyServerErrorRetry(max_retry_count=3),
        ConnectionErrorRetryHandler(max_retry_count=3),
    ]


def make_web_client(token: str | None, api_url: str | None) -> WebClient:
    base_url = api_url or DEFAULT_API_URL
    if not base_url.endswith("/"):
        base_url += "/"
    return WebClient(token=token, base_url=base_url, timeout=10, retry_handlers=retry_handlers())


def posting_client(client: WebClient) -> WebClient:
    """A copy of `client` for the outbox's chat.postMessage: it waits out 429s (Slack did not take the
    message) but does not repeat a post after a 5xx or a dropped connection, which Slack may have taken:
    handlers/sender.py looks for the message first."""
    return WebClient(
        token=client.token, base_url=client.base_url, timeout=client.timeout,
        retry_handlers=[ExactRetryAfter(max_retry_count=5)],
    )  # fmt: skip
