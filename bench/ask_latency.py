"""Benchmark for `enlace ask`: start-up time, and per-question latency over 1,000 mixed questions.

Usage: .venv/bin/python bench/ask_latency.py [--questions 1000] [--startups 10]

Start-up: wall time of `enlace ask -- <question>` on a prepared SQLite database (process start to exit).
Latency: one `enlace ask --batch` process; each question is written, then its answer line read back
before the next is sent, so every figure is one question's full round trip through the real interface.
Targets (issue 2): p99 under 5 ms per question, start-up under 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENLACE = str(Path(sys.executable).with_name("enlace"))

PRIORITIES_ES = [
    "la prioridad básica 1", "la prioridad básica 2.1", "la prioridad básica 2.2", "la prioridad básica 5",
    "la prioridad temática 1", "PT3", "la prioridad temática 5", "la prioridad temática 7",
    "el grupo de vías regulares", "el grupo de alternativas a la detención", "el grupo de retorno",
]  # fmt: skip
PRIORITIES_EN = ["core priority 2.1", "core priority 4", "thematic priority 3", "thematic priority 6"]
AGENCIES = ["OIM", "OMS", "FIDA", "ACNUR", "PNUD", "UNICEF", "ONU-Mujeres", "PICUM", "OIT", "UNODC", "CMNUCC"]
AGENCIES_EN = ["IOM", "WHO", "IFAD", "UNHCR", "UNDP", "ILO", "UN Women"]
PERIODS_ES = ["el segundo trimestre de 2021", "este trimestre", "julio de 2021", "2022", "el próximo mes"]
PERIODS_EN = ["Q3 2021", "next quarter", "July 2021", "this year"]
TEMPLATES = [
    lambda r: f"¿Quién lidera {r.choice(PRIORITIES_ES)}?",
    lambda r: f"Who leads {r.choice(PRIORITIES_EN)}?",
    lambda r: f"¿Qué lidera {r.choice(AGENCIES)}?",
    lambda r: f"What does {r.choice(AGENCIES_EN)} lead?",
    lambda r: f"¿En qué participa {r.choice(AGENCIES)}?",
    lambda r: f"¿Quiénes participan en {r.choice(PRIORITIES_ES)}?",
    lambda r: f"¿Qué es {r.choice(PRIORITIES_ES)}?",
    lambda r: f"¿Qué vence en {r.choice(PERIODS_ES)}?",
    lambda r: f"What is due in {r.choice(PERIODS_EN)}?",
    lambda r: "¿Qué está atrasado?",
    lambda r: f"¿Qué dice el objetivo {r.randint(1, 23)} del Pacto?",
    lambda r: f"¿Qué prioridades corresponden a la esfera temática {r.randint(1, 5)}?",
    lambda r: f"¿Qué significa {r.choice(AGENCIES)}?",
    lambda r: "¿Cuándo es la próxima reunión trimestral?",
    lambda r: "¿Cuáles son los principios de la Red?",
    lambda r: "¿Cuál es el plazo de la estrategia mundial de comunicaciones?",
    lambda r: r.choice(["vacunas", "remesas", "talleres informativos", "cambio climático"]),
    lambda r: r.choice(["hola", "asdf qwer", "¿Qué vence el 31 de febrero?", "x" * 20_000, "😀"]),
    lambda r: "¿quien lidra la priordad tematica 5?",
]


def mixed_questions(count: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [{"q": rng.choice(TEMPLATES)(rng), "today": "2021-05-10"} for _ in range(count)]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def measure_startup(env: dict[str, str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([ENLACE, "ask", "--", "¿Quién lidera la prioridad temática 5?"], env=env, cwd=ROOT,
                       check=True, capture_output=True)  # fmt: skip
        times.append(time.perf_counter() - start)
    return times


def measure_batch(env: dict[str, str], questions: list[dict[str, str]]) -> list[float]:
    process = subprocess.Popen([ENLACE, "ask", "--batch"], env=env, cwd=ROOT, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True, encoding="utf-8")  # fmt: skip
    assert process.stdin and process.stdout
    latencies = []
    # Warm-up question: loading the knowledge once belongs to start-up, not to any one question.
    process.stdin.write(json.dumps({"q": "hola"}) + "\n")
    process.stdin.flush()
    process.stdout.readline()
    for item in questions:
        start = time.perf_counter()
        process.stdin.write(json.dumps(item, ensure_ascii=False) + "\n")
        process.stdin.flush()
        line = process.stdout.readline()
        latencies.append(time.perf_counter() - start)
        if json.loads(line)["q"] != item["q"]:
            raise SystemExit("answers came back out of order")
    process.stdin.close()
    process.wait(timeout=60)
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--startups", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
        env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        subprocess.run([ENLACE, "load"], env=env, cwd=ROOT, check=True, capture_output=True)
        startup = measure_startup(env, args.startups)
        latencies = measure_batch(env, mixed_questions(args.questions))
    ms = [x * 1000 for x in latencies]
    print(f"start-up of `enlace ask` over {len(startup)} runs: median {statistics.median(startup):.2f} s, "
          f"max {max(startup):.2f} s (target < 1.5 s)")  # fmt: skip
    print(f"per-question latency over {len(ms)} mixed questions in one --batch run: "
          f"p50 {percentile(ms, 50):.2f} ms, p99 {percentile(ms, 99):.2f} ms, max {max(ms):.2f} ms (target p99 < 5 ms)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
