"""config/meetings.yaml: the Network's recurring meetings (quarterly, Executive Committee, working groups),
the default reminder offsets and their catch-up windows, the holiday policy and the calendar's horizon.

Read into the dict bot/meetings/settings.py documents (the network setting "meetings"), checked on the
way: a problem raises ConfigError naming the file, the entry and what is wrong.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from bot.config_schema import ConfigError, Node, read_yaml
from bot.knowledge.network import clock_time
from bot.meetings.settings import NETWORK_CHANNEL

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKS = ("first", "second", "third", "fourth", "last", "every")  # "every": weekly
KINDS = ("quarterly", "committee", "group")
POLICIES = ("working_day_before", "working_day_after", "keep")
AGENDA_SHOWS = ("statuses", "details")
DEFAULT_ZONE = "America/Mexico_City"
DEFAULT_OFFSETS = ("7d", "1d", "1h")
_OFFSET = re.compile(r"^\s*(\d+)\s*(w|d|h|m)\s*$")
_UNIT_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60}
_SLACK_CHANNEL = re.compile(r"^[CG][A-Z0-9]{2,30}$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9\-_]{0,24}$")  # short: the uid "<series>:<YYYY-MM>" stays <= 40 chars


def offset_seconds(node: Node, key: str, text: Any) -> int:
    """ "7d", "1d", "1h", "30m" or "2w" -> seconds; anything else names the entry and the value."""
    match = _OFFSET.match(str(text)) if isinstance(text, str | int) and not isinstance(text, bool) else None
    if not match or int(match.group(1)) == 0:
        raise node.error(f"'{key}' has {text!r}: write an offset like '7d', '1d', '1h' or '30m'")
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def _offsets(node: Node, key: str) -> list[int]:
    values = node.items(key)
    seconds = [offset_seconds(node, key, v) for v in values]
    if len(seconds) != len(set(seconds)):
        raise node.error(f"'{key}' lists the same offset twice")
    return sorted(seconds, reverse=True)


def _channel(node: Node, key: str, default: str | None = None) -> str:
    channel = node.text(key, default)
    if not _SLACK_CHANNEL.match(channel):
        raise node.error(f"'{key}' must be a Slack channel id like C0123ABCD, found {channel!r}")
    return channel


def _zone(node: Node, key: str, default: str) -> str:
    zone = node.text(key, default)
    try:
        ZoneInfo(zone)
    except (KeyError, ValueError):
        raise node.error(f"'{key}' {zone!r} is not a known time zone") from None
    return zone


def read_rule(node: Node) -> dict[str, Any]:
    """months (default: every month) + weekday + week (first..fourth | last | every, weekly)."""
    week = node.one_of("week", WEEKS)
    weekday = node.one_of("weekday", WEEKDAYS)
    rule: dict[str, Any] = {"weekday": WEEKDAYS.index(weekday), "week": week}
    if week == "every":
        if node.has("months"):
            raise node.error("a weekly rule (week: every) takes no 'months'")
        return rule
    months = node.items("months", required=False) or list(range(1, 13))
    if any(isinstance(m, bool) or not isinstance(m, int) or not 1 <= m <= 12 for m in months):
        raise node.error(f"'months' must list month numbers from 1 to 12, found {months!r}")
    rule["months"] = sorted(set(months))
    return rule


def _duration_minutes(node: Node, key: str, default: str) -> int:
    seconds = offset_seconds(node, key, node.text(key, default))
    if seconds % 60:
        raise node.error(f"'{key}' must be whole minutes")
    return seconds // 60


def read_meetings(path: Path) -> dict[str, Any]:
    """The network setting "meetings" from config/meetings.yaml."""
    root = Node.of(path, "(file)", read_yaml(path))
    network_channel = _channel(root, "network_channel", NETWORK_CHANNEL)
    reminders = _offsets(root, "reminders") if root.has("reminders") else None
    catch_up: dict[str, int] = {}
    if root.has("catch_up"):
        windows = Node.of(path, "catch_up", root.data["catch_up"])
        for offset, window in windows.data.items():
            catch_up[str(offset_seconds(windows, "catch_up", offset))] = offset_seconds(
                windows, str(offset), window
            )
    horizon_months = root.integer("horizon_months", 1, 60) if root.has("horizon_months") else 12
    holiday_node = Node.of(path, "holidays", root.data["holidays"] if root.has("holidays") else {})
    country = holiday_node.text("country", "MX")
    if country not in holidays.list_supported_countries():
        raise holiday_node.error(f"'country' {country!r} is not a country the holidays library knows")
    policy = holiday_node.one_of("policy", POLICIES, "working_day_before")
    series: dict[str, dict[str, Any]] = {}
    raw_series = Node.of(path, "series", root.data["series"]).data if root.has("series") else {}
    for key, value in raw_series.items():
        node = Node.of(path, f"series '{key}'", value)
        if not _KEY.match(str(key)):
            raise node.error("the key must be up to 25 lowercase letters, digits, dashes or underscores")
        series[str(key)] = _read_series(node, network_channel)
    result: dict[str, Any] = {
        "horizon_days": horizon_months * 365 // 12,
        "network_channel": network_channel,
        "holidays": {"country": country, "policy": policy},
        "series": series,
    }
    if reminders is not None:
        result["reminders"] = reminders
    if catch_up:
        result["catch_up"] = catch_up
    return result


def _read_series(node: Node, network_channel: str) -> dict[str, Any]:
    title_es, title_en = node.bilingual("title")
    kind = node.one_of("kind", KINDS)
    entry: dict[str, Any] = {
        "kind": kind,
        "title_es": title_es,
        "title_en": title_en,
        "channel": _channel(node, "channel", network_channel),
        "rule": read_rule(node.child("rule")),
        "time": clock_time(node, "time"),
        "timezone": _zone(node, "timezone", DEFAULT_ZONE),
        "duration_minutes": _duration_minutes(node, "duration", "2h"),
        "agenda_shows": node.one_of("agenda_shows", AGENDA_SHOWS, "statuses"),
        "followed_by": node.strings("followed_by"),
        "lang": node.one_of("lang", ("es", "en"), "es"),
    }
    if node.has("reminders"):
        entry["reminders"] = _offsets(node, "reminders")
    if node.has("group"):
        entry["group"] = node.text("group")
    elif kind == "group":
        raise node.error("a working group's meeting (kind: group) must name its 'group'")
    return entry


def unknown_groups(meetings: dict[str, Any], groups: set[str]) -> list[str]:
    """Load warnings (not errors: a group may be archived while its meetings stay): series naming a
    working group that working-groups.yaml does not have."""
    warnings = []
    for key, series in meetings.get("series", {}).items():
        named = [*series.get("followed_by", []), *([series["group"]] if "group" in series else [])]
        for group in named:
            if group not in groups:
                warnings.append(
                    f"config/meetings.yaml: series '{key}' names working group {group!r}, which is not in "
                    "working-groups.yaml (its channel gets nothing)"
                )
    return warnings


def default_meetings(quarterly: dict[str, Any] | None) -> dict[str, Any]:
    """Without config/meetings.yaml: the quarterly meeting from network.yaml's rule, default reminders."""
    rule = quarterly or {"months": [3, 6, 9, 12], "weekday": 3, "week": "last", "time": "10:00"}
    return {
        "horizon_days": 365,
        "network_channel": NETWORK_CHANNEL,
        "holidays": {"country": "MX", "policy": "working_day_before"},
        "series": {
            "quarterly": {
                "kind": "quarterly",
                "title_es": "Reunión trimestral de la Red",
                "title_en": "Network quarterly meeting",
                "channel": NETWORK_CHANNEL,
                "rule": {"months": list(rule["months"]), "weekday": rule["weekday"], "week": rule["week"]},
                "time": rule["time"],
                "timezone": rule.get("timezone", DEFAULT_ZONE),
                "duration_minutes": 120,
                "agenda_shows": "statuses",
                "followed_by": [],
            }
        },
    }


__all__ = [
    "ConfigError",
    "default_meetings",
    "offset_seconds",
    "read_meetings",
    "read_rule",
    "unknown_groups",
]
