"""`enlace export` over a growing history: time and peak memory of a full export and of a one-period export.

Usage: .venv/bin/python bench/export_stream.py [--db sqlite|postgresql] [--sizes 10000,100000]
Each export runs in its own process (`enlace export --out FILE`), which reports its own peak RSS. The period
exported is the oldest (bench/history.py's weekly periods go back from 2022-06-20): the one a row limit on the
newest reports would have lost.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.history import database, fill  # noqa: E402

# `enlace` in this process, then its own peak RSS (kB, VmHWM: ru_maxrss would count the parent's, inherited
# at fork) as the last line on stderr.
PEAK = (
    "import re, sys\n"
    "from handlers.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "status = open('/proc/self/status').read()\n"
    "print(re.search(r'VmHWM:\\s+(\\d+)', status).group(1), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def export(url: str, period: str | None) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, rows) of one `enlace export`."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export.csv"
        argv = ["export", "--out", str(out)] + (["--period", period] if period else [])
        env = {**os.environ, "DATABASE_URL": url}
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", PEAK, *argv], env=env, check=True, capture_output=True,
                              text=True)  # fmt: skip
        elapsed = time.perf_counter() - start
        peak_kb = int(done.stderr.strip().splitlines()[-1])
        rows = sum(1 for _ in out.open(encoding="utf-8")) - 1
    return elapsed, peak_kb / 1024, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        with database(args.db) as url:
            found = fill(url, size)
            whole = export(url, None)
            period = export(url, found.oldest_period)
        print(f"{args.db} {size:>8} reports: all {whole[2]} rows in {whole[0]:.1f} s, peak {whole[1]:.0f} MB; "
              f"one period ({period[2]} rows) in {period[0]:.1f} s, peak {period[1]:.0f} MB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
