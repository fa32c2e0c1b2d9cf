"""Reading config YAML into checked values, with errors that name the file, the entry and the problem."""

from __future__ import annotations

import datetime as dt
import functools
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=32)
def _parsed(raw: bytes) -> bytes:
    """A file's data by its content, pickled. The same files are read again and again (each capability's
    loader, every test's configuration): unpickling is some 40 times faster than parsing YAML again."""
    return pickle.dumps(yaml.load(raw.decode("utf-8"), Loader=_LOADER))  # the safe loader, in C if there


class ConfigError(ValueError):
    def __init__(self, file: Path | str, entry: str, problem: str) -> None:
        self.file = str(file)
        self.entry = entry
        self.problem = problem
        super().__init__(f"{self.file}: {entry}: {problem}")


def read_yaml(path: Path) -> Any:
    """A fresh copy of the file's data each call: callers may change what they get."""
    try:
        return pickle.loads(_parsed(path.read_bytes()))
    except FileNotFoundError:
        raise ConfigError(path, "(file)", "file not found") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        entry = f"line {where.line + 1}, column {where.column + 1}" if where else "(file)"
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(path, entry, f"not valid YAML: {problem}") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "(file)", "not UTF-8 text") from None


@dataclass
class Node:
    """A mapping in a config file, with its location for error messages."""

    file: Path
    entry: str
    data: dict[str, Any]

    @classmethod
    def of(cls, file: Path, entry: str, value: Any) -> Node:
        if not isinstance(value, dict):
            raise ConfigError(file, entry, f"expected a mapping, found {_kind(value)}")
        return cls(file, entry, value)

    def error(self, problem: str) -> ConfigError:
        return ConfigError(self.file, self.entry, problem)

    def child(self, key: str, label: str | None = None) -> Node:
        return Node.of(self.file, f"{self.entry} > {label or key}", self.require(key))

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def require(self, key: str) -> Any:
        if self.data.get(key) is None:
            raise self.error(f"'{key}' is missing")
        return self.data[key]

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key)
        if value is None:
            if default is not None:
                return default
            raise self.error(f"'{key}' is missing")
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(f"'{key}' must be text, found {_kind(value)}")
        text = str(value).strip()
        if not text and default is None:
            raise self.error(f"'{key}' is empty")
        return text

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if self.has(key) else None

    def bilingual(self, key: str) -> tuple[str, str]:
        node = self.child(key)
        return node.text("es"), node.text("en")

    def optional_bilingual(self, key: str) -> tuple[str | None, str | None]:
        if not self.has(key):
            return None, None
        return self.bilingual(key)

    def integer(self, key: str, low: int | None = None, high: int | None = None) -> int:
        value = self.require(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(f"'{key}' must be a whole number, found {value!r}")
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.error(f"'{key}' must be between {low} and {high}, found {value}")
        return value

    def date(self, key: str) -> dt.date:
        value = self.require(key)
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.error(f"'{key}' must be a date like 2021-04-28, found {value!r}") from None

    def items(self, key: str, required: bool = True) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.error(f"'{key}' is missing")
            return []
        if not isinstance(value, list):
            raise self.error(f"'{key}' must be a list, found {_kind(value)}")
        return value

    def strings(self, key: str) -> list[str]:
        values = self.items(key, required=False)
        for value in values:
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise self.error(f"'{key}' must be a list of text, found {value!r}")
        return [str(v).strip() for v in values]

    def one_of(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self.text(key, default)
        if value not in choices:
            raise self.error(f"'{key}' must be one of {', '.join(choices)}, found {value!r}")
        return value


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{type(value).__name__} {value!r}"
