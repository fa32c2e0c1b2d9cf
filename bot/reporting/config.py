"""config/working-groups.yaml: who reports, on what schedule, about which activities."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config_schema import ConfigError, Node, read_yaml
from bot.knowledge.network import clock_time

ROLES = ("lead", "member")
PROMPT_TO = ("each_member", "one_per_agency")
# What a summary posted in the group's channel may show: the statuses, or the obstacles and details too.
SUMMARY_SHOWS = ("statuses", "details")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DELIVERY_KINDS = ("prompt", "nudge", "summary")
_DURATION = re.compile(r"^\s*(\d+)\s*(minute|minutes|hour|hours|day|days|week|weeks)\s*$")
_EVERY = re.compile(r"^\s*(?:(\d+)\s*)?(week|weeks|month|months)\s*$")
_SLACK_ID = re.compile(r"^[UWCGD][A-Z0-9]{2,30}$")


@dataclass(frozen=True)
class ScheduleConfig:
    weeks: int | None  # every N weeks, or None for monthly
    weekday: int | None
    first_working_day: bool
    time: dt.time
    starting: dt.date


@dataclass(frozen=True)
class MemberConfig:
    slack_user_id: str
    agency: str
    role: str


@dataclass(frozen=True)
class GroupConfig:
    key: str
    name_es: str
    name_en: str
    lead_agencies: tuple[str, ...]
    channel: str
    follows: tuple[tuple[str, int | None], ...]  # (priority key, activity number or None for all)
    prompt_to: str
    summary_shows: str
    schedule: ScheduleConfig
    open_for: dt.timedelta
    nudge_before_close: dt.timedelta
    members: tuple[MemberConfig, ...]


@dataclass(frozen=True)
class ReportingConfig:
    timezone: str
    admins: tuple[str, ...]
    committee: tuple[str, ...]  # the Executive Committee: reads every group's reports
    catch_up: dict[str, dt.timedelta]
    groups: tuple[GroupConfig, ...]


def duration(node: Node, key: str, default: str | None = None) -> dt.timedelta:
    text = node.text(key, default)
    match = _DURATION.match(text)
    if not match:
        raise node.error(f"'{key}' must be a duration like '12 hours' or '4 days', found {text!r}")
    amount, unit = int(match.group(1)), match.group(2).rstrip("s")
    return dt.timedelta(**{f"{unit}s": amount})


def read_reporting(path: Path, entities: set[str], activities: dict[str, set[int]]) -> ReportingConfig:
    root = Node.of(path, "(file)", read_yaml(path))
    zone = root.text("timezone", "America/Mexico_City")
    try:
        ZoneInfo(zone)
    except (KeyError, ValueError):
        raise root.error(f"'timezone' {zone!r} is not a known time zone") from None
    admins = _user_ids(root, "secretariat_admins")
    committee = _user_ids(root, "executive_committee", required=False)
    catch_up_node = root.child("catch_up") if root.has("catch_up") else Node(path, "catch_up", {})
    defaults = {"prompt": "12 hours", "nudge": "6 hours", "summary": "7 days"}
    catch_up = {kind: duration(catch_up_node, kind, defaults[kind]) for kind in DELIVERY_KINDS}
    groups = []
    for index, item in enumerate(root.items("groups", required=False), start=1):
        groups.append(_read_group(Node.of(path, f"groups #{index}", item), entities, activities))
    keys = [g.key for g in groups]
    if len(keys) != len(set(keys)):
        raise ConfigError(path, "groups", "two groups share a key")
    return ReportingConfig(zone, admins, committee, catch_up, tuple(groups))


def _user_ids(root: Node, key: str, required: bool = True) -> tuple[str, ...]:
    users = tuple(root.strings(key) if required or root.has(key) else ())
    for user in users:
        if not _SLACK_ID.match(user) or user[0] not in "UW":
            raise root.error(f"'{key}' has {user!r}, which is not a Slack user id like U0123ABCD")
    return users


def _read_group(node: Node, entities: set[str], activities: dict[str, set[int]]) -> GroupConfig:
    key = node.text("key")
    node.entry = f"group '{key}'"
    if not re.fullmatch(r"[a-z0-9][a-z0-9\-]*", key):
        raise node.error("'key' must be lowercase letters, digits and dashes")
    leads = tuple(node.strings("lead_agencies"))
    for agency in leads:
        if agency not in entities:
            raise node.error(f"'lead_agencies' names unknown entity '{agency}'")
    channel = node.text("channel")
    if not _SLACK_ID.match(channel):
        raise node.error(f"'channel' must be a Slack channel id like C0123ABCD, found {channel!r}")
    follows = tuple(_follow(node, text, activities) for text in node.strings("follows"))
    if not follows:
        raise node.error("'follows' must name at least one priority or activity")
    members = []
    for index, item in enumerate(node.items("members"), start=1):
        member = Node.of(node.file, f"{node.entry} > members #{index}", item)
        user = member.text("slack_user_id")
        if not _SLACK_ID.match(user) or user[0] not in "UW":
            raise member.error(f"'slack_user_id' must look like U0123ABCD, found {user!r}")
        agency = member.text("agency")
        if agency not in entities:
            raise member.error(f"'agency' names unknown entity '{agency}'")
        members.append(MemberConfig(user, agency, member.one_of("role", ROLES, "member")))
    users = [m.slack_user_id for m in members]
    if len(users) != len(set(users)):
        raise node.error("a member is listed twice")
    open_for = duration(node, "open_for", "4 days")
    nudge = duration(node, "nudge_before_close", "1 day")
    if nudge >= open_for:
        raise node.error("'nudge_before_close' must be shorter than 'open_for'")
    name_es, name_en = node.bilingual("name")
    return GroupConfig(
        key, name_es, name_en, leads, channel, follows, node.one_of("prompt_to", PROMPT_TO, "each_member"),
        node.one_of("summary_shows", SUMMARY_SHOWS, "statuses"), _schedule(node.child("schedule"), open_for), open_for, nudge, tuple(members),
    )  # fmt: skip


def _follow(node: Node, text: str, activities: dict[str, set[int]]) -> tuple[str, int | None]:
    priority, _, number = text.partition("/")
    if priority not in activities:
        raise node.error(f"'follows' names unknown priority '{priority}'")
    if not number:
        return priority, None
    if not number.isdigit() or int(number) not in activities[priority]:
        raise node.error(f"'follows' names unknown activity '{text}'")
    return priority, int(number)


def _schedule(node: Node, open_for: dt.timedelta) -> ScheduleConfig:
    every = node.text("every")
    match = _EVERY.match(every)
    if not match:
        raise node.error(f"'every' must be 'week', 'N weeks' or 'month', found {every!r}")
    hour, minute = (int(x) for x in clock_time(node, "time", "10:00").split(":"))
    starting = node.date("starting")
    if match.group(2).startswith("month"):
        on = node.one_of("on", ("first_working_day",), "first_working_day")
        return ScheduleConfig(None, None, on == "first_working_day", dt.time(hour, minute), starting)
    weeks = int(match.group(1) or 1)
    if dt.timedelta(weeks=weeks) < open_for:
        raise node.error("'open_for' is longer than the time between two prompts")
    weekday = WEEKDAYS.index(node.one_of("weekday", WEEKDAYS))
    if starting.weekday() != weekday:
        raise node.error(f"'starting' {starting} is not a {WEEKDAYS[weekday]}")
    return ScheduleConfig(weeks, weekday, False, dt.time(hour, minute), starting)
