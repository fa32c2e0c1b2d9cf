"""config/meetings.yaml: what it stores, and every kind of mistake refused with the file, the entry and the
problem (no database needed)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.config_schema import ConfigError
from bot.configuration import read_configuration
from bot.meetings.settings import MeetingSettings
from tests.conftest import CONFIG

FILE = "meetings.yaml"
EXAMPLES = (
    "  # vias-regulares:\n  #   kind: group\n  #   group: vias-regulares\n"
    '  #   title: {es: "Grupo de trabajo sobre vías regulares", en: "Regular pathways working group"}\n'
    "  #   channel: C0VIAS0001\n"
    "  #   rule: {months: [1, 3, 5, 7, 9, 11], weekday: wednesday, week: first}\n"
    '  #   time: "16:00"\n  #   duration: 90m\n  #   reminders: [1d, 1h]\n  #   followed_by: [vias-regulares]\n'
)


def replace(old: str, new: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / FILE
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {FILE}: the test needs updating"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def uncomment_examples(folder: Path) -> None:
    """The commented Executive Committee and working-group series, as a secretary would enable them."""
    path = folder / FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("  # comite:"))
    for i in range(start, len(lines)):
        if (
            lines[i].startswith("  #   ")
            or lines[i].startswith("  # comite:")
            or lines[i].startswith("  # vias-regulares:")
        ):
            lines[i] = "  " + lines[i][4:]
    path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "config"
    shutil.copytree(CONFIG, copy)
    return copy


def test_the_shipped_file_stores_the_settings_shape(folder: Path) -> None:
    meetings = read_configuration(folder).meetings
    settings = MeetingSettings.from_dict(meetings)
    assert settings.network_channel == "C0RED00001"
    assert [d.total_seconds() for d in settings.reminders] == [604800, 86400, 3600]
    assert settings.holidays == {"country": "MX", "policy": "working_day_before"}
    assert settings.horizon.days == 365
    quarterly = settings.series["quarterly"]
    assert quarterly["rule"] == {"months": [3, 6, 9, 12], "weekday": 3, "week": "last"}
    assert (quarterly["time"], quarterly["timezone"], quarterly["channel"]) == (
        "10:00", "America/Mexico_City", "C0RED00001",
    )  # fmt: skip
    assert quarterly["title_es"] == "Reunión trimestral de la Red"
    assert quarterly["lang"] == "es"  # reminders in the Network's channel are in Spanish unless it says en
    assert settings.window(settings.reminders[2]).total_seconds() == 3600


def test_the_commented_examples_are_valid_once_enabled(folder: Path) -> None:
    uncomment_examples(folder)
    series = read_configuration(folder).meetings["series"]
    assert series["comite"]["kind"] == "committee" and series["comite"]["rule"] == {
        "weekday": 1, "week": "second", "months": list(range(1, 13)),
    }  # fmt: skip
    assert series["comite"]["reminders"] == [86400, 3600]
    group = series["vias-regulares"]
    assert (group["group"], group["duration_minutes"], group["followed_by"]) == (
        "vias-regulares", 90, ["vias-regulares"],
    )  # fmt: skip


def test_without_the_file_the_quarterly_rule_of_network_yaml_is_used(folder: Path) -> None:
    (folder / FILE).unlink()
    series = read_configuration(folder).meetings["series"]
    assert list(series) == ["quarterly"]
    assert series["quarterly"]["rule"] == {"months": [3, 6, 9, 12], "weekday": 3, "week": "last"}


CASES = [
    ("bad-weekday", replace("weekday: thursday", "weekday: jueves"),
     r"series 'quarterly' > rule", r"'weekday' must be one of monday.*'jueves'"),
    ("hour-25", replace('time: "10:00"', 'time: "25:00"'),
     r"series 'quarterly'$", r"'time' must be HH:MM.*'25:00'"),
    ("unknown-policy", replace("policy: working_day_before", "policy: next_monday"),
     r"^holidays$", r"'policy' must be one of working_day_before, working_day_after, keep.*'next_monday'"),
    ("offset-3x", replace("reminders: [7d, 1d, 1h]              #", "reminders: [7d, 3x, 1h]              #"),
     r"^\(file\)$", r"'reminders' has '3x'.*'7d', '1d', '1h' or '30m'"),
    ("series-offset-3x", replace("    reminders: [7d, 1d, 1h]\n", "    reminders: [3x]\n"),
     r"series 'quarterly'$", r"'reminders' has '3x'"),
    ("catch-up-window", replace("  1d: 6h", "  1d: soon"), r"^catch_up$", r"'1d' has 'soon'"),
    ("month-13", replace("months: [3, 6, 9, 12]", "months: [3, 6, 9, 13]"),
     r"series 'quarterly' > rule", r"'months' must list month numbers from 1 to 12"),
    ("week-fifth", replace("week: last}", "week: fifth}"),
     r"series 'quarterly' > rule", r"'week' must be one of first, second, third, fourth, last, every"),
    ("unknown-kind", replace("kind: quarterly ", "kind: yearly "),
     r"series 'quarterly'$", r"'kind' must be one of quarterly, committee, group.*'yearly'"),
    ("bad-channel", replace("    channel: C0RED00001", "    channel: '#red'"),
     r"series 'quarterly'$", r"'channel' must be a Slack channel id"),
    ("unknown-zone", replace("    timezone: America/Mexico_City", "    timezone: Mars/Olympus_Mons"),
     r"series 'quarterly'$", r"'Mars/Olympus_Mons' is not a known time zone"),
    ("unknown-country", replace("country: MX", "country: XX"), r"^holidays$", r"'country' 'XX'"),
    ("missing-title", replace('    title: {es: "Reunión trimestral de la Red", en: "Network quarterly meeting"}\n', ""),
     r"series 'quarterly'$", r"'title' is missing"),
    ("group-without-group", replace("kind: quarterly ", "kind: group "),
     r"series 'quarterly'$", r"must name its 'group'"),
    ("unknown-lang", replace("    channel: C0RED00001", "    channel: C0RED00001\n    lang: fr"),
     r"series 'quarterly'$", r"'lang' must be one of es, en.*'fr'"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "entry", "problem"), [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_bad_meetings_config_is_refused_with_file_entry_and_problem(
    folder: Path, edit: Callable[[Path], None], entry: str, problem: str
) -> None:
    edit(folder)
    with pytest.raises(ConfigError) as caught:
        read_configuration(folder)
    error = caught.value
    assert Path(error.file).name == FILE
    assert re.search(entry, error.entry), error.entry
    assert re.search(problem, error.problem), error.problem
    assert "\n" not in str(error)
