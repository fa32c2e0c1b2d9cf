"""Reading Block Kit in tests: every text object, however deep. A plain module (no fixtures), so any test
helper can import it without importing a fixtures plugin before pytest rewrites its asserts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def text_objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every text object (mrkdwn or plain_text) inside blocks, however deep."""
    if isinstance(value, dict):
        if value.get("type") in ("mrkdwn", "plain_text") and isinstance(value.get("text"), str):
            yield value
        for child in value.values():
            yield from text_objects(child)
    elif isinstance(value, list):
        for child in value:
            yield from text_objects(child)
