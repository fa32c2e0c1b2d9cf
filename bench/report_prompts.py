"""Benchmark: status prompts to 300 members through a rate-limited loopback Slack.

Usage: .venv/bin/python bench/report_prompts.py [--members 300] [--limit 20]

The loopback Web API allows `--limit` chat.postMessage calls per one-second window and answers 429 with
Retry-After beyond that, like Slack's per-method limits (scaled so the run stays short). One `enlace tick`
at the prompt instant sends every prompt. Prints the wall time of the send, the theoretical minimum for
that limit (the calls need ceil(N/limit) windows, so at least ceil(N/limit) - 1 seconds), the ratio, and
checks nothing was lost or sent twice. Target (issue 4): within 1.2x.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class LimitedSlack(ThreadingHTTPServer):
    """chat.postMessage limited to `limit` calls per one-second window; everything else just answers ok."""

    daemon_threads = True

    def __init__(self, limit: int) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.limit = limit
        self.lock = threading.Lock()
        self.window_start = time.monotonic()
        self.in_window = 0
        self.delivered: Counter[str] = Counter()
        self.rejected = 0

    def admit(self) -> float:
        """0 when the call is admitted, else the seconds until the window reopens."""
        with self.lock:
            now = time.monotonic()
            if now - self.window_start >= 1.0:
                self.window_start, self.in_window = now, 0
            if self.in_window < self.limit:
                self.in_window += 1
                return 0.0
            self.rejected += 1
            return 1.0 - (now - self.window_start)


class Handler(BaseHTTPRequestHandler):
    server: LimitedSlack

    def log_message(self, *args: object) -> None:
        return None

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        method = self.path.rsplit("/", 1)[-1]
        params = json.loads(body) if body.startswith("{") else {k: v[0] for k, v in parse_qs(body).items()}
        if method == "chat.postMessage":
            wait = self.server.admit()
            if wait > 0:
                self._answer(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": f"{wait:.3f}"})
                return
            self.server.delivered[str(params.get("channel"))] += 1
        if method == "auth.test":
            self._answer(200, {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1"})
            return
        self._answer(200, {"ok": True, "ts": "1.0", "channel": params.get("channel")})

    def _answer(self, status: int, body: dict[str, object], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def config_with_members(folder: Path, members: int) -> None:
    shutil.copytree(ROOT / "config", folder)
    (folder / "digests.yaml").write_text("digests: []\n", encoding="utf-8")  # prompts alone are measured
    path = folder / "working-groups.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    group = data["groups"][0]
    group["members"] = [
        {"slack_user_id": f"U{n:08d}", "agency": "oim", "role": "member"} for n in range(1, members + 1)
    ]
    data["groups"] = [group]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--limit", type=int, default=20, help="chat.postMessage calls per second")
    args = parser.parse_args()
    server = LimitedSlack(args.limit)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/api/"
    with tempfile.TemporaryDirectory() as tmp:
        config_with_members(Path(tmp) / "config", args.members)
        os.environ.update({
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "ENLACE_CONFIG": f"{tmp}/config",
            "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": "bench-secret-0123456789",
            "SLACK_API_URL": base, "ENLACE_SEND_RATE": str(args.limit), "LOG_LEVEL": "WARNING",
        })  # fmt: skip
        from bot.settings import load_settings
        from handlers.clock_process import parse_instant, tick

        settings = load_settings(env_file=Path(tmp) / ".env")
        at = parse_instant(yaml.safe_load((ROOT / "config" / "working-groups.yaml").read_text())["groups"][0]
                           ["schedule"]["starting"].isoformat() + "T10:00")  # fmt: skip
        tick(settings, parse_instant("2000-01-01T00:00"))  # migrate and load outside the timing
        start = time.perf_counter()
        report = tick(settings, at)
        elapsed = time.perf_counter() - start
        again = tick(settings, at)
    server.shutdown()
    minimum = math.ceil(args.members / args.limit) - 1
    twice = sum(1 for n in server.delivered.values() if n > 1)
    lost = args.members - len(server.delivered)
    print(f"prompts to {args.members} members at {args.limit} chat.postMessage calls/s: "
          f"{elapsed:.2f} s (theoretical minimum {minimum} s, ratio {elapsed / max(minimum, 1e-9):.2f}x, target <= 1.2x)")  # fmt: skip
    print(f"sent {len(report.sent)}, retrying {len(report.retrying)}, failed {len(report.failed)}, "
          f"429s answered {server.rejected}, lost {lost}, sent twice {twice}; "
          f"a second tick at the same instant sent {len(again.sent)}")  # fmt: skip
    trouble = report.retrying or report.failed or report.unreported
    return 0 if lost == 0 and twice == 0 and not again.sent and not trouble else 1


if __name__ == "__main__":
    sys.exit(main())
