"""YAML files in tests, read and written through libyaml: the pure-Python parser and emitter cost the
suite seconds (each edited config file is a few hundred kB)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


def write(path: Path, data: Any) -> None:
    path.write_text(yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit(path: Path, change: Callable[[Any], Any]) -> None:
    """Change a file's data in place (its comments are lost, which tests do not mind)."""
    data = read(path)
    change(data)
    write(path, data)
