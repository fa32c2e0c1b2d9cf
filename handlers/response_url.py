"""Posting replies to response_url: kept-alive connections per host (one TCP and TLS handshake per thread,
not per answer), and the same resilience as the Web API client: 429 waits out Retry-After, 5xx and dropped
connections are retried."""

from __future__ import annotations

import http.client
import json
import threading
import time
from typing import Any
from urllib.parse import urlsplit

MAX_ATTEMPTS = 4
sleep = time.sleep  # how the waits between attempts are spent (tests shorten them)
TIMEOUT_SECONDS = 10


class ResponseUrlError(RuntimeError):
    pass


class ResponsePoster:
    def __init__(self) -> None:
        self._local = threading.local()

    def _connection(self, scheme: str, netloc: str) -> http.client.HTTPConnection:
        pool: dict[tuple[str, str], http.client.HTTPConnection] = self._local.__dict__.setdefault("pool", {})
        connection = pool.get((scheme, netloc))
        if connection is None:
            kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
            connection = kind(netloc, timeout=TIMEOUT_SECONDS)
            pool[(scheme, netloc)] = connection
        return connection

    def _drop(self, scheme: str, netloc: str) -> None:
        pool = self._local.__dict__.get("pool", {})
        connection = pool.pop((scheme, netloc), None)
        if connection is not None:
            connection.close()

    def post(self, url: str, payload: dict[str, Any]) -> int:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ResponseUrlError(f"not an http(s) response_url: {url[:80]!r}")
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", "Connection": "keep-alive"}
        last = ""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                connection = self._connection(parts.scheme, parts.netloc)
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                text = response.read()[:200].decode(errors="replace")
                if response.will_close:
                    self._drop(parts.scheme, parts.netloc)
            except (OSError, http.client.HTTPException) as error:  # dropped or refused: a fresh connection
                self._drop(parts.scheme, parts.netloc)
                last = f"{type(error).__name__}: {error}"
                sleep(0.2 * attempt)
                continue
            if response.status < 300:
                return response.status
            last = f"{response.status}: {text}"
            if response.status == 429:
                sleep(_retry_after(response.getheader("Retry-After")))
            elif response.status >= 500:
                sleep(0.2 * attempt)
            else:
                break
        raise ResponseUrlError(f"response_url answered {last}")


def _retry_after(value: str | None) -> float:
    try:
        return max(float(value or 1), 0.0)
    except ValueError:
        return 1.0


_POSTER = ResponsePoster()


def post_to_response_url(url: str, payload: dict[str, Any]) -> int:
    return _POSTER.post(url, payload)
