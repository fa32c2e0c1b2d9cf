"""A loopback fake of Slack's Web API, for driving the real Bolt app in tests.

Modelled on bolt-python's ``tests/mock_web_api_server``, with three improvements: it binds an
ephemeral port on 127.0.0.1 (tests can run in parallel), it records every request's parameters
(decoded, in arrival order), and failures can be injected per method (429 with Retry-After, 5xx,
a dropped connection, or an ``{"ok": false}`` answer).

Answers are shaped like Slack's own (see the ``_answer_*`` methods). Where Slack's answer differs
from what a careless caller might expect, the fake follows Slack:

* ``users.info`` includes ``locale`` only when the caller passed ``include_locale=true``;
* ``chat.postEphemeral`` answers ``{"ok": true, "message_ts": ...}`` (no ``channel``/``ts``);
* ``conversations.open`` takes ``users`` (comma separated) and answers ``{"channel": {"id": ...}}``;
* messages are held to Slack's real limits, not only the documented ones: more than 50 blocks, a section
  text over 3,000 characters, a header over 150, more than 10 fields or a field over 2,000 are
  ``invalid_blocks``; more than 11,000 characters of text across a message's blocks is
  ``msg_blocks_too_long`` (undocumented; Slack refuses from about 11,300, bolt-js issues 2509 and 2867);
* ``chat.postMessage`` keeps each message in its conversation: posting to a user id posts into that
  person's DM with the app, ``D<user>``, and the answer's ``channel`` is that D id; ``conversations.history``
  gives a conversation's messages newest first, honouring ``oldest``, ``latest``, ``limit`` and ``cursor``,
  with their ``metadata`` only when the caller passed ``include_all_metadata=true``;
* message timestamps follow the real clock (always increasing), as Slack's do.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.loopback import stop_at_once

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0001"
APP_ID = "A0APP1"
DEFAULT_LOCALE = "es-LA"

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_BLOCKS_TEXT = 11_000
_MESSAGE_METHODS = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.update"})
_VIEW_METHODS = frozenset({"views.open", "views.publish", "views.update", "views.push"})

# Parameters that WebClient sends as JSON strings inside form posts (and as real JSON in JSON posts).
_JSON_PARAMS = frozenset({"blocks", "attachments", "view", "user_auth_blocks", "metadata", "files"})


@dataclass
class Call:
    """One request the fake received."""

    method: str  # "chat.postMessage", "response_url:r1", "upload:F1", or "unknown:/path"
    params: dict[str, Any]
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival
    status: int = 200  # what the fake answered; 0 when the connection was dropped


@dataclass
class _Fault:
    kind: str  # "status" | "drop" | "lose" (handled as usual, then the answer is dropped)
    status: int = 0
    retry_after: int = 1
    error: str = "ratelimited"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False


def _json_answer(body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> _Answer:
    all_headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    return _Answer(status, json.dumps(body).encode("utf-8"), all_headers)


def _decode_json_params(params: dict[str, Any]) -> dict[str, Any]:
    for key in _JSON_PARAMS & params.keys():
        value = params[key]
        if isinstance(value, str) and value[:1] in ("[", "{"):
            # A malformed string is left as sent, for the test to see.
            with contextlib.suppress(ValueError):
                params[key] = json.loads(value)
    return params


def _parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        raw = payload if isinstance(payload, bytes) else b""
        params[name] = raw if part.get_filename() else raw.decode("utf-8")
    return params


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeSlack) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client killed mid-request (the crash tests kill -9 a clock) leaves a broken pipe: not news.
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"  # one request per connection, like urllib expects

    def log_message(self, format: str, *args: Any) -> None:  # silence the default stderr log
        pass

    def do_POST(self) -> None:
        self._handle()

    def do_GET(self) -> None:
        self._handle()

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        body = self._read_body()
        headers = {key: value for key, value in self.headers.items()}
        answer = self.server.fake._receive(self.path, headers, body)
        if answer.drop:
            self.close_connection = True
            return
        self.send_response(answer.status)
        for key, value in answer.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)


class FakeSlack:
    """A loopback Slack Web API (http.server.ThreadingHTTPServer on 127.0.0.1, port 0) for tests."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self.calls: list[Call] = []
        self._faults: dict[str, deque[_Fault]] = {}
        self._replies: dict[str, dict[str, Any]] = {}
        self._locales: dict[str, str] = {}
        self._users: dict[str, dict[str, Any]] = {}
        self._last_ts = 0  # microseconds
        self._conversations: dict[str, list[dict[str, Any]]] = {}
        self._pins: dict[str, list[str]] = {}  # channel -> pinned message timestamps
        self._delays: dict[str, float] = {}
        self._hold_after: dict[str, int] = {}
        self._released = threading.Event()
        self._file_ids = itertools.count(1)
        self._server = _Server(self)
        port = self._server.server_address[1]
        self.root_url = f"http://127.0.0.1:{port}/"
        self.base_url = self.root_url + "api/"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="FakeSlack", daemon=True
        )
        self._thread.start()
        self._closed = False

    # -- configuration -----------------------------------------------------------------------------

    def response_url(self, name: str = "r1") -> str:
        """A response_url for a slash command or interaction; POSTs to it are calls to "response_url:<name>"."""
        return f"{self.root_url}response/{name}"

    def fail(
        self, method: str, status: int = 429, times: int = 1, retry_after: int = 1, error: str = "ratelimited",
        extra: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        """The next `times` calls to `method` answer `status`.

        429 comes with a Retry-After header and ``{"ok": false, "error": error}``; 5xx with a plain-text
        body; any other status (200 included) with ``{"ok": false, "error": error}``, plus `extra` fields
        (``{"needed": "chat:write"}`` for ``missing_scope``).
        """
        with self._lock:
            queue = self._faults.setdefault(method, deque())
            queue.extend(
                _Fault("status", status, retry_after, error, dict(extra or {})) for _ in range(times)
            )

    def drop(self, method: str, times: int = 1) -> None:
        """The next `times` calls to `method`: read the request, then close the connection unanswered."""
        with self._lock:
            self._faults.setdefault(method, deque()).extend(_Fault("drop") for _ in range(times))

    def lose_answer(self, method: str, times: int = 1) -> None:
        """The next `times` calls to `method` are handled (a message is posted), then the connection is
        closed before the answer: the caller cannot know whether Slack took the call."""
        with self._lock:
            self._faults.setdefault(method, deque()).extend(_Fault("lose") for _ in range(times))

    def slow(self, method: str, seconds: float) -> None:
        """Every call to `method` is answered `seconds` after it was handled (0 to stop)."""
        with self._lock:
            self._delays[method] = seconds

    def hold(self, method: str, after: int) -> None:
        """Calls to `method` beyond the first `after` are handled (recorded, posted), then their answer
        waits until release(): a test can kill the caller while one is in flight."""
        with self._lock:
            self._hold_after[method] = after
            self._released.clear()

    def release(self) -> None:
        with self._lock:
            self._hold_after.clear()
        self._released.set()

    def set_locale(self, user_id: str, locale: str) -> None:
        with self._lock:
            self._locales[user_id] = locale

    def set_user(self, user_id: str, **fields: Any) -> None:
        """What users.info says of a person beyond the defaults: real_name, is_restricted (a guest),
        is_ultra_restricted, is_stranger, team_id (another workspace: Slack Connect), ..."""
        with self._lock:
            self._users.setdefault(user_id, {}).update(fields)

    def reply(self, method: str, body: dict[str, Any]) -> None:
        """Answer `method` with `body` from now on (``"ok": true`` is added unless `body` sets ``ok``)."""
        with self._lock:
            self._replies[method] = {"ok": True, **body}

    def reset(self) -> None:
        """Forget calls and pending injected failures (locales and replies stay)."""
        with self._lock:
            self.calls.clear()
            self._faults.clear()

    # -- inspection --------------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [call.params for call in self.calls if call.method == method]

    def messages(self, conversation: str) -> list[dict[str, Any]]:
        """The messages posted in a conversation ("C…", or "D<user>" for a DM), oldest first."""
        with self._lock:
            return [dict(m) for m in self._conversations.get(conversation, [])]

    def conversations(self) -> dict[str, list[dict[str, Any]]]:
        with self._lock:
            return {k: [dict(m) for m in v] for k, v in self._conversations.items()}

    def methods(self) -> list[str]:
        """The methods called so far, in order (handy in assertion messages)."""
        with self._lock:
            return [call.method for call in self.calls]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Block until `count` calls to `method` arrived; return the params of all calls to it."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [call.params for call in self.calls if call.method == method]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = "\n".join(f"  {c.method} -> {c.status}: {c.params!r}"[:500] for c in self.calls)
                    raise AssertionError(
                        f"waited {timeout}s for {count} call(s) to {method}, got {len(found)}; "
                        f"calls seen:\n{seen or '  (none)'}"
                    )
                self._lock.wait(remaining)

    # -- lifecycle ---------------------------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        stop_at_once(self._server, self._thread)

    def __enter__(self) -> FakeSlack:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- request handling (server threads) ---------------------------------------------------------

    def _receive(self, raw_path: str, headers: dict[str, str], body: bytes) -> _Answer:
        split = urlsplit(raw_path)
        path = split.path
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        handler: Callable[[str, dict[str, Any]], _Answer] | None = None
        if path.startswith("/api/") and len(path) > len("/api/"):
            method = path[len("/api/") :]
            params = self._parse_params(split.query, content_type, body)
            handler = self._answer_api
        elif path.startswith("/response/"):
            method = "response_url:" + path[len("/response/") :]
            params = self._parse_params(split.query, "application/json", body)
            handler = self._answer_response_url
        elif path.startswith("/upload/"):
            method = "upload:" + path[len("/upload/") :]
            params = {"content_type": content_type, "length": len(body), "data": body}
            handler = self._answer_upload
        else:
            method = "unknown:" + path
            params = {"body": body}

        with self._lock:
            queue = self._faults.get(method)
            fault = queue.popleft() if queue else None
            if fault is not None and fault.kind != "lose":
                answer = self._fault_answer(fault)
            elif handler is None:
                answer = _Answer(404, b"Not Found", {"Content-Type": "text/plain"})
            else:
                answer = handler(method, params)
                if fault is not None:  # "lose": handled, but the answer never leaves
                    answer = _Answer(0, b"", drop=True)
            status = 0 if answer.drop else answer.status
            self.calls.append(Call(method, params, headers, time.monotonic(), status))
            held = method in self._hold_after and self.count(method) > self._hold_after[method]
            delay = self._delays.get(method, 0.0)
            self._lock.notify_all()
        if held:
            self._released.wait(timeout=60)
        if delay:
            time.sleep(delay)
        return answer

    def count(self, method: str) -> int:
        """How many calls to `method` arrived so far."""
        with self._lock:  # reentrant
            return sum(1 for call in self.calls if call.method == method)

    @staticmethod
    def _parse_params(query: str, content_type: str, body: bytes) -> dict[str, Any]:
        params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        kind = content_type.split(";")[0].strip().lower()
        text = body.decode("utf-8") if kind != "multipart/form-data" else ""
        if kind == "multipart/form-data":
            params.update(_parse_multipart(content_type, body))
        elif kind == "application/json" or (not kind and text.lstrip().startswith("{")):
            # WebClient labels even body-less requests application/json, so an empty body is fine.
            if text.strip():
                decoded = json.loads(text)
                params.update(decoded if isinstance(decoded, dict) else {"_json": decoded})
        elif text:
            params.update(parse_qsl(text, keep_blank_values=True))
        return _decode_json_params(params)

    def _fault_answer(self, fault: _Fault) -> _Answer:
        if fault.kind == "drop":
            return _Answer(0, b"", drop=True)
        if fault.status == 429:
            return _json_answer(
                {"ok": False, "error": fault.error}, 429, {"Retry-After": str(fault.retry_after)}
            )
        if fault.status >= 500:
            return _Answer(fault.status, b"Internal Server Error", {"Content-Type": "text/plain"})
        return _json_answer({"ok": False, "error": fault.error, **fault.extra}, fault.status)

    def _next_ts(self) -> str:
        micros = max(self._last_ts + 100, int(time.time() * 1_000_000))
        self._last_ts = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _answer_response_url(self, method: str, params: dict[str, Any]) -> _Answer:
        return _json_answer({"ok": True})

    def _answer_upload(self, method: str, params: dict[str, Any]) -> _Answer:
        return _Answer(200, f"OK - {params['length']}".encode(), {"Content-Type": "text/plain"})

    def _answer_api(self, method: str, params: dict[str, Any]) -> _Answer:
        refused = _check_blocks(method, params)
        if refused:
            return _json_answer({"ok": False, "error": refused})
        if method in self._replies:
            return _json_answer(self._replies[method])
        build = _DEFAULTS.get(method)
        body: dict[str, Any] = {"ok": True}
        if build is not None:
            body.update(build(self, params))
        return _json_answer(body)

    # Default answers, shaped like Slack's. Called with the lock held.

    def _auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": "https://example.slack.com/",
            "team": "Red Migración",
            "user": "enlace",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user_id = str(params.get("user", ""))
        user: dict[str, Any] = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": user_id.lower(),
            "deleted": False,
            "real_name": "Test",
            "tz": "America/Mexico_City",
            "tz_label": "Central Standard Time",
            "tz_offset": -21600,
            "is_bot": False,
            "is_admin": False,
            "profile": {"real_name": "Test", "display_name": "test"},
        }
        extra = self._users.get(user_id, {})
        user.update(extra)
        if "real_name" in extra:
            user["profile"] = {**user["profile"], "real_name": extra["real_name"]}
        if str(params.get("include_locale", "")).lower() in ("1", "true"):
            user["locale"] = self._locales.get(user_id, DEFAULT_LOCALE)
        return {"user": user}

    def _message(self, params: dict[str, Any], ts: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "text": params.get("text", ""),
            "ts": ts,
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if key in params:
                message[key] = params[key]
        return message

    def _chat_post_message(self, params: dict[str, Any]) -> dict[str, Any]:
        ts = self._next_ts()
        channel = str(params.get("channel", ""))
        if channel[:1] in ("U", "W"):  # to a person: into their DM with the app
            channel = "D" + channel
        message = self._message(params, ts)
        self._conversations.setdefault(channel, []).append(message)
        return {"channel": channel, "ts": ts, "message": message}

    def _conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        """The channel's messages, newest first; like Slack, without the replies in threads."""
        return self._page(params, lambda m: m.get("thread_ts", m["ts"]) == m["ts"])

    def _conversations_replies(self, params: dict[str, Any]) -> dict[str, Any]:
        """A thread: its parent and its replies (oldest first in Slack; the order does not matter here)."""
        ts = str(params.get("ts", ""))
        return self._page(params, lambda m: m["ts"] == ts or m.get("thread_ts") == ts)

    def _page(self, params: dict[str, Any], keep: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        oldest = float(params.get("oldest") or 0)
        latest = float(params.get("latest") or "inf")
        limit = int(params.get("limit") or 100)
        start = int(params.get("cursor") or 0)
        with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        found = [
            {k: v for k, v in m.items() if k != "metadata" or with_metadata}
            for m in reversed(self._conversations.get(str(params.get("channel", "")), []))
            if oldest < float(m["ts"]) < latest and keep(m)
        ]
        page = found[start : start + limit]
        more = start + limit < len(found)
        return {
            "messages": page,
            "has_more": more,
            "pin_count": 0,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _pins_add(self, params: dict[str, Any]) -> dict[str, Any]:
        pinned = self._pins.setdefault(str(params.get("channel", "")), [])
        if params.get("timestamp") in pinned:
            return {"ok": False, "error": "already_pinned"}
        pinned.append(str(params.get("timestamp")))
        return {}

    def _pins_remove(self, params: dict[str, Any]) -> dict[str, Any]:
        pinned = self._pins.setdefault(str(params.get("channel", "")), [])
        if params.get("timestamp") not in pinned:
            return {"ok": False, "error": "no_pin"}
        pinned.remove(str(params.get("timestamp")))
        return {}

    def pinned(self, channel: str) -> list[str]:
        with self._lock:
            return list(self._pins.get(channel, []))

    def _chat_post_ephemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"message_ts": self._next_ts()}

    def _chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        ts = str(params.get("ts", ""))
        for message in self._conversations.get(str(params.get("channel", "")), []):
            if message["ts"] == ts:
                message.update({k: v for k, v in self._message(params, ts).items() if k != "ts"})
        return {
            "channel": params.get("channel"),
            "ts": ts,
            "text": params.get("text", ""),
            "message": self._message(params, ts),
        }

    def _conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        if "channel" in params:
            return {"channel": {"id": params["channel"]}, "no_op": True, "already_open": True}
        first_user = str(params.get("users", "")).split(",")[0]
        return {"channel": {"id": "D" + first_user}}

    def _view(self, params: dict[str, Any]) -> dict[str, Any]:
        sent = params.get("view")
        view: dict[str, Any] = {
            "id": str(params.get("view_id") or "V1"),
            "team_id": TEAM_ID,
            "state": {"values": {}},
            "hash": "1700000000.abcdEFGH",
            "private_metadata": "",
            "callback_id": "",
            "external_id": str(params.get("external_id", "")),
            "previous_view_id": None,
            "root_view_id": str(params.get("view_id") or "V1"),
            "app_id": APP_ID,
            "app_installed_team_id": TEAM_ID,
            "bot_id": BOT_ID,
        }
        if isinstance(sent, dict):
            view.update(sent)
        return {"view": view}

    def _files_get_upload_url(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._file_ids)}"
        return {"upload_url": f"{self.root_url}upload/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, params: dict[str, Any]) -> dict[str, Any]:
        sent = params.get("files")
        files = sent if isinstance(sent, list) else [{"id": "F1"}]
        return {
            "files": [{"id": f.get("id"), "title": f.get("title", "")} for f in files if isinstance(f, dict)]
        }


def _texts(value: Any) -> list[str]:
    """Every "text" string inside a block tree."""
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    if not isinstance(value, dict):
        return []
    found = [value["text"]] if isinstance(value.get("text"), str) else []
    return found + [t for key, item in value.items() if key != "text" or not isinstance(item, str)
                    for t in _texts(item)]  # fmt: skip


def _check_blocks(method: str, params: dict[str, Any]) -> str | None:
    """The error Slack answers for blocks it refuses, or None."""
    if method in _VIEW_METHODS:
        view = params.get("view")
        blocks = view.get("blocks") if isinstance(view, dict) else None
        limit = MAX_VIEW_BLOCKS
    elif method in _MESSAGE_METHODS:
        blocks, limit = params.get("blocks"), MAX_MESSAGE_BLOCKS
    else:
        return None
    if not isinstance(blocks, list):
        return None
    if len(blocks) > limit:
        return "invalid_blocks"
    for block in blocks:
        if not isinstance(block, dict):
            return "invalid_blocks"
        text = block.get("text") if isinstance(block.get("text"), dict) else {}
        fields = block.get("fields") or []
        if block.get("type") == "header" and len(str(text.get("text", ""))) > 150:
            return "invalid_blocks"
        if block.get("type") == "section" and (
            len(str(text.get("text", ""))) > 3000
            or len(fields) > 10
            or any(len(str(f.get("text", ""))) > 2000 for f in fields)
        ):
            return "invalid_blocks"
    if method in _MESSAGE_METHODS and sum(len(t) for t in _texts(blocks)) > MAX_BLOCKS_TEXT:
        return "msg_blocks_too_long"
    return None


_DEFAULTS: dict[str, Callable[[FakeSlack, dict[str, Any]], dict[str, Any]]] = {
    "auth.test": FakeSlack._auth_test,
    "users.info": FakeSlack._users_info,
    "chat.postMessage": FakeSlack._chat_post_message,
    "chat.postEphemeral": FakeSlack._chat_post_ephemeral,
    "chat.update": FakeSlack._chat_update,
    "conversations.open": FakeSlack._conversations_open,
    "conversations.history": FakeSlack._conversations_history,
    "conversations.replies": FakeSlack._conversations_replies,
    "pins.add": FakeSlack._pins_add,
    "pins.remove": FakeSlack._pins_remove,
    "views.publish": FakeSlack._view,
    "views.open": FakeSlack._view,
    "views.update": FakeSlack._view,
    "views.push": FakeSlack._view,
    "files.getUploadURLExternal": FakeSlack._files_get_upload_url,
    "files.completeUploadExternal": FakeSlack._files_complete_upload,
}
