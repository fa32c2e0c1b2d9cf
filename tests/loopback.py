"""Serving a WSGI app (the real Enlace app, or a bare Bolt app) on an ephemeral loopback port for tests."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from socketserver import BaseServer, ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_wsgi(app: Callable[..., Any]) -> Iterator[str]:
    """Serve a WSGI app on 127.0.0.1:<ephemeral>; yield its base URL (no trailing slash)."""
    server = make_server("127.0.0.1", 0, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        stop_at_once(server, thread)


def stop_at_once(server: BaseServer, thread: threading.Thread) -> None:
    """Stop a server running serve_forever in `thread`.

    server.shutdown() alone waits for serve_forever's next poll (up to its poll_interval; hundreds of tests
    paid that in teardown). A connection wakes the poll at once; it carries no request, so it is dropped."""
    stopper = threading.Thread(target=server.shutdown, daemon=True)
    stopper.start()
    address = server.server_address[:2]
    while stopper.is_alive():
        with contextlib.suppress(OSError):
            socket.create_connection(address, timeout=1).close()  # type: ignore[arg-type]
        stopper.join(0.002)
    server.server_close()
    thread.join(timeout=5)
