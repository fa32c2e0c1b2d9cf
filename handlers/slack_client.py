"""Web API and response_url clients that survive 429 (honouring Retry-After), 5xx and dropped connections."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient

DEFAULT_API_URL = "https://slack.com/api/"


def retry_handlers() -> list[RetryHandler]:
    return [
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=3),
        ConnectionErrorRetryHandler(max_retry_count=3),
    ]


def make_web_client(token: str | None, api_url: str | None) -> WebClient:
    base_url = api_url or DEFAULT_API_URL
    if not base_url.endswith("/"):
        base_url += "/"
    return WebClient(token=token, base_url=base_url, timeout=10, retry_handlers=retry_handlers())


def post_to_response_url(url: str, payload: dict[str, Any]) -> int:
    """POST a reply to a slash command's or an interaction's response_url, with the same retries."""
    response = WebhookClient(url, timeout=10, retry_handlers=retry_handlers()).send_dict(payload)
    if response.status_code >= 300:
        raise RuntimeError(f"response_url answered {response.status_code}: {response.body[:200]}")
    return response.status_code
