"""config/network.yaml: the terms of reference, read and checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config_schema import Node, read_yaml

if TYPE_CHECKING:
    from bot.knowledge.config import EntityIndex

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class NetworkTextConfig:
    section: str
    position: int
    name_es: str | None
    name_en: str | None
    text_es: str
    text_en: str


@dataclass(frozen=True)
class NetworkConfig:
    texts: tuple[NetworkTextConfig, ...]
    settings: dict[str, dict[str, Any]]


def read_network(path: Path, known: EntityIndex) -> NetworkConfig:
    root = Node.of(path, "(file)", read_yaml(path))
    texts: list[NetworkTextConfig] = []

    def add(
        section: str, node: Node, position: int = 1, name: tuple[str | None, str | None] = (None, None)
    ) -> None:
        texts.append(NetworkTextConfig(section, position, name[0], name[1], node.text("es"), node.text("en")))

    add("name", root.child("name"))
    established = root.child("established")
    add("established", established.child("text"))
    context = root.child("context")
    for key in context.data:
        add(f"context.{key}", context.child(key))
    for index, item in enumerate(root.items("principles"), start=1):
        principle = Node.of(path, f"principles #{index}", item)
        add("principle", principle.child("text"), index, principle.bilingual("name"))
    for index, item in enumerate(root.items("objectives"), start=1):
        add("objective", Node.of(path, f"objectives #{index}", item), index)
    add("membership", root.child("membership").child("text"))
    secretariat = root.child("coordination_secretariat")
    add("secretariat", secretariat.child("text"))
    committee = root.child("executive_committee")
    add("executive_committee", committee.child("text"))
    add("executive_committee.decision_making", committee.child("decision_making"))
    members = []
    for index, item in enumerate(committee.items("members", required=False), start=1):
        member = Node.of(path, f"executive_committee > members #{index}", item)
        (ref,) = known.refs(Node(path, member.entry, {"entity": [member.text("entity")]}), "entity")
        add("executive_committee.member", member.child("role"), index)
        members.append(ref.entity)
    add("participation_level", root.child("participation_level").child("text"))
    groups = root.child("working_groups")
    for key in ("purpose", "who_may_join", "creation", "reporting"):
        add(f"working_groups.{key}", groups.child(key))
    meetings = root.child("meetings")
    add("meetings.frequency", meetings.child("frequency"))
    secretariat_key = secretariat.text("entity")
    known.refs(Node(path, "coordination_secretariat", {"entity": [secretariat_key]}), "entity")
    settings: dict[str, dict[str, Any]] = {
        "established": {"date": _year_month(established, "date")},
        "secretariat": {"entity": secretariat_key},
        "executive_committee": {"members": members},
        "quarterly_meetings": _read_quarterly(meetings.child("quarterly")),
        "ad_hoc_meetings": {"meetings": _read_ad_hoc(meetings)},
    }
    return NetworkConfig(tuple(texts), settings)


def _year_month(node: Node, key: str) -> str:
    value = node.text(key)
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise node.error(f"'{key}' must be a year and month like 2021-01, found {value!r}")
    return value


def _read_quarterly(node: Node) -> dict[str, Any]:
    months = node.items("months")
    if not months or any(isinstance(m, bool) or not isinstance(m, int) or not 1 <= m <= 12 for m in months):
        raise node.error("'months' must list month numbers from 1 to 12")
    week = node.one_of("week", ("first", "second", "third", "fourth", "last"))
    time = clock_time(node, "time")
    zone = node.text("timezone")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(zone)
    except (KeyError, ValueError):
        raise node.error(f"'timezone' {zone!r} is not a known time zone") from None
    return {
        "months": sorted(set(months)),
        "weekday": WEEKDAYS.index(node.one_of("weekday", WEEKDAYS)),
        "week": week,
        "time": time,
        "timezone": zone,
    }


def clock_time(node: Node, key: str, default: str | None = None) -> str:
    time = node.text(key, default)
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", time):
        raise node.error(f"'{key}' must be HH:MM on a 24-hour clock, found {time!r}")
    return time


def _read_ad_hoc(meetings: Node) -> list[dict[str, str]]:
    result = []
    for index, item in enumerate(meetings.items("ad_hoc", required=False), start=1):
        node = Node.of(meetings.file, f"meetings > ad_hoc #{index}", item)
        time = clock_time(node, "time", "10:00")
        title_es, title_en = node.optional_bilingual("title")
        result.append(
            {
                "date": node.date("date").isoformat(),
                "time": time,
                "title_es": title_es or "",
                "title_en": title_en or "",
            }
        )
    return result
