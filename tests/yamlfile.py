"""YAML files in tests: read as the app reads config (bot.config_schema.read_yaml: libyaml, parsed once per
content), written through libyaml too. The pure-Python parser and emitter cost the suite seconds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bot.config_schema import read_yaml as read

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
__all__ = ["edit", "read", "write"]


def write(path: Path, data: Any) -> None:
    path.write_text(yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit(path: Path, change: Callable[[Any], Any]) -> None:
    """Change a file's data in place (its comments are lost, which tests do not mind)."""
    data = read(path)
    change(data)
    write(path, data)
