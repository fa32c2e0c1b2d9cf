"""The message catalog: every sentence the bot says, in Spanish and English (config/messages.yaml)."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.config_schema import ConfigError, read_yaml
from bot.render.answer import moment

LANGUAGES = ("es", "en")
_LOADED: dict[tuple[str, int, int], Catalog] = {}
_LOCK = threading.Lock()
# A text that depends on a number is a mapping of plural forms; `count` picks one.
PLURAL_FORMS = ("one", "other")


class Catalog:
    def __init__(self, messages: dict[str, dict[str, Any]]) -> None:
        self.messages = messages

    @classmethod
    def load(cls, path: Path) -> Catalog:
        """The catalog in `path`, read once per version of the file: every process part (web worker, answer
        process, each `tick`) loads it, and parsing its YAML is most of a tick's own work."""
        try:
            stat = path.stat()
        except OSError:
            return cls._read(path)
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        with _LOCK:
            cached = _LOADED.get(key)
        if cached is None:
            cached = cls._read(path)
            with _LOCK:
                _LOADED[key] = cached
        return cached

    @classmethod
    def _read(cls, path: Path) -> Catalog:
        data = read_yaml(path)
        if not isinstance(data, dict):
            raise ConfigError(path, "(file)", "expected a mapping of message keys")
        messages: dict[str, dict[str, Any]] = {}
        for key, value in _flatten(data):
            if not isinstance(value, dict) or set(value) != set(LANGUAGES):
                raise ConfigError(path, key, "each message needs exactly an 'es' and an 'en' text")
            for lang in LANGUAGES:
                text = value[lang]
                if isinstance(text, dict):
                    if set(text) != set(PLURAL_FORMS) or not all(
                        isinstance(v, str) and v for v in text.values()
                    ):
                        raise ConfigError(
                            path, f"{key} > {lang}", "plural forms need exactly a 'one' and an 'other' text"
                        )
                elif not isinstance(text, str | list) or not text:
                    raise ConfigError(path, f"{key} > {lang}", "must be non-empty text or a list of texts")
            messages[key] = value
        return cls(messages)

    def t(self, key: str, lang: str, **values: Any) -> str:
        """The text for `key`; a plural text takes the form that fits `count` ("1 actividad", "2 actividades")."""
        text = self.messages[key][lang if lang in LANGUAGES else "es"]
        if isinstance(text, dict):
            if "count" not in values:
                raise KeyError(f"message {key!r} has plural forms: pass count=")
            text = text["one" if values["count"] == 1 else "other"]
        return str(text).format(**values) if values else str(text)

    def has(self, key: str) -> bool:
        return key in self.messages

    def items(self, key: str, lang: str) -> list[str]:
        value = self.messages[key][lang if lang in LANGUAGES else "es"]
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def date(self, day: dt.date, lang: str) -> str:
        month = self.items("dates.months", lang)[day.month - 1]
        return self.t("dates.format", lang, day=day.day, month=month, year=day.year)

    def weekday(self, day: dt.date, lang: str) -> str:
        return self.items("dates.weekdays", lang)[day.weekday()]

    def moment(self, instant: dt.datetime, lang: str, zone: ZoneInfo) -> str:
        """An instant as a Slack date token: each reader sees it in their own zone; the fallback (the
        terminal, notifications) gives it in the Network's zone and says so in words."""
        local = instant.astimezone(zone)
        fallback = self.t(
            "dates.moment", lang, weekday=self.weekday(local.date(), lang), date=self.date(local.date(), lang),
            time=f"{local:%H:%M}", zone=self.t("dates.zone_name", lang),
        )  # fmt: skip
        return moment(local, fallback)


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not set(value) & set(LANGUAGES):
            pairs.extend(_flatten(value, name + "."))
        else:
            pairs.append((name, value))
    return pairs
