"""Every kind of broken config is refused with the file, the entry and the problem (no database needed)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.config_schema import ConfigError
from bot.configuration import read_configuration
from bot.render.i18n import Catalog
from tests import yamlfile
from tests.conftest import CONFIG

PLAN = "workplan-2021-2022.yaml"


def replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    """Edit the file's text, keeping everything else byte for byte."""

    def edit(folder: Path) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {name}: the test needs updating"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def change(name: str, how: Callable[[Any], None]) -> Callable[[Path], None]:
    """Edit the file's data (comments are lost, which does not matter here)."""

    def edit(folder: Path) -> None:
        yamlfile.edit(folder / name, how)

    return edit


def priority(key: str, how: Callable[[dict[str, Any]], Any]) -> Callable[[Path], None]:
    return change(PLAN, lambda data: how(next(p for p in data["priorities"] if p["key"] == key)))


def entity(key: str, how: Callable[[dict[str, Any]], Any]) -> Callable[[Path], None]:
    return change("entities.yaml", lambda data: how(next(e for e in data["entities"] if e["id"] == key)))


def quarterly(**values: Any) -> Callable[[Path], None]:
    return change("network.yaml", lambda data: data["meetings"]["quarterly"].update(values))


def delete(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).unlink()


def write_bytes(name: str, make: Callable[[str], bytes]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / name
        path.write_bytes(make(path.read_text(encoding="utf-8")))

    return edit


@dataclass(frozen=True)
class Case:
    id: str
    edit: Callable[[Path], None]
    file: str
    entry: str  # a regular expression the error's entry must match
    problem: str  # a regular expression the error's problem must match
    messages: bool = False  # the message catalog (Catalog.load) rather than read_configuration


CASES = [
    Case(
        "yaml-syntax", replace("thematic-areas.yaml", "  - number: 3\n", "  - number: [3\n"),
        "thematic-areas.yaml", r"^line \d+, column \d+$", r"not valid YAML",
    ),
    Case(
        "missing-title", priority("core-4", lambda p: p.pop("title")),
        PLAN, r"priority 'core-4'", r"'title' is missing",
    ),
    Case(
        "unknown-lead", priority("core-1", lambda p: p["leads"].append("nadie")),
        PLAN, r"priority 'core-1'", r"unknown entity 'nadie'",
    ),
    Case(
        "unknown-activity-participant",
        priority("thematic-1", lambda p: p["activities"][1]["participants"].append("nadie")),
        PLAN, r"priority 'thematic-1' > activity 2", r"unknown entity 'nadie'",
    ),
    Case(
        "duplicate-priority-key", priority("thematic-7", lambda p: p.update(key="thematic-6")),
        PLAN, r"priorities", r"'thematic-6' appears twice",
    ),
    Case(
        "duplicate-activity-number", priority("core-1", lambda p: p["activities"][2].update(number=1)),
        PLAN, r"priority 'core-1' > activities", r"1 appears twice",
    ),
    Case(
        "bad-timeline", priority("thematic-2", lambda p: p["activities"][0].update(timeline=["pronto"])),
        PLAN, r"priority 'thematic-2' > activity 1", r"timeline.*'pronto'",
    ),
    Case(
        "gcm-objective-24", priority("thematic-3", lambda p: p["gcm_objectives"].append(24)),
        PLAN, r"priority 'thematic-3'", r"'gcm_objectives' has 24\b.*1 to 23",
    ),
    Case(
        "thematic-area-9", priority("thematic-3", lambda p: p.update(thematic_area=9)),
        PLAN, r"priority 'thematic-3'", r"'thematic_area' 9 is not in thematic-areas.yaml",
    ),
    Case(
        "unknown-entity-kind", entity("oim", lambda e: e.update(kind="agency")),
        "entities.yaml", r"entity 'oim'", r"'kind' must be one of .*'agency'",
    ),
    Case(
        "alias-clash", entity("pnud", lambda e: e["aliases"].append("OIM")),
        "entities.yaml", r"entity 'pnud'", r"'oim' also names entity 'oim'",
    ),
    Case(
        "missing-article", entity("oms", lambda e: e.pop("article")),
        "entities.yaml", r"entity 'oms'", r"'article' is missing.*el, la, los, las or none",
    ),
    Case(
        "unknown-article", entity("acnur", lambda e: e.update(article={"es": "lo"})),
        "entities.yaml", r"entity 'acnur' > article", r"'es' must be one of el, la, los, las, none.*'lo'",
    ),
    Case(
        "article-in-another-language", entity("oim", lambda e: e.update(article={"es": "la", "fr": "l'"})),
        "entities.yaml", r"entity 'oim' > article", r"only 'es' and 'en' are allowed, found fr",
    ),
    Case(
        "missing-message-language", change("messages.yaml", lambda m: m["help"]["title"].pop("en")),
        "messages.yaml", r"^help\.title$", r"'es' and an 'en'", messages=True,
    ),
    Case(
        "meeting-time-25", quarterly(time="25:00"),
        "network.yaml", r"meetings > quarterly", r"'time' must be HH:MM.*'25:00'",
    ),
    Case(
        "unknown-timezone", quarterly(timezone="Mars/Olympus_Mons"),
        "network.yaml", r"meetings > quarterly", r"'Mars/Olympus_Mons' is not a known time zone",
    ),
    Case(
        "unknown-secretariat",
        change("network.yaml", lambda n: n["coordination_secretariat"].update(entity="nadie")),
        "network.yaml", r"coordination_secretariat", r"unknown entity 'nadie'",
    ),
    Case(
        "file-not-found", delete("gcm-objectives.yaml"),
        "gcm-objectives.yaml", r"^\(file\)$", r"file not found",
    ),
    Case("no-work-plan", delete(PLAN), "config", r"^\(folder\)$", r"no work plan file"),
    Case(
        "not-utf8", write_bytes("entities.yaml", lambda text: text.encode("latin-1", errors="replace")),
        "entities.yaml", r"^\(file\)$", r"not UTF-8 text",
    ),
    Case(
        "list-not-mapping", write_bytes("thematic-areas.yaml", lambda _: b"- 1\n- 2\n"),
        "thematic-areas.yaml", r"^\(file\)$", r"expected a mapping, found a list",
    ),
    Case(
        "messages-list-not-mapping", write_bytes("messages.yaml", lambda _: b"- help\n"),
        "messages.yaml", r"^\(file\)$", r"expected a mapping", messages=True,
    ),
]  # fmt: skip

FIXED_BUGS = [
    (
        Case(
            "ad-hoc-meeting-time-25",
            change("network.yaml", lambda n: n["meetings"].update(ad_hoc=[{"date": "2021-05-20", "time": "25:00"}])),
            "network.yaml", r"meetings > ad_hoc #1", r"'time' must be HH:MM",
        ),
        "bot/config.py _read_ad_hoc does not check 'time'; '25:00' is accepted and "
        "bot.meetings.calendar.upcoming_meetings later raises ValueError('hour must be in 0..23')",
    ),
    (
        Case(
            "timeline-year-0000", priority("thematic-2", lambda p: p["activities"][0].update(timeline=["0000"])),
            PLAN, r"priority 'thematic-2' > activity 1", r"timeline",
        ),
        "bot/timeline.py lets datetime's ValueError('year 0 is out of range') escape instead of "
        "TimelineError, so read_configuration raises a bare ValueError (and `enlace load` prints a traceback)",
    ),
]  # fmt: skip
PARAMS = [pytest.param(case, id=case.id) for case in CASES] + [
    pytest.param(case, id=case.id) for case, _why in FIXED_BUGS
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "config"
    shutil.copytree(CONFIG, copy)
    return copy


def test_the_real_config_is_accepted(folder: Path) -> None:
    knowledge = read_configuration(folder)
    assert knowledge.knowledge.plans and knowledge.knowledge.entities
    assert Catalog.load(folder / "messages.yaml").messages


@pytest.mark.parametrize("case", PARAMS)
def test_bad_config_is_refused_with_file_entry_and_problem(folder: Path, case: Case) -> None:
    case.edit(folder)
    with pytest.raises(ConfigError) as caught:
        if case.messages:
            Catalog.load(folder / "messages.yaml")
        else:
            read_configuration(folder)
    error = caught.value
    assert Path(error.file).name == case.file
    assert re.search(case.entry, error.entry), error.entry
    assert re.search(case.problem, error.problem), error.problem
    # The message a secretary sees holds all three, on one line.
    message = str(error)
    assert case.file in message and error.entry in message and error.problem in message
    assert "\n" not in message
