"""Loading config/ into the database: counts, idempotence, edits, archiving, atomicity, `enlace load`."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from bot.config_schema import ConfigError
from bot.configuration import Configuration, load_configuration, read_configuration
from bot.knowledge import loader
from bot.knowledge.loader import LoadReport
from storage import queries
from storage.models import Activity, Base, Entity, GcmObjective, Priority, ThematicArea
from tests import yamlfile
from tests.conftest import CONFIG, NOON
from tests.inprocess import enlace

PLAN_FILE = "workplan-2021-2022.yaml"
Factory = sessionmaker[Session]


def load(factory: Factory, knowledge: Configuration | Path) -> LoadReport:
    if isinstance(knowledge, Path):
        knowledge = read_configuration(knowledge)
    with factory() as session, session.begin():
        return load_configuration(session, knowledge, NOON)


def snapshot(factory: Factory) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    with factory() as session:
        return {
            table.name: sorted((tuple(row) for row in session.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def changed_tables(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> set[str]:
    return {name for name in before if before[name] != after[name]}


def copy_config(tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    shutil.copytree(CONFIG, folder)
    return folder


def edit_plan(folder: Path, change: Callable[[dict[str, Any]], Any], name: str = PLAN_FILE) -> None:
    yamlfile.edit(folder / name, change)


def priority_of(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(p for p in data["priorities"] if p["key"] == key)


def activity_row(factory: Factory, priority_key: str, number: int) -> Activity:
    with factory() as session:
        return session.scalars(
            select(Activity).join(Priority).where(Priority.key == priority_key, Activity.number == number)
        ).one()


def count(factory: Factory, model: type[Base], **where: Any) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model).filter_by(**where)) or 0


def archived(factory: Factory) -> tuple[int, int]:
    return count(factory, Priority, archived=True), count(factory, Activity, archived=True)


def periods(factory: Factory, activity_id: int) -> list[tuple[dt.date, dt.date]]:
    with factory() as session:
        activity = session.get(Activity, activity_id)
        return [(p.start, p.end) for p in activity.periods] if activity else []


def version(factory: Factory) -> int:
    with factory() as session:
        return queries.content_version(session)


def test_first_load_creates_everything(session_factory: Factory, knowledge_config: Configuration) -> None:
    report = load(session_factory, knowledge_config)
    assert report.changed and report.version == version(session_factory) == 1
    assert report.created["priorities"] == count(session_factory, Priority) == 16
    assert report.created["activities"] == count(session_factory, Activity) == 59
    assert count(session_factory, GcmObjective) == 23
    assert count(session_factory, ThematicArea) == 5
    assert count(session_factory, Entity) == len(knowledge_config.knowledge.entities) > 80
    assert archived(session_factory) == (0, 0)
    assert not report.updated and not report.removed and not report.archived


def test_second_load_changes_nothing(session_factory: Factory, knowledge_config: Configuration) -> None:
    load(session_factory, knowledge_config)
    before = snapshot(session_factory)
    report = load(session_factory, read_configuration(CONFIG))  # read afresh: equal values, new objects
    assert not report.changed and report.version == 1
    assert report.summary().startswith("Nothing changed")
    assert snapshot(session_factory) == before


def test_edited_activity_text_updates_one_row(
    session_factory: Factory, knowledge_config: Configuration, tmp_path: Path
) -> None:
    load(session_factory, knowledge_config)
    before, old = snapshot(session_factory), activity_row(session_factory, "thematic-2", 2)
    folder = copy_config(tmp_path)
    new_text = "Redactar un documento de la Red sobre la migración, el género y las desigualdades"
    edit_plan(folder, lambda d: priority_of(d, "thematic-2")["activities"][1]["text"].update(es=new_text))
    report = load(session_factory, folder)
    assert report.updated == Counter({"activities": 1})
    assert not report.created and not report.removed and not report.archived
    assert report.version == version(session_factory) == 2
    row = activity_row(session_factory, "thematic-2", 2)
    assert (row.id, row.text_es, row.text_en) == (old.id, new_text, old.text_en)
    after = snapshot(session_factory)
    assert changed_tables(before, after) == {"activities", "content_version"}
    assert len(set(map(repr, after["activities"])) - set(map(repr, before["activities"]))) == 1


def test_edited_timeline_moves_due_date_and_periods(
    session_factory: Factory, knowledge_config: Configuration, tmp_path: Path
) -> None:
    load(session_factory, knowledge_config)
    old = activity_row(session_factory, "thematic-2", 2)
    assert old.timeline == ["2021"] and old.due_date == dt.date(2021, 12, 31)
    assert periods(session_factory, old.id) == [(dt.date(2021, 1, 1), dt.date(2021, 12, 31))]
    before = snapshot(session_factory)
    folder = copy_config(tmp_path)
    phrase = "tercer trimestre de 2022"
    edit_plan(folder, lambda d: priority_of(d, "thematic-2")["activities"][1].update(timeline=[phrase]))
    report = load(session_factory, folder)
    assert report.updated == Counter({"activities": 1})
    assert not report.created and not report.removed and not report.archived
    row = activity_row(session_factory, "thematic-2", 2)
    assert (row.id, row.timeline, row.due_date) == (old.id, [phrase], dt.date(2022, 9, 30))
    assert periods(session_factory, row.id) == [(dt.date(2022, 7, 1), dt.date(2022, 9, 30))]
    assert changed_tables(before, snapshot(session_factory)) == {
        "activities", "activity_periods", "content_version",
    }  # fmt: skip


def test_removed_activity_is_archived_and_restored_as_the_same_row(
    session_factory: Factory, knowledge_config: Configuration, tmp_path: Path
) -> None:
    load(session_factory, knowledge_config)
    kept = activity_row(session_factory, "thematic-2", 2)
    # Something attached to the activity (a later feature's status update): a delete would violate it.
    with session_factory() as session, session.begin():
        session.execute(
            text("CREATE TABLE test_attachments (id INTEGER PRIMARY KEY, activity_id INTEGER NOT NULL "
                 "REFERENCES activities(id))")
        )  # fmt: skip
        session.execute(text("INSERT INTO test_attachments VALUES (1, :id)"), {"id": kept.id})
    before = snapshot(session_factory)
    folder = copy_config(tmp_path)
    edit_plan(folder, lambda d: priority_of(d, "thematic-2")["activities"].pop(1))
    report = load(session_factory, folder)
    assert report.archived == Counter({"activities": 1})
    assert not report.created and not report.updated
    assert report.removed == Counter({"roles": 2})  # that activity's own lead and participant
    row = activity_row(session_factory, "thematic-2", 2)
    assert (row.id, row.archived, row.text_es) == (kept.id, True, kept.text_es)
    after = snapshot(session_factory)
    assert changed_tables(before, after) == {"activities", "roles", "content_version"}
    others = [r for r in after["activities"] if r[0] != kept.id]
    assert others == [r for r in before["activities"] if r[0] != kept.id]
    assert load(session_factory, folder).changed is False  # archived stays archived, quietly

    report = load(session_factory, CONFIG)  # put it back
    assert report.updated == Counter({"activities": 1}) and report.created == Counter({"roles": 2})
    row = activity_row(session_factory, "thematic-2", 2)
    assert (row.id, row.archived) == (kept.id, False)
    with session_factory() as session:
        assert session.execute(text("SELECT activity_id FROM test_attachments")).scalar() == kept.id


def test_removed_priority_is_archived_with_its_activities(
    session_factory: Factory, knowledge_config: Configuration, tmp_path: Path
) -> None:
    load(session_factory, knowledge_config)
    ids = {a.number: a.id for a in (activity_row(session_factory, "thematic-3", n) for n in (1, 2, 3))}
    folder = copy_config(tmp_path)
    edit_plan(folder, lambda d: d["priorities"].remove(priority_of(d, "thematic-3")))
    report = load(session_factory, folder)
    assert report.archived == Counter({"priorities": 1, "activities": 3})
    # thematic-4 to thematic-7 move up one position; nothing else changes.
    assert not report.created and report.updated == Counter({"priorities": 4})
    assert count(session_factory, Priority, key="thematic-3", archived=True) == 1
    assert archived(session_factory) == (1, 3)
    assert {n: activity_row(session_factory, "thematic-3", n).id for n in ids} == ids

    report = load(session_factory, CONFIG)
    assert report.updated == Counter({"priorities": 5, "activities": 3}) and not report.archived
    assert archived(session_factory) == (0, 0)
    assert {n: activity_row(session_factory, "thematic-3", n).id for n in ids} == ids


@pytest.mark.parametrize(
    ("priority", "file", "list_key", "id_key", "value"),
    [
        ("thematic-6", "entities.yaml", "entities", "id", "afford"),  # AFFORD is named only by thematic 6
        ("thematic-1", "thematic-areas.yaml", "areas", "number", 5),  # area 5 is used only by thematic 1
    ],
    ids=["entity", "thematic-area"],
)
def test_removing_a_priority_and_what_only_it_named(
    session_factory: Factory, knowledge_config: Configuration, tmp_path: Path,
    priority: str, file: str, list_key: str, id_key: str, value: Any,
) -> None:  # fmt: skip
    load(session_factory, knowledge_config)
    folder = copy_config(tmp_path)
    edit_plan(folder, lambda d: d["priorities"].remove(priority_of(d, priority)))
    edit_plan(folder, lambda d: d.update({list_key: [i for i in d[list_key] if i[id_key] != value]}), file)
    edit_plan(folder, lambda d: _stop_following(d, priority), "working-groups.yaml")
    report = load(session_factory, folder)
    assert report.archived["priorities"] == 1
    assert count(session_factory, Priority, key=priority, archived=True) == 1


def _stop_following(data: dict[str, Any], priority: str) -> None:
    """A working group may not follow a priority that left the plan (that is a config error)."""
    for group in data["groups"]:
        group["follows"] = [f for f in group["follows"] if f.split("/")[0] != priority]


def _unknown_lead(d: dict[str, Any]) -> None:
    priority_of(d, "core-1")["leads"].append("nadie")


def _vague_timeline(d: dict[str, Any]) -> None:
    priority_of(d, "thematic-2")["activities"][0]["timeline"] = ["pronto"]


@pytest.mark.parametrize("breakage", [_unknown_lead, _vague_timeline], ids=["unknown-entity", "pronto"])
def test_bad_config_fails_before_the_database_changes(
    session_factory: Factory, knowledge_config: Configuration, tmp_path: Path, breakage: Any
) -> None:
    load(session_factory, knowledge_config)
    before = snapshot(session_factory)
    folder = copy_config(tmp_path)
    edit_plan(folder, lambda d: (priority_of(d, "thematic-2")["activities"].pop(1), breakage(d)))
    with pytest.raises(ConfigError):
        load(session_factory, folder)
    assert snapshot(session_factory) == before and version(session_factory) == 1


def _fail_at(monkeypatch: pytest.MonkeyPatch, name: str, at_call: int) -> None:
    """Make loader.Sync.<name> (or queries.bump_content_version) raise on its at_call-th call."""
    owner: Any = queries if name == "bump_content_version" else loader.Sync
    original = getattr(owner, name)
    calls = Counter[str]()

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        if calls[name] == at_call:
            session = args[0] if owner is queries else args[0].session
            session.flush()
            assert session.scalar(select(func.count()).select_from(Priority)), "nothing written yet"
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)


FAILURES = [("activity", 30), ("roles", 12), ("bump_content_version", 1)]


@pytest.mark.parametrize("start", ["empty", "loaded"])
@pytest.mark.parametrize(("name", "at_call"), FAILURES)
def test_failed_load_rolls_back_every_change(
    session_factory: Factory, knowledge_config: Configuration, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path, start: str, name: str, at_call: int,
) -> None:  # fmt: skip
    knowledge = knowledge_config
    if start == "loaded":  # reload a config where every priority's title changed
        load(session_factory, knowledge_config)
        folder = copy_config(tmp_path)
        edit_plan(
            folder, lambda d: [p.update(title={"es": p["key"], "en": p["key"]}) for p in d["priorities"]]
        )
        knowledge = read_configuration(folder)
    before = snapshot(session_factory)
    _fail_at(monkeypatch, name, at_call)
    with pytest.raises(RuntimeError, match="disk full"):
        load(session_factory, knowledge)
    assert snapshot(session_factory) == before
    assert version(session_factory) == (1 if start == "loaded" else 0)
    assert start == "loaded" or all(rows == [] for rows in before.values())


def run_enlace(tmp_path: Path, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`enlace load` (handlers.cli.main, in this process) on a SQLite file, with `config` as ENLACE_CONFIG."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ENLACE_CONFIG")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    if config is not None:
        env["ENLACE_CONFIG"] = str(config)
    return enlace("load", env=env, cwd=tmp_path)


def test_cli_load_twice_then_bad_config(tmp_path: Path) -> None:
    first = run_enlace(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "created" in first.stdout and "content version 1" in first.stdout
    second = run_enlace(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Nothing changed" in second.stdout and "content version 1" in second.stdout

    folder = copy_config(tmp_path)
    edit_plan(folder, _unknown_lead)
    bad = run_enlace(tmp_path, folder)
    assert bad.returncode == 2
    assert PLAN_FILE in bad.stderr and "priority 'core-1'" in bad.stderr
    assert "unknown entity 'nadie'" in bad.stderr
    assert "Traceback" not in bad.stderr and bad.stdout == ""
    assert "Nothing changed" in run_enlace(tmp_path).stdout  # the failed run left the database alone
