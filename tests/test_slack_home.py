"""App Home over real HTTP, with a fixed clock: the next quarterly meeting, what is due this quarter and
overdue (for the person's agency when people.yaml names it), how to ask; republished only when it changes."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text

from bot.bootstrap import load_config
from bot.chat.home import content_hash
from bot.time.clock import FixedClock
from handlers.app import create_app
from storage.db import make_engine, make_session_factory
from storage.models import Activity, Priority
from storage.reporting import save_update
from tests import slackreq
from tests.conftest import CONFIG
from tests.fakeslack import FakeSlack

pytest.register_assert_rewrite("tests.slack_fixtures")

from tests.slack_fixtures import (  # noqa: E402
    WAIT,
    Enlace,
    check_blocks,
    serve_bolt,
    settings_for,
    wait_until,
)

pytest_plugins = ["tests.slack_fixtures"]

MAY_10 = dt.datetime(2021, 5, 10, 15, 0, tzinfo=dt.UTC)  # second quarter; the next meeting is June 24
OIM_PERSON = "U0OIM"
PEOPLE = f'people:\n  - slack_user_id: {OIM_PERSON}\n    agency: oim\n    name: "Ana (OIM)"\n'


class Home:
    def __init__(self, enlace: Enlace, clock: FixedClock, config_dir: Path, database_url: str) -> None:
        self.enlace, self.fake, self.clock = enlace, enlace.fake, clock
        self.config_dir, self.database_url = config_dir, database_url

    def open(self, user: str = "U0USER1", count: int | None = None, ok: bool = True) -> dict[str, Any]:
        """app_home_opened; with `count`, wait for that many views.publish calls and return the last
        (once the app has recorded it as published, when Slack answered `ok`)."""
        assert self.enlace.event(slackreq.app_home_opened(user)) == 200
        if count is None:
            return {}
        published = self.fake.wait_for("views.publish", count=count, timeout=WAIT)
        assert published[-1]["user_id"] == user
        view = dict(published[-1]["view"])
        if ok:
            wait_until(lambda: self.recorded(user) == content_hash(view), what="the publish to be recorded")
        return view

    def recorded(self, user: str) -> str | None:
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                query = text("SELECT content_hash FROM home_views WHERE user_id = :user")
                return connection.execute(query, {"user": user}).scalar_one_or_none()
        finally:
            engine.dispose()

    def publishes(self) -> list[str]:
        return [call["user_id"] for call in self.fake.calls_to("views.publish")]


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "config"
    shutil.copytree(CONFIG, copy)
    return copy


@pytest.fixture
def home(fake: FakeSlack, enlace_db: str, config_dir: Path) -> Iterator[Home]:
    url = enlace_db
    clock = FixedClock(MAY_10)
    app = create_app(settings_for(fake, url, config_dir=config_dir), clock=clock)
    with serve_bolt(app) as base_url:
        yield Home(Enlace(base_url, fake), clock, config_dir, url)


def sections(view: dict[str, Any]) -> dict[str, str]:
    """Section texts by their bold first line."""
    found: dict[str, str] = {}
    for block in view["blocks"]:
        if block["type"] == "section" and "text" in block:
            first, _, rest = block["text"]["text"].partition("\n")
            found[first.strip("*")] = rest
    return found


def test_opening_the_home_tab_publishes_a_personal_view(home: Home) -> None:
    view = home.open(count=1)
    assert view["type"] == "home"
    check_blocks(view["blocks"], max_blocks=100)
    parts = sections(view)
    assert "24 de junio de 2021" in parts["Próxima reunión trimestral"]
    due = parts["Vence en el segundo trimestre de 2021"]
    assert "vence el 30 de junio de 2021" in due
    overdue = parts["Atrasado según el plan"]
    assert "Prioridad temática 1, actividad 1" in overdue and "28 de febrero de 2021" in overdue
    assert "/red" in parts["Cómo preguntar"]
    examples = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert examples and all(e["action_id"].startswith("ask_example_") for e in examples)


def test_the_home_tab_speaks_the_persons_language(home: Home) -> None:
    home.fake.set_locale("U0EN", "en-US")
    parts = sections(home.open("U0EN", count=1))
    assert "June 24, 2021" in parts["Next quarterly meeting"]
    assert "Due in the second quarter of 2021" in parts
    assert "Overdue according to the plan" in parts


def test_opening_it_again_unchanged_does_not_republish(home: Home) -> None:
    home.open("U0USER1", count=1)
    home.open("U0USER1")
    home.open("U0USER1")
    home.open("U0OTHER", count=2)  # answered after the two above: they published nothing
    assert home.publishes() == ["U0USER1", "U0OTHER"]


def test_a_new_quarter_republishes(home: Home) -> None:
    first = home.open(count=1)
    home.clock.instant = dt.datetime(2021, 7, 12, 15, 0, tzinfo=dt.UTC)
    second = home.open(count=2)
    assert second != first
    parts = sections(second)
    assert "30 de septiembre de 2021" in parts["Próxima reunión trimestral"]
    assert "Vence en el tercer trimestre de 2021" in parts
    home.open("U0USER1")
    home.open("U0SENTRY", count=3)
    assert home.publishes() == ["U0USER1", "U0USER1", "U0SENTRY"]


def test_a_known_agency_gets_its_own_due_and_overdue(home: Home) -> None:
    general = sections(home.open("U0USER1", count=1))
    (home.config_dir / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    _reload(home)
    own = sections(home.open(OIM_PERSON, count=2))
    assert "Vence en el segundo trimestre de 2021 · OIM" in own
    overdue = own["Atrasado según el plan · OIM"]
    assert "Retorno y reintegración, actividad 1" in overdue
    assert "Prioridad temática 1, actividad 1" not in overdue  # not an OIM activity
    assert "Prioridad temática 1, actividad 1" in general["Atrasado según el plan"]


def test_learning_the_persons_agency_republishes(home: Home) -> None:
    before = sections(home.open(OIM_PERSON, count=1))
    assert "Atrasado según el plan" in before
    (home.config_dir / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    _reload(home)
    after = sections(home.open(OIM_PERSON, count=2))
    assert "Atrasado según el plan · OIM" in after
    assert home.publishes() == [OIM_PERSON, OIM_PERSON]


def _reload(home: Home) -> None:
    """`enlace load` with the edited config, against the running app's database."""
    settings = settings_for(home.fake, home.database_url, config_dir=home.config_dir)
    engine = make_engine(home.database_url)
    try:
        load_config(settings, make_session_factory(engine), home.clock)
    finally:
        engine.dispose()


def test_a_failed_publish_is_logged_and_retried_on_the_next_open(
    home: Home, caplog: pytest.LogCaptureFixture
) -> None:
    home.fake.fail("views.publish", 200, error="not_enabled")
    home.open(count=1, ok=False)
    wait_until(
        lambda: any("U0USER1" in r.getMessage() and r.levelno >= logging.ERROR for r in caplog.records),
        what="the failed publish to be logged",
    )
    view = home.open(count=2)  # nothing was recorded as published, so it is published again
    assert view["type"] == "home"
    assert [c.status for c in home.fake.calls if c.method == "views.publish"] == [200, 200]


def test_the_count_of_what_is_left_comes_after_the_list(home: Home) -> None:
    due = sections(home.open(count=1))["Vence en el segundo trimestre de 2021"]
    assert "más" in due
    assert due.rindex("•") < due.index("… y")


def test_the_overdue_list_says_how_to_see_the_rest_of_what_is_overdue(home: Home) -> None:
    home.clock.instant = dt.datetime(2021, 7, 12, 15, 0, tzinfo=dt.UTC)
    overdue = sections(home.open(count=1))["Atrasado según el plan"]
    assert "más" in overdue
    assert "¿Qué vence este trimestre?" not in overdue and "atrasado" in overdue.lower()


def test_after_the_plan_the_home_says_once_that_it_ended(home: Home) -> None:
    home.clock.instant = dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)
    parts = sections(home.open(count=1))
    everything = "\n".join(f"{heading}\n{text}" for heading, text in parts.items())
    assert everything.count("El plan de trabajo 2021-2022 terminó el 31 de diciembre de 2022.") == 1
    due = parts["Vence en el cuarto trimestre de 2026"]
    assert "Nada del plan vence" in due and "¿Qué vencía en el cuarto trimestre de 2022?" in due
    late = parts["No reportadas como completadas al terminar el plan"]
    assert (
        "actividades llegaron a su plazo sin que un grupo de trabajo las reportara como completadas" in late
    )
    assert late.rindex("•") < late.index("… y")  # the count of the rest after the list


def test_an_activity_reported_completed_leaves_the_overdue_list(home: Home) -> None:
    """For the group's members; to anyone else the group's reports are private, so it stays listed."""
    returns = "Retorno y reintegración, actividad 1"
    member = "U0RET00003"
    assert returns in sections(home.open(member, count=1))["Atrasado según el plan"]
    engine = make_engine(home.database_url)
    try:
        with make_session_factory(engine)() as session, session.begin():
            query = (
                select(Activity.id).join(Priority).where(Priority.key == "group-return", Activity.number == 1)
            )
            values = {"group_key": "retorno", "period_key": "2021-05-03", "author": "U0RET00001", "agency": "oim",
                      "activity_id": session.scalars(query).one(), "status": "completado", "progress": "Listo"}  # fmt: skip
            save_update(session, values, MAY_10)
    finally:
        engine.dispose()
    overdue = sections(home.open(member, count=2))[
        "Atrasado según el plan"
    ]  # changed content: published again
    assert returns not in overdue and "Prioridad temática 1, actividad 1" in overdue
    assert returns in sections(home.open("U0USER1", count=3))["Atrasado según el plan"]
