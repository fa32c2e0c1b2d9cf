"""Load benchmark for `enlace serve`: signed /red slash commands against Enlace and against a bare Bolt app.

Usage: .venv/bin/python bench/slack_load.py [--runs 5] [--requests 2000] [--concurrency 8] [--workers 2] [--threads 8]

Both servers are gunicorn (gthread, same workers and threads) on 127.0.0.1 and both talk to a loopback fake
of Slack's Web API run in a process of its own. The bare app's only listener acks /red. Each client thread keeps one
HTTP connection; a request's latency is from sending it to reading the 200 back. Enlace then answers every
question on its response_url, which the fake counts: none may be lost. Both apps leave Bolt's default
process_before_response=False, so Bolt polls for ack() every 10 ms: ~11 ms is the floor for either.
On a shared machine one run's p99 ratio swings widely (0.7x-1.5x), so the servers are measured `--runs` times,
bare then Enlace each time, and the median ratio is the figure, with its range.
Target (issue 11): median p99 within 1.2x of the bare app, no failed requests, no lost answers.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from slack_sdk.signature import SignatureVerifier

ROOT = Path(__file__).resolve().parent.parent
ENLACE = str(Path(sys.executable).with_name("enlace"))
TOKEN = "xoxb-bench-token"
SECRET = "bench-signing-secret-0123456789abcdef"
WARMUP = 50
TEXTS = [
    "¿Quién lidera la prioridad temática 5?", "¿Qué vence este trimestre?", "What does IOM lead?",
    "¿Qué está atrasado?", "ayuda", "¿Qué lidera OIM?", "Who leads core priority 2.1?",
    "¿Quiénes participan en el grupo de vías regulares?", "¿Qué vence en julio de 2021?",
    "What is due next quarter?", "¿Qué dice el objetivo 5 del Pacto?", "¿Qué significa ACNUR?",
    "¿Cuándo es la próxima reunión trimestral?", "remesas", "hola",
]  # fmt: skip


class FakeSlack(ThreadingHTTPServer):
    """Slack's Web API at /api/<method>, and response_urls at /response/<id> (counted)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _FakeHandler)
        self.answered: set[str] = set()
        self.lock = threading.Lock()
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a server stopped mid-answer: not news
            super().handle_error(request, client_address)

    def answers(self, prefix: str) -> int:
        with self.lock:
            return sum(1 for key in self.answered if key.startswith(prefix))


class _FakeHandler(BaseHTTPRequestHandler):
    server: FakeSlack

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        url = urlsplit(self.path)
        if url.path.startswith("/count/"):
            return self._reply(
                str(self.server.answers(url.path.removeprefix("/count/"))).encode(), "text/plain"
            )
        if url.path.startswith("/response/") and self.command == "POST":
            with self.server.lock:
                self.server.answered.add(url.path.removeprefix("/response/"))
            return self._reply(b"ok", "text/plain")
        params = {**parse_qs(url.query), **parse_qs(body)}
        method = url.path.removeprefix("/api/")
        payload: dict[str, Any] = {"ok": True}
        if method == "auth.test":
            payload.update(user_id="UBOT", bot_id="BBOT", team_id="T0001", user="enlace")
        elif method == "users.info":
            payload["user"] = {"id": (params.get("user") or [""])[0], "locale": "es-LA"}
        self._reply(json.dumps(payload).encode(), "application/json")

    do_GET = do_POST

    def _reply(self, data: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def bare_server(port: int, fake_url: str, secret: str, workers: int, threads: int) -> int:
    """The comparison: gunicorn serving a Bolt app whose only listener acks /red, configured like Enlace."""
    from gunicorn.app.base import BaseApplication
    from slack_bolt import App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options = {"bind": f"127.0.0.1:{port}", "workers": workers, "worker_class": "gthread",
                       "threads": threads, "timeout": 30, "graceful_timeout": 10, "accesslog": None,
                       "loglevel": "info"}  # fmt: skip
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]:
            app = App(signing_secret=secret, client=WebClient(token=TOKEN, base_url=fake_url))

            @app.command("/red")
            def only_ack(ack: Callable[[], None]) -> None:
                ack()

            slack = SlackRequestHandler(app, path="/slack/events")

            def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
                if environ.get("PATH_INFO") == "/healthz":
                    start_response("200 OK", [("Content-Type", "application/json")])
                    return [b'{"ok": true}']
                return slack(environ, start_response)

            return application

    Server().run()
    return 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(process: subprocess.Popen[bytes], port: int, name: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"{name} did not answer /healthz within {timeout:.0f} s (exit code {process.poll()})")


def command_body(text: str, key: str, n: int, fake_url: str) -> str:
    """The form body Slack POSTs for a slash command, fields in Slack's order."""
    return urlencode([
        ("token", "bench-verification-token"), ("team_id", "T0001"), ("team_domain", "redmigracion"),
        ("channel_id", "C0BENCH1"), ("channel_name", "red-migracion"), ("user_id", f"U0BENCH{n % 20:02d}"),
        ("user_name", f"persona{n % 20}"), ("command", "/red"), ("text", text), ("api_app_id", "A0BENCH1"),
        ("is_enterprise_install", "false"), ("response_url", f"{fake_url}/response/{key}"),
        ("trigger_id", f"{1000 + n}.42.{key}"),
    ])  # fmt: skip


def fire(port: int, bodies: list[str], concurrency: int) -> tuple[list[float], int, float]:
    """Send every body once from `concurrency` threads; returns latencies (s), failures and wall time."""
    verifier = SignatureVerifier(SECRET)
    pending = iter(bodies)
    lock = threading.Lock()
    latencies: list[float] = []
    failed: list[float] = []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                body = next(pending, None)
            if body is None:
                break
            stamp = str(int(time.time()))
            headers = {"X-Slack-Request-Timestamp": stamp, "Content-Type": "application/x-www-form-urlencoded",
                       "X-Slack-Signature": verifier.generate_signature(timestamp=stamp, body=body) or ""}  # fmt: skip
            data = body.encode()
            start = time.perf_counter()
            try:
                conn.request("POST", "/slack/events", body=data, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()  # the next request reconnects
            elapsed = time.perf_counter() - start
            with lock:
                (latencies if ok else failed).append(elapsed)
        conn.close()

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lambda _: client(), range(concurrency)))
    return latencies, len(failed), time.perf_counter() - start


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values) or [float("nan")]
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def run(name: str, port: int, fake_url: str, args: argparse.Namespace, trial: int = 0) -> dict[str, float]:
    rng = random.Random(7)
    bodies = [
        command_body(rng.choice(TEXTS), f"{name}-{trial}-{n}", n, fake_url)
        for n in range(WARMUP + args.requests)
    ]
    fire(port, bodies[:WARMUP], args.concurrency)  # warm-up: not counted (its answers are)
    latencies, failures, wall = fire(port, bodies[WARMUP:], args.concurrency)
    ms = [x * 1000 for x in latencies]
    figures = {"requests": len(bodies) - WARMUP, "failures": failures, "p50": percentile(ms, 50),
               "p99": percentile(ms, 99), "max": max(ms, default=float("nan")), "rps": args.requests / wall}  # fmt: skip
    print(f"{name:>6}: {figures['requests']:.0f} requests, {failures} failed, p50 {figures['p50']:.1f} ms, "
          f"p99 {figures['p99']:.1f} ms, max {figures['max']:.1f} ms, {figures['rps']:.0f} req/s")  # fmt: skip
    return figures


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    for option, default in (
        ("--runs", 5),
        ("--requests", 2000),
        ("--concurrency", 8),
        ("--workers", 2),
        ("--threads", 8),
    ):
        parser.add_argument(option, type=int, default=default)
    parser.add_argument(
        "--bare-server", nargs=3, metavar=("PORT", "FAKE_URL", "SECRET"), help=argparse.SUPPRESS
    )
    parser.add_argument("--fake-server", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_server:
        port, fake_url, secret = args.bare_server
        return bare_server(int(port), fake_url, secret, args.workers, args.threads)
    if args.fake_server:
        fake = FakeSlack()
        print(fake.url, flush=True)
        fake.serve_forever()
        return 0
    # The fake runs in its own process: its work answering Enlace's response_url posts must not take CPU
    # (and the GIL) from this process's clients, or Enlace's latency would include the fake's.
    fake_process = subprocess.Popen(
        [sys.executable, __file__, "--fake-server"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert fake_process.stdout is not None
        fake_url = fake_process.stdout.readline().strip()
        with tempfile.TemporaryDirectory() as folder:
            return benchmark(args, fake_url, Path(folder))
    finally:
        fake_process.terminate()
        fake_process.wait(timeout=10)


def answers(fake_url: str, prefix: str) -> int:
    with urllib.request.urlopen(f"{fake_url}/count/{prefix}", data=b"", timeout=5) as response:
        return int(response.read())


def benchmark(args: argparse.Namespace, fake_url: str, folder: Path) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3", SLACK_BOT_TOKEN=TOKEN,
               SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=f"{fake_url}/api/")  # fmt: skip
    subprocess.run([ENLACE, "load"], env=env, cwd=ROOT, check=True, capture_output=True, timeout=120)
    ports = {"bare": free_port(), "enlace": free_port()}
    sizing = ["--workers", str(args.workers), "--threads", str(args.threads)]
    commands = {
        "bare": [sys.executable, __file__, "--bare-server", str(ports["bare"]), f"{fake_url}/api/", SECRET],
        "enlace": [ENLACE, "serve", "--host", "127.0.0.1", "--port", str(ports["enlace"])],
    }  # fmt: skip
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name, command in commands.items():
            with open(folder / f"{name}.log", "wb") as log:
                processes[name] = subprocess.Popen(
                    command + sizing, env=env, cwd=ROOT, stdout=log, stderr=log
                )
        for name, process in processes.items():
            wait_healthy(process, ports[name], name)
        print(f"{args.requests} signed /red commands (+{WARMUP} warm-up) from {args.concurrency} clients; "
              f"gunicorn gthread, {args.workers} workers x {args.threads} threads, on 127.0.0.1")  # fmt: skip
        ratios, failures = [], 0
        for trial in range(args.runs):
            bare = run("bare", ports["bare"], fake_url, args, trial)
            enlace = run("enlace", ports["enlace"], fake_url, args, trial)
            ratios.append(enlace["p99"] / bare["p99"])
            failures += int(bare["failures"] + enlace["failures"])
            print(f"enlace/bare: p99 {ratios[-1]:.2f}x, p50 {enlace['p50'] / bare['p50']:.2f}x, throughput "
                  f"{enlace['rps'] / bare['rps']:.2f}x")  # fmt: skip
        expected, settle = args.runs * (WARMUP + args.requests), time.monotonic()
        while answers(fake_url, "enlace-") < expected and time.monotonic() - settle < 10:
            time.sleep(0.05)
        answered = answers(fake_url, "enlace-")
        median = statistics.median(ratios)
        print(f"p99 enlace/bare over {args.runs} runs: median {median:.2f}x (range {min(ratios):.2f}x-"
              f"{max(ratios):.2f}x; target: within 1.2x: {'met' if median <= 1.2 else 'NOT met'})")  # fmt: skip
        print(f"enlace response_url answers received: {answered} of {expected} "
              f"(waited {time.monotonic() - settle:.2f} s after the last request)")  # fmt: skip
    finally:
        for process in processes.values():
            stop(process)
    for name in commands:
        lines = (folder / f"{name}.log").read_text("utf-8", "replace").splitlines()
        errors = [line for line in lines if "Traceback" in line or "ERROR" in line]
        if errors:
            print(f"{name} server logged {len(errors)} error lines, first: {errors[0]}")
    return 1 if failures or answered < expected else 0


if __name__ == "__main__":
    sys.exit(main())
