"""The code's layout holds: imports point handlers -> bot -> storage, bot/ knows no Slack library, and no
two packages of bot/ import each other (so a capability can be read, and changed, on its own)."""

from __future__ import annotations

import ast
import itertools
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(folder: str) -> dict[Path, set[str]]:
    found: dict[Path, set[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                base = node.module
                names.update(f"{base}.{a.name}" if base == "bot" else base for a in node.names)
        found[path] = names
    return found


def _unit(path: Path) -> str:
    """A module's unit in bot/: its package (bot/reporting/x.py -> reporting) or its own name."""
    parts = path.relative_to(ROOT / "bot").parts
    return parts[0] if len(parts) > 1 else path.stem


def test_imports_point_one_way() -> None:
    for path, names in _imports("bot").items():
        assert not {n for n in names if n.split(".")[0] in ("handlers", "slack_bolt", "slack_sdk")}, path
    for path, names in _imports("storage").items():
        assert not {n for n in names if n.split(".")[0] in ("bot", "handlers", "slack_bolt", "slack_sdk")}, (
            path
        )
    for path, names in _imports("handlers").items():  # SQL and its rules live in bot/ and storage/
        assert not {n for n in names if n.split(".")[0] == "storage"}, path


def test_no_two_packages_of_bot_import_each_other() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for path, names in _imports("bot").items():
        for name in names:
            if name.startswith("bot.") and (target := name.split(".")[1]) != _unit(path):
                graph[_unit(path)].add(target)
    # Any cycle, not only pairs: walk each unit's reach.
    for unit in list(graph):
        reach, todo = set(), list(graph[unit])
        while todo:
            nxt = todo.pop()
            if nxt not in reach:
                reach.add(nxt)
                todo.extend(graph.get(nxt, ()))
        assert unit not in reach, f"bot/{unit} imports itself through {sorted(reach & set(graph))}"
    assert len(list(itertools.chain(*graph.values()))) > 10  # the walk saw the real graph


def test_bot_top_level_stays_small() -> None:
    modules = [p for p in (ROOT / "bot").glob("*.py") if p.name != "__init__.py"]
    assert len(modules) <= 8, sorted(p.name for p in modules)
