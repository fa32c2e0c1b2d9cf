"""config/digests.yaml: which channels get a weekly digest, when, in which language, about what.

Read into the network setting "digests" ({"digests": [entry, ...]}), each entry:
channel, day (monday..sunday), time (HH:MM), timezone, lang (es | en | both), scope ({"kind": "network"} |
{"kind": "groups", "groups": [keys]} | {"kind": "agency", "agency": key}), due_within_days, catch_up_days,
on_holiday (post | skip), thread, pin.
A problem raises ConfigError naming the file, the entry and what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.config_schema import ConfigError, Node, read_yaml
from bot.knowledge.network import clock_time

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
LANGS = ("es", "en", "both")
DEFAULT_ZONE = "America/Mexico_City"
DEFAULT_TIME = "09:00"
DEFAULT_DUE_WITHIN_DAYS = 28
DEFAULT_CATCH_UP_DAYS = 2  # after downtime, a digest still goes out this long after its time
ON_HOLIDAY = ("post", "skip")
NETWORK_CHANNEL = "C0RED00001"  # the placeholder the quarterly meetings use too
_UNITS = {"w": 7, "d": 1}


def default_digest(channel: str = NETWORK_CHANNEL, lang: str = "es") -> dict[str, Any]:
    """One whole-Network digest, Mondays at 09:00 in Mexico City."""
    return {
        "channel": channel,
        "day": "monday",
        "time": DEFAULT_TIME,
        "timezone": DEFAULT_ZONE,
        "lang": lang,
        "scope": {"kind": "network"},
        "due_within_days": DEFAULT_DUE_WITHIN_DAYS,
        "catch_up_days": DEFAULT_CATCH_UP_DAYS,
        "on_holiday": "post",
        "thread": False,
        "pin": False,
    }


def default_digests() -> dict[str, Any]:
    return {"digests": [default_digest()]}


def read_digests(path: Path, groups: set[str] | None, entities: set[str]) -> dict[str, Any]:
    """The network setting "digests" from config/digests.yaml; `groups` None: no working groups configured."""
    root = Node.of(path, "(file)", read_yaml(path))
    digests = []
    channels: set[str] = set()
    for index, item in enumerate(root.items("digests"), start=1):
        entry = f"digests #{index}"
        if isinstance(item, dict) and isinstance(item.get("channel"), str):
            entry += f" ({item['channel']})"
        node = Node.of(path, entry, item)
        digest = read_digest(node, groups, entities)
        if digest["channel"] in channels:
            raise node.error(f"channel {digest['channel']} already has a digest: one per channel")
        channels.add(digest["channel"])
        digests.append(digest)
    return {"digests": digests}


def read_digest(node: Node, groups: set[str] | None, entities: set[str]) -> dict[str, Any]:
    unknown = set(node.data) - {"channel", "day", "time", "timezone", "lang", "scope", "due_within", "catch_up",
                                "on_holiday", "thread", "pin"}  # fmt: skip
    if unknown:
        raise node.error(f"unknown setting(s): {', '.join(sorted(map(str, unknown)))}")
    channel = node.text("channel")
    if not channel or channel[0] not in "CG" or not channel[1:].isalnum() or not channel.isupper():
        raise node.error(f"'channel' must be a Slack channel id like C0123ABCD, found {channel!r}")
    zone = node.text("timezone", DEFAULT_ZONE)
    try:
        ZoneInfo(zone)
    except (KeyError, ValueError):
        raise node.error(f"'timezone' {zone!r} is not a known time zone") from None
    return {
        "channel": channel,
        "day": node.one_of("day", WEEKDAYS, "monday"),
        "time": clock_time(node, "time", DEFAULT_TIME),
        "timezone": zone,
        "lang": node.one_of("lang", LANGS, "es"),
        "scope": _scope(node, groups, entities),
        "due_within_days": _days(node, "due_within", DEFAULT_DUE_WITHIN_DAYS),
        "catch_up_days": _days(node, "catch_up", DEFAULT_CATCH_UP_DAYS, most=6),
        "on_holiday": node.one_of("on_holiday", ON_HOLIDAY, "post"),
        "thread": _flag(node, "thread"),
        "pin": _flag(node, "pin"),
    }


def _scope(node: Node, groups: set[str] | None, entities: set[str]) -> dict[str, Any]:
    value = node.data.get("scope", "network")
    if value == "network":
        return {"kind": "network"}
    if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in ("groups", "agency"):
        raise node.error(f"'scope' must be network, groups: [keys] or agency: <entity key>, found {value!r}")
    scope = Node.of(node.file, f"{node.entry} > scope", value)
    if "groups" in value:
        keys = scope.strings("groups")
        if not keys:
            raise scope.error("'groups' lists no working group")
        for key in keys:
            if groups is None or key not in groups:
                known = ", ".join(sorted(groups or ())) or "none configured"
                raise scope.error(f"unknown working group {key!r} (known: {known})")
        return {"kind": "groups", "groups": sorted(set(keys))}
    agency = scope.text("agency")
    if agency not in entities:
        raise scope.error(f"unknown agency {agency!r}: use an entity key from config/entities.yaml")
    return {"kind": "agency", "agency": agency}


def _days(node: Node, key: str, default: int, most: int = 366) -> int:
    """A span in days ("4w", "30d"); catch_up stays under a week, so one week's digest never stands in for
    the next one's."""
    value = node.data.get(key)
    if value is None:
        return default
    text = str(value).strip().lower() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    number, unit = (text[:-1], text[-1]) if text[-1:] in _UNITS else ("", "")
    if not number.isdigit() or int(number) == 0 or int(number) * _UNITS[unit] > most:
        limit = "a year" if most == 366 else f"{most} days"
        raise node.error(f"'{key}' must be a span like '4w' or '2d' (at most {limit}), found {value!r}")
    return int(number) * _UNITS[unit]


def _flag(node: Node, key: str) -> bool:
    value = node.data.get(key, False)
    if not isinstance(value, bool):
        raise node.error(f"'{key}' must be true or false, found {value!r}")
    return value


def digest_for(settings: dict[str, Any] | None, channel: str) -> dict[str, Any] | None:
    """The digest config of `channel`, from the stored network setting "digests"."""
    for digest in (settings or {}).get("digests", []):
        if digest.get("channel") == channel:
            return dict(digest)
    return None


__all__ = ["ConfigError", "default_digest", "default_digests", "digest_for", "read_digests"]


class DigestsSection:
    """bot.knowledge.loader.Section for digests: stores the network setting "digests"; nothing else to sync
    (the weekly posts are planned from the setting)."""

    name = "digests"

    def __init__(self, digests: dict[str, Any]) -> None:
        self.digests = digests

    def settings(self) -> dict[str, Any]:
        return self.digests

    def sync(self, session: Any, sync: Any) -> None:
        return None

    def warnings(self) -> list[str]:
        return []
