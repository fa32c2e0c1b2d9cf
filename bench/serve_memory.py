"""Memory of `enlace serve` at rest: RSS and PSS of every process it runs, from /proc/<pid>/smaps_rollup.

Usage: .venv/bin/python bench/serve_memory.py [--workers 2] [--settle 3] [--questions 20]

Starts `enlace serve` (default workers, as a platform would run it) on a fresh SQLite file with a loopback
stand-in for Slack's Web API, waits for /healthz to say ready, asks `--questions` signed /red questions (so
every process has answered once, as it would after a few minutes in production), waits `--settle` seconds,
then reads each process of the tree. PSS splits shared pages between the processes that share them, so the
PSS total is what the tree really costs; the RSS total counts shared pages once per process. Linux only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from slack_load import (
    ENLACE,
    ROOT,
    SECRET,
    TOKEN,
    FakeSlack,
    answers,
    command_body,
    fire,
    free_port,
    stop,
    wait_healthy,
)


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            queue.extend(int(child) for child in children)
    return found


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value)
    return fields["Rss"], fields["Pss"]


def describe(pid: int) -> str:
    words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    line = " ".join(Path(w.decode()).name if i == 0 else w.decode() for i, w in enumerate(words) if w)
    return line[:70]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--workers", type=int, default=None, help="default: enlace serve's own (2)")
    parser.add_argument("--settle", type=float, default=3.0)
    parser.add_argument("--questions", type=int, default=20)
    args = parser.parse_args()
    fake = FakeSlack()
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WEB_CONCURRENCY"))}
        env.update(DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3", SLACK_BOT_TOKEN=TOKEN,
                   SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=f"{fake.url}/api/")  # fmt: skip
        subprocess.run([ENLACE, "load"], env=env, cwd=ROOT, check=True, capture_output=True, timeout=120)
        port = free_port()
        command = [ENLACE, "serve", "--host", "127.0.0.1", "--port", str(port)]
        if args.workers is not None:
            command += ["--workers", str(args.workers)]
        with open(Path(folder) / "serve.log", "wb") as log:
            process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
        try:
            wait_healthy(process, port, "enlace serve", timeout=60)
            bodies = [command_body("¿Quién lidera la prioridad temática 5?", f"m-{n}", n, fake.url)
                      for n in range(args.questions)]  # fmt: skip
            fire(port, bodies, 4)
            deadline = time.monotonic() + 10
            while answers(fake.url, "m-") < args.questions and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(args.settle)
            rows = [(pid, *memory_kb(pid), describe(pid)) for pid in tree(process.pid)]
        finally:
            stop(process)
            fake.shutdown()
    print(f"`enlace serve` at rest ({args.workers or 'default'} workers, after {args.questions} answers): "
          f"{len(rows)} processes")  # fmt: skip
    for pid, rss, pss, what in rows:
        print(f"  {pid:>7}  RSS {rss / 1024:6.1f} MB  PSS {pss / 1024:6.1f} MB  {what}")
    total_rss, total_pss = sum(r[1] for r in rows) / 1024, sum(r[2] for r in rows) / 1024
    print(f"  total    RSS {total_rss:6.1f} MB  PSS {total_pss:6.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
