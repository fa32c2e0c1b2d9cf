"""Benchmark: building the whole-Network weekly digest as the history of status reports grows.

Usage: .venv/bin/python bench/digest_build.py [--db sqlite|postgresql] [--sizes 1000,10000,100000] [--runs 10]

The history is bench/history.py's (weekly periods going back, every status represented). The digest is the
shipped config's (config/digests.yaml, channel C0RED00001, Spanish), built at the history's newest instant
and rendered to Block Kit. Prints the median and the maximum per size. Target (issue 9): under 50 ms at
100k, growing with what is shown and not with the history.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from history import NOW, database, fill  # noqa: E402

from bot.digest.config import digest_for  # noqa: E402
from bot.digest.content import build_digest  # noqa: E402
from bot.render.blocks import render_blocks  # noqa: E402
from bot.render.i18n import Catalog  # noqa: E402
from storage import queries  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    catalog = Catalog.load(ROOT / "config" / "messages.yaml")
    for size in (int(s) for s in args.sizes.split(",")):
        with database(args.db) as url:
            fill(url, size)
            engine = make_engine(url)
            sessions = make_session_factory(engine)
            times = []
            for run in range(args.runs + 2):  # two to warm up: the plan's snapshot is built once
                start = time.perf_counter()
                with sessions() as session:
                    digest = digest_for(queries.network_settings(session).get("digests") or {}, "C0RED00001")
                    assert digest is not None
                    render_blocks(build_digest(catalog, session, digest, NOW, "es"), catalog)
                if run >= 2:
                    times.append((time.perf_counter() - start) * 1000)
            engine.dispose()
            print(
                f"{args.db} {size:>7} reports: median {statistics.median(times):5.1f} ms, max {max(times):5.1f} ms"
            )


if __name__ == "__main__":
    main()
