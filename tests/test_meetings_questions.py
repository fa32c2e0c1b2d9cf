"""Questions about meetings answered from the calendar in the database (ad hoc meetings included, cancelled
ones left out), by `enlace ask`'s engine and through the real signed `/red` path alike."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from bot.bootstrap import load_config  # noqa: E402
from bot.questions.engine import Engine  # noqa: E402
from bot.render.i18n import Catalog  # noqa: E402
from bot.render.plain import render_text  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.text import fold  # noqa: E402
from bot.time.clock import FixedClock  # noqa: E402
from storage import meetings as store  # noqa: E402
from storage.models import Meeting  # noqa: E402
from tests.blocks import text_objects  # noqa: E402
from tests.conftest import CONFIG  # noqa: E402
from tests.reporting_fixtures import ADMIN, Env, local  # noqa: E402
from tests.test_meetings_config import uncomment_examples  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]

JUNE_1 = local(2021, 6, 1, 9)


def ad_hoc(
    sqlite_sessions: sessionmaker[Session], starts_at: dt.datetime, title: str = "Revisión de medio año"
) -> int:
    with sqlite_sessions() as session, session.begin():
        row = store.add_meeting(
            session,
            Meeting(uid=f"adhoc:{starts_at:%Y%m%d%H%M}", series=None, kind="ad_hoc", title_es=title,
                    title_en="Mid-year review", starts_at=starts_at.astimezone(dt.UTC), duration_minutes=60, channel="C0VIAS0001",
                    place="", status="scheduled", sequence=0, created_by=ADMIN, touched_by=None,
                    created_at=JUNE_1, updated_at=JUNE_1),
        )  # fmt: skip
        return row.id


@pytest.fixture
def ask(sqlite_sessions: sessionmaker[Session]):  # type: ignore[no-untyped-def]
    catalog = Catalog.load(CONFIG / "messages.yaml")
    engine = Engine(sqlite_sessions, catalog, FixedClock(JUNE_1))

    def _ask(question: str, today: str = "2021-06-01", lang: str | None = None) -> str:
        return fold(render_text(engine.ask(question, lang, dt.date.fromisoformat(today)), catalog))

    return _ask


def test_an_ad_hoc_meeting_is_the_next_meeting_until_it_is_cancelled(ask, sqlite_sessions) -> None:  # type: ignore[no-untyped-def]
    meeting_id = ad_hoc(sqlite_sessions, local(2021, 6, 10, 16))
    answer = ask("¿Cuándo es la próxima reunión?")
    assert "10 de junio de 2021" in answer and "16:00" in answer and "reunion ad hoc" in answer
    assert "revision de medio ano" in answer
    english = ask("When is the next meeting?")
    assert "june 10, 2021" in english and "mid-year review" in english
    # The quarterly one is asked for by name; the terms of reference's words and the settings stay apart.
    quarterly = ask("¿Cuándo es la próxima reunión trimestral?")
    assert "24 de junio de 2021" in quarterly
    assert "configuracion de la red (no de los terminos de referencia" in quarterly
    assert "que no fijan meses ni hora): el ultimo jueves de marzo" in quarterly
    assert "terminos de referencia: «de manera trimestral el ultimo jueves de cada mes" in quarterly
    with sqlite_sessions() as session, session.begin():
        row = store.meeting_by_id(session, meeting_id)
        assert row is not None
        store.cancel(session, row, ADMIN, JUNE_1)
    assert "24 de junio de 2021" in ask("¿Cuándo es la próxima reunión?")
    upcoming = ask("¿Cada cuánto se reúne la Red?")
    assert "10 de junio" not in upcoming and "jueves 24 de junio de 2021, 10:00" in upcoming


def test_a_holiday_move_is_explained(ask) -> None:  # type: ignore[no-untyped-def]
    answer = ask("¿Cuándo es la próxima reunión?", today="2025-12-01")
    assert "miercoles 24 de diciembre de 2025" in answer and "navidad" in answer
    assert "jueves 25 de diciembre de 2025" in answer
    assert "moved from thursday december 25, 2025" in ask("When is the next meeting?", today="2025-12-01")


def test_a_working_group_and_the_committee_meet_by_their_own_series(
    ask,
    sqlite_sessions: sessionmaker[Session],
    sqlite_db: str,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    # Without a series of its own, the group's question says so and gives the Network's next meeting.
    before = ask("When does the regular pathways group meet next?")
    assert "no recurring meetings" in before and "june 24, 2021" in before
    folder = tmp_path / "config"
    shutil.copytree(CONFIG, folder)
    uncomment_examples(folder)
    load_config(Settings(database_url=sqlite_db, config_dir=folder), sqlite_sessions, FixedClock(JUNE_1))
    # The first Wednesday of July 2021, 16:00; the Executive Committee: the second Tuesday, 09:00.
    english = ask("When does the regular pathways group meet next?")
    assert "next meeting: july 7, 2021" in english and "16:00" in english
    assert "the first wednesday of january, march, may, july, september and november" in english
    spanish = ask("¿Cuándo se reúne el grupo de vías regulares?")
    assert "7 de julio de 2021" in spanish and "grupo de trabajo sobre vias regulares" in spanish
    committee = ask("¿Cuándo es la próxima reunión del Comité Ejecutivo?")
    assert "8 de junio de 2021" in committee and "09:00" in committee
    assert "el segundo martes de cada mes" in committee
    assert "1 de junio" not in ask("¿Cuándo es la próxima reunión?", today="2021-06-02")
    # Other questions about the group are not about its meetings.
    assert "7 de julio" not in ask("¿Quién lidera el grupo de vías regulares?")


def test_slack_answers_from_the_same_calendar(app_env: Env) -> None:
    """The app's clock is 2021-06-08 09:00 in Mexico City."""
    ad_hoc(app_env.sessions, local(2021, 6, 15, 11))
    reply = app_env.command("¿cuándo es la próxima reunión?", ADMIN)
    texts = " ".join(t["text"] for t in text_objects(reply.get("blocks", []))) + reply.get("text", "")
    assert "15 de junio de 2021" in texts and "Revisión de medio año" in texts
    reply = app_env.command("when is the next quarterly meeting?", ADMIN)
    texts = " ".join(t["text"] for t in text_objects(reply.get("blocks", []))) + reply.get("text", "")
    assert "June 24, 2021" in texts
