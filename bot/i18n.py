"""The message catalog: every sentence the bot says, in Spanish and English (config/messages.yaml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from bot.config_schema import ConfigError, read_yaml

LANGUAGES = ("es", "en")


class Catalog:
    def __init__(self, messages: dict[str, dict[str, Any]]) -> None:
        self.messages = messages

    @classmethod
    def load(cls, path: Path) -> Catalog:
        data = read_yaml(path)
        if not isinstance(data, dict):
            raise ConfigError(path, "(file)", "expected a mapping of message keys")
        messages: dict[str, dict[str, Any]] = {}
        for key, value in _flatten(data):
            if not isinstance(value, dict) or set(value) != set(LANGUAGES):
                raise ConfigError(path, key, "each message needs exactly an 'es' and an 'en' text")
            for lang in LANGUAGES:
                if not isinstance(value[lang], str | list) or not value[lang]:
                    raise ConfigError(path, f"{key} > {lang}", "must be non-empty text or a list of texts")
            messages[key] = value
        return cls(messages)

    def t(self, key: str, lang: str, **values: Any) -> str:
        text = self.messages[key][lang if lang in LANGUAGES else "es"]
        return str(text).format(**values) if values else str(text)

    def items(self, key: str, lang: str) -> list[str]:
        value = self.messages[key][lang if lang in LANGUAGES else "es"]
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def date(self, day: dt.date, lang: str) -> str:
        month = self.items("dates.months", lang)[day.month - 1]
        return self.t("dates.format", lang, day=day.day, month=month, year=day.year)

    def weekday(self, day: dt.date, lang: str) -> str:
        return self.items("dates.weekdays", lang)[day.weekday()]


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not set(value) & set(LANGUAGES):
            pairs.extend(_flatten(value, name + "."))
        else:
            pairs.append((name, value))
    return pairs
