"""Ad hoc meetings from Slack, through the real Bolt app over HTTP: `/red reunión <cuándo> <tema>` opens a
modal with what it understood (in the person's own Slack time zone), a date in the past, impossible or
missing is explained and nothing is saved; saving posts the meeting once in its channel; its buttons (and
`/red reuniones`) move and cancel it for its creator and the secretariat admins only.

The app's clock: 2021-06-08 09:00 in Mexico City (a Tuesday)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

pytest.register_assert_rewrite("tests.reporting_fixtures")

from sqlalchemy import select  # noqa: E402

from storage import meetings as store  # noqa: E402
from storage.models import Meeting  # noqa: E402
from tests import slackreq  # noqa: E402
from tests.reporting_fixtures import ADMIN, OUTSIDER, RET, VIA, Env, block_text, local  # noqa: E402

pytest_plugins = ["tests.reporting_fixtures"]
PERSON = RET[0]
CHANNEL = "C0CHAN1"
_urls = iter(range(10_000))


# -- helpers: what Slack sends ---------------------------------------------------------------------------


def open_modal(env: Env, text: str, user: str = PERSON, channel: str = CHANNEL) -> dict[str, Any]:
    """`/red <text>` typed in `channel`: the view the app opened with the command's trigger."""
    before = len(env.fake.calls_to("views.open"))
    body = slackreq.slash_command(text, user_id=user, channel_id=channel,
                                  response_url=env.fake.response_url(f"m{next(_urls)}"))  # fmt: skip
    status, _, answer = slackreq.post(env.events_url, body)
    assert (status, answer) == (200, "")
    call = env.fake.wait_for("views.open", before + 1)[before]
    assert call["trigger_id"] == "1337.42.abcd"
    return dict(call["view"])


def blocks_of(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b.get("block_id", b["type"]): b for b in view["blocks"]}


def prefilled(view: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(initial_date, initial_time, title) of a new-meeting modal."""
    blocks = blocks_of(view)
    return (
        blocks["meeting_date"]["element"].get("initial_date"),
        blocks["meeting_time"]["element"].get("initial_time"),
        blocks["meeting_title"]["element"].get("initial_value"),
    )


def note(view: dict[str, Any]) -> str:
    [context] = [b for b in view["blocks"] if b["type"] == "context"] or [{"elements": [{"text": ""}]}]
    return str(context["elements"][0]["text"])


def values(title: str | None = "Vías regulares", date: str | None = "2021-06-24", time: str | None = "16:00",
           channel: str | None = CHANNEL, place: str | None = None) -> dict[str, Any]:  # fmt: skip
    """view.state.values as Slack sends them (unset pickers and empty inputs are null)."""
    return {
        "meeting_title": {"value": {"type": "plain_text_input", "value": title}},
        "meeting_date": {"value": {"type": "datepicker", "selected_date": date}},
        "meeting_time": {"value": {"type": "timepicker", "selected_time": time}},
        "meeting_channel": {"value": {"type": "conversations_select", "selected_conversation": channel}},
        "meeting_place": {"value": {"type": "plain_text_input", "value": place}},
    }


def submit(env: Env, view: dict[str, Any], state: dict[str, Any], user: str = PERSON) -> dict[str, Any]:
    """Submit a modal; Slack's answer body (empty: it closed)."""
    body = slackreq.view_submission(view["callback_id"], state, user_id=user,
                                    private_metadata=view["private_metadata"])  # fmt: skip
    status, _, text = slackreq.post(env.events_url, body)
    assert status == 200, text
    return json.loads(text) if text else {}


def press(env: Env, action: str, value: str, user: str, message: dict[str, Any] | None = None,
          channel: str = CHANNEL) -> str:  # fmt: skip
    """A button: on the meeting's own message (its ts), else on an ephemeral one (the list). Returns the
    name of the response_url the app may answer on."""
    name = f"b{next(_urls)}"
    container = None
    if message is None:
        container = {"type": "message", "message_ts": "1700000999.000100", "channel_id": channel,
                     "is_ephemeral": True}  # fmt: skip
    body = slackreq.block_actions(
        action, value, user_id=user, channel_id=channel, container=container,
        response_url=env.fake.response_url(name), message_ts=(message or {}).get("ts", "1700000999.000100"),
    )  # fmt: skip
    assert slackreq.post(env.events_url, body)[0] == 200
    return name


def meetings(env: Env) -> list[Meeting]:
    """The ad hoc meetings (the calendar's own, materialised by `enlace load`, are not these tests' own)."""
    with env.sessions() as session:
        return list(session.scalars(select(Meeting).where(Meeting.series.is_(None)).order_by(Meeting.id)))


def utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def button(message: dict[str, Any], action: str) -> dict[str, Any] | None:
    found = [e for b in message.get("blocks") or [] if b["type"] == "actions" for e in b["elements"]
             if e["action_id"] == action]  # fmt: skip
    return found[0] if found else None


def schedule(
    env: Env, user: str = PERSON, text: str = "24 de junio 16:00 sobre vías regulares"
) -> dict[str, Any]:
    """Open the modal and save it as filled in; the meeting's message in its channel."""
    view = open_modal(env, f"reunión {text}", user)
    date, time, title = prefilled(view)
    assert submit(env, view, values(title, date, time)) == {}
    env.fake.wait_for("chat.postMessage", 2)
    [message] = env.fake.messages(CHANNEL)
    return message


# -- reading the date ---------------------------------------------------------------------------------------

ES, EN = "es-LA", "en-US"
GOOD = [
    # (text, locale, zone, date, time, title)
    ("el próximo jueves a las 10 sobre vías regulares", ES, None, "2021-06-10", "10:00", "vías regulares"),
    ("24 de junio 16:00", ES, None, "2021-06-24", "16:00", None),
    ("June 24 at 4pm", EN, None, "2021-06-24", "16:00", None),
    ("mañana 9:30", ES, None, "2021-06-09", "09:30", None),
    ("reunión el 3 de julio a las 11 sobre retorno", ES, None, "2021-07-03", "11:00", "retorno"),
    (
        "meeting next Thursday at 10am about regular pathways",
        EN,
        None,
        "2021-06-10",
        "10:00",
        "regular pathways",
    ),
    ("tomorrow 9:30 re: budget", EN, None, "2021-06-09", "09:30", "budget"),
    ("revisión del plan mañana a las 4 de la tarde", ES, None, "2021-06-09", "16:00", "revisión del plan"),
    (
        "el miércoles al mediodía para hablar del informe",
        ES,
        None,
        "2021-06-09",
        "12:00",
        "hablar del informe",
    ),
    ("viernes 10 de la mañana acerca de la agenda", ES, None, "2021-06-11", "10:00", "la agenda"),
    ("24/06 16:00 sobre detención", ES, None, "2021-06-24", "16:00", "detención"),
    ("July 4th, 2021 at 9 am on the new plan", EN, None, "2021-07-04", "09:00", "the new plan"),
    ("in 3 days at 11 about returns", EN, None, "2021-06-11", "11:00", "returns"),
    ("en 3 días a las 11 sobre retorno", ES, None, "2021-06-11", "11:00", "retorno"),
    ("15 de enero sobre planeación", ES, None, "2022-01-15", None, "planeación"),
    ("hoy a las 5pm sobre urgencias", ES, None, "2021-06-08", "17:00", "urgencias"),
    ("el 24 a las 10 sobre detención", ES, None, "2021-06-24", "10:00", "detención"),
    ("at 10 tomorrow about the report", EN, None, "2021-06-09", "10:00", "the report"),
    ("sobre retorno el jueves a las 11", ES, None, "2021-06-10", "11:00", "retorno"),
    ("3 de julio del 2021 a las 11:30 hrs", ES, None, "2021-07-03", "11:30", None),
    ("la próxima semana sobre presupuesto", ES, None, "2021-06-15", None, "presupuesto"),
    # Relative to the person's own zone: 09:00 in Mexico City is 16:00 in Madrid, 02:00 tomorrow in Auckland.
    ("mañana 9:30 sobre vías regulares", ES, "Europe/Madrid", "2021-06-09", "09:30", "vías regulares"),
    ("tomorrow at 9:30 about pathways", EN, "Pacific/Auckland", "2021-06-10", "09:30", "pathways"),
    ("hoy a las 18:00 sobre retorno", ES, "Europe/Madrid", "2021-06-08", "18:00", "retorno"),
]


@pytest.mark.parametrize(("text", "locale", "zone", "date", "time", "title"), GOOD, ids=[g[0] for g in GOOD])
def test_a_date_phrase_opens_the_modal_filled_in(
    app_env: Env, text: str, locale: str, zone: str | None, date: str, time: str | None, title: str | None
) -> None:
    env = app_env
    env.fake.set_locale(PERSON, locale)
    if zone:
        env.fake.set_user(PERSON, tz=zone)
    command = "reunión" if locale == ES else "meeting"
    view = open_modal(env, f"{command} {text}" if not text.startswith(("reunión", "meeting")) else text)
    assert (view["type"], view["callback_id"]) == ("modal", "meeting_new")
    assert prefilled(view) == (date, time, title)
    blocks = blocks_of(view)
    assert blocks["meeting_time"]["element"]["timezone"] == (zone or "America/Mexico_City")
    assert blocks["meeting_channel"]["element"]["initial_conversation"] == CHANNEL
    assert ("Entendí" if locale == ES else "I read") in note(view)
    assert meetings(env) == [] and env.fake.calls_to("chat.postMessage") == []  # nothing saved yet


BAD = [
    # (text, locale, zone, what the modal says, whether the time is kept)
    ("reunión 31 de febrero a las 10 sobre retorno", ES, None, "no es una fecha que exista", "10:00"),
    ("meeting June 31 at 3pm about budget", EN, None, "is not a date that exists", "15:00"),
    ("reunión 30/02 sobre retorno", ES, None, "no es una fecha que exista", None),
    ("reunión 1 de junio a las 10 sobre retorno", ES, None, "ya pasó", None),
    ("reunión ayer a las 10 sobre retorno", ES, None, "ya pasó", None),
    ("meeting yesterday at 10 about budget", EN, None, "is in the past", None),
    ("meeting June 1st at 10am about budget", EN, None, "is in the past", None),
    ("reunión hoy a las 8 sobre retorno", ES, None, "ya pasó", None),
    ("reunión hoy a las 12:00 sobre retorno", ES, "Europe/Madrid", "ya pasó", None),  # 16:00 in Madrid
    ("reunión sobre vías regulares", ES, None, "No encontré una fecha", None),
    ("meeting about regular pathways", EN, None, "I found no date", None),
    ("reunión 10 sobre retorno", ES, None, "No encontré una fecha", None),
    ("reunión sobre el plan de marzo", ES, None, "No encontré una fecha", None),
    ("meeting we may talk about budget", EN, None, "I found no date", None),
    ("reunión para revisar el informe del 2021", ES, None, "No encontré una fecha", None),
]


@pytest.mark.parametrize(("text", "locale", "zone", "says", "time"), BAD, ids=[b[0] for b in BAD])
def test_a_past_impossible_or_missing_date_is_explained_in_the_modal(
    app_env: Env, text: str, locale: str, zone: str | None, says: str, time: str | None
) -> None:
    env = app_env
    env.fake.set_locale(PERSON, locale)
    if zone:
        env.fake.set_user(PERSON, tz=zone)
    view = open_modal(env, text)
    assert says in note(view)
    if "31 de febrero" in text:  # the date as typed is what the note quotes
        assert note(view).startswith("«31 de febrero a las 10» no es una fecha")
    date, kept_time, title = prefilled(view)
    assert date is None and kept_time == time
    assert title  # the topic is kept
    assert meetings(env) == [] and env.fake.calls_to("chat.postMessage") == []


def test_the_command_alone_opens_the_empty_modal_for_the_channel_or_the_network(app_env: Env) -> None:
    env = app_env
    view = open_modal(env, "reunión")
    assert prefilled(view) == (None, None, None)
    assert note(view) == ""
    assert blocks_of(view)["meeting_channel"]["element"]["initial_conversation"] == CHANNEL
    view = open_modal(env, "meeting", channel="D" + PERSON)  # typed in the DM with the app
    assert blocks_of(view)["meeting_channel"]["element"]["initial_conversation"] == "C0RED00001"
    assert blocks_of(view)["meeting_place"]["optional"] is True


# -- saving ------------------------------------------------------------------------------------------------


def test_saving_stores_the_meeting_posts_it_once_and_tells_the_person(app_env_any: Env) -> None:
    env = app_env_any
    env.fake.set_user(PERSON, tz="Europe/Madrid")
    view = open_modal(env, "reunión 24 de junio 17:00 sobre vías regulares")
    assert (
        submit(env, view, values("Vías regulares", "2021-06-24", "17:00", place="https://meet.example/x"))
        == {}
    )
    [thanks] = [c for c in env.fake.wait_for("chat.postMessage", 2) if c["channel"] == PERSON]
    [row] = meetings(env)
    assert row.uid.startswith("adhoc-") and (row.kind, row.series, row.status) == (
        "ad_hoc",
        None,
        "scheduled",
    )
    assert (row.title_es, row.title_en, row.channel, row.created_by) == (
        "Vías regulares",
        "Vías regulares",
        CHANNEL,
        PERSON,
    )
    assert utc(row.starts_at) == dt.datetime(2021, 6, 24, 15, 0, tzinfo=dt.UTC)  # 17:00 in Madrid
    assert (row.place, row.sequence) == ("https://meet.example/x", 0)
    [message] = env.fake.messages(CHANNEL)
    epoch = int(dt.datetime(2021, 6, 24, 15, tzinfo=dt.UTC).timestamp())
    assert f"<!date^{epoch}^" in block_text(message) and "10:00 (hora de la Ciudad de México)" in block_text(
        message
    )
    assert "Vías regulares" in block_text(message) and f"<@{PERSON}>" in block_text(message)
    assert message["metadata"]["event_payload"] == {"uid": row.uid}
    assert button(message, "meeting_move") and button(message, "meeting_cancel")
    assert button(message, "meeting_cancel")["confirm"]["style"] == "danger"  # type: ignore[index]
    assert f"<#{CHANNEL}>" in thanks["text"] and "Listo" in thanks["text"]
    assert len([c for c in env.fake.calls_to("chat.postMessage") if c["channel"] == CHANNEL]) == 1


@pytest.mark.parametrize(
    ("state", "blocks", "says"),
    [
        (values(date="2021-06-01"), {"meeting_date", "meeting_time"}, "ya pasaron"),
        (values(date="2021-06-08", time="08:30"), {"meeting_date", "meeting_time"}, "ya pasaron"),
        (values(date=None), {"meeting_date"}, "Elige una fecha"),
        (values(time=None), {"meeting_time"}, "Elige una hora"),
    ],
)
def test_a_submission_in_the_past_or_without_a_date_is_answered_in_the_modal(
    app_env: Env, state: dict[str, Any], blocks: set[str], says: str
) -> None:
    env = app_env
    view = open_modal(env, "reunión")
    answer = submit(env, view, state)
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == blocks and says in next(iter(answer["errors"].values()))
    assert meetings(env) == [] and env.fake.calls_to("chat.postMessage") == []


def test_a_channel_without_the_bot_keeps_the_meeting_and_says_to_invite_it(app_env: Env) -> None:
    env = app_env
    view = open_modal(env, "reunión 24 de junio 16:00 sobre retorno")
    env.fake.fail("chat.postMessage", status=200, error="not_in_channel")
    assert submit(env, view, values("retorno")) == {}
    told = [c for c in env.fake.wait_for("chat.postMessage", 2) if c["channel"] == PERSON]
    assert told and "/invite @Enlace" in told[0]["text"] and "not_in_channel" in told[0]["text"]
    assert [m.title_es for m in meetings(env)] == ["retorno"]


# -- moving and cancelling -------------------------------------------------------------------------------


def test_the_creator_moves_the_meeting_from_its_message(app_env_any: Env) -> None:
    env = app_env_any
    message = schedule(env)
    [row] = meetings(env)
    env.fake.reset()
    press(env, "meeting_move", row.uid, PERSON, message)
    view = dict(env.fake.wait_for("views.open")[0]["view"])
    assert view["callback_id"] == "meeting_move"
    blocks = blocks_of(view)
    assert (
        blocks["meeting_date"]["element"]["initial_date"],
        blocks["meeting_time"]["element"]["initial_time"],
    ) == ("2021-06-24", "16:00")
    assert submit(env, view, values(date="2021-06-08", time="08:00"))["response_action"] == "errors"
    assert submit(env, view, values(date="2021-06-25", time="11:30")) == {}
    [update] = env.fake.wait_for("chat.update")
    assert (update["channel"], update["ts"]) == (CHANNEL, message["ts"])
    [moved] = meetings(env)
    assert utc(moved.starts_at) == local(2021, 6, 25, 11, 30).astimezone(dt.UTC)
    assert utc(moved.rule_starts_at) == local(2021, 6, 24, 16).astimezone(dt.UTC)  # type: ignore[arg-type]
    assert (moved.sequence, moved.touched_by) == (1, PERSON)
    epoch = int(local(2021, 6, 25, 11, 30).timestamp())
    assert f"<!date^{epoch}^" in block_text(env.fake.messages(CHANNEL)[0])
    assert "Movida por" in block_text(env.fake.messages(CHANNEL)[0])
    [told] = [c for c in env.fake.wait_for("chat.postMessage") if c["channel"] == PERSON]
    assert "ahora es" in told["text"]


def test_someone_else_cannot_move_or_cancel_and_is_told_politely(app_env: Env) -> None:
    env = app_env
    message = schedule(env)
    env.fake.reset()
    [row] = meetings(env)
    for action in ("meeting_move", "meeting_cancel"):
        name = press(env, action, row.uid, OUTSIDER, message)
        [answer] = env.fake.wait_for(f"response_url:{name}")
        assert answer["response_type"] == "ephemeral" and "solo quien programó" in answer["text"]
    assert env.fake.calls_to("views.open") == [] and env.fake.calls_to("chat.update") == []
    [same] = meetings(env)
    assert (same.status, same.sequence) == ("scheduled", 0)


def test_an_admin_cancels_it_and_the_message_shows_it(app_env: Env) -> None:
    env = app_env
    message = schedule(env)
    env.fake.reset()
    [row] = meetings(env)
    name = press(env, "meeting_cancel", row.uid, ADMIN, message)
    [answer] = env.fake.wait_for(f"response_url:{name}")
    assert "cancelé" in answer["text"]
    [update] = env.fake.wait_for("chat.update")
    assert update["ts"] == message["ts"]
    [cancelled] = meetings(env)
    assert (cancelled.status, cancelled.touched_by, cancelled.sequence) == ("cancelled", ADMIN, 1)
    shown = env.fake.messages(CHANNEL)[0]
    assert "Cancelada" in block_text(shown) and button(shown, "meeting_move") is None
    name = press(env, "meeting_move", row.uid, PERSON, message)  # too late: it is cancelled
    assert "ya no está programada" in env.fake.wait_for(f"response_url:{name}")[0]["text"]


def test_calendar_meetings_are_moved_by_admins_only(app_env: Env) -> None:
    env = app_env
    with env.sessions() as session:  # the June quarterly meeting, as `enlace load` put it in the calendar
        [quarterly] = store.upcoming(session, local(2021, 6, 8, 9), limit=1, series="quarterly")
        uid, starts = quarterly.uid, utc(quarterly.starts_at).astimezone(local(2021, 1, 1).tzinfo)
    name = press(env, "meeting_move", f"l:{uid}", PERSON)
    assert "solo las mueve o cancela la secretaría" in env.fake.wait_for(f"response_url:{name}")[0]["text"]
    list_for_person = env.command("reuniones", PERSON)
    assert button(list_for_person, "meeting_move") is None  # no buttons one may not use
    press(env, "meeting_move", f"l:{uid}", ADMIN)
    view = dict(env.fake.wait_for("views.open")[0]["view"])
    assert blocks_of(view)["meeting_time"]["element"]["initial_time"] == f"{starts:%H:%M}"
    assert submit(env, view, values(date="2021-06-25", time="12:00"), user=ADMIN) == {}
    env.fake.wait_for("chat.postMessage")  # the admin is told
    with env.sessions() as session:
        moved = store.meeting(session, uid)
        assert moved is not None and (moved.sequence, moved.touched_by) == (1, ADMIN)
        assert utc(moved.starts_at) == local(2021, 6, 25, 12).astimezone(dt.UTC)


def test_the_list_shows_upcoming_meetings_with_date_tokens_and_the_buttons_one_may_use(app_env: Env) -> None:
    env = app_env
    schedule(env, PERSON, "24 de junio 16:00 sobre vías regulares")
    with env.sessions() as session:
        [row] = session.scalars(select(Meeting).where(Meeting.series.is_(None))).all()
        store.add_agenda_item(session, row, "Informe", VIA[0], local(2021, 6, 8, 9))
        store.add_agenda_item(session, row, "Presupuesto", VIA[1], local(2021, 6, 8, 9))
        session.commit()
    mine = env.command("reuniones", PERSON)
    text = block_text(mine)
    epoch = int(local(2021, 6, 24, 16).timestamp())
    assert "Próximas reuniones" in text and f"<!date^{epoch}^" in text and f"<#{CHANNEL}>" in text
    assert "2 puntos en la agenda" in text and button(mine, "meeting_move")["value"] == f"l:{row.uid}"  # type: ignore[index]
    theirs = env.command("reuniones", OUTSIDER)
    assert "vías regulares" in block_text(theirs) and button(theirs, "meeting_move") is None
    env.fake.set_locale(VIA[2], EN)
    english = block_text(env.command("meetings", VIA[2]))
    assert "Upcoming meetings" in english and "2 agenda items" in english and f"<!date^{epoch}^" in english


def test_moving_from_the_list_updates_the_meetings_own_message(app_env: Env) -> None:
    env = app_env
    message = schedule(env)
    [row] = meetings(env)
    env.fake.reset()
    press(env, "meeting_move", f"l:{row.uid}", ADMIN)
    view = dict(env.fake.wait_for("views.open")[0]["view"])
    assert submit(env, view, values(date="2021-06-30", time="10:00"), user=ADMIN) == {}
    [update] = env.fake.wait_for("chat.update")
    assert (update["channel"], update["ts"]) == (CHANNEL, message["ts"])
    assert meetings(env)[0].sequence == 1


def test_in_a_direct_message_a_button_opens_the_modal(app_env: Env) -> None:
    env = app_env
    env.dm("reunión mañana 9:30 sobre retorno", PERSON)
    [reply] = env.fake.wait_for("chat.postMessage")
    found = button(reply, "meeting_open")
    assert found is not None and "Programar reunión" in found["text"]["text"]
    body = slackreq.block_actions("meeting_open", found["value"], user_id=PERSON, channel_id="D" + PERSON,
                                  response_url=None)  # fmt: skip
    assert slackreq.post(env.events_url, body)[0] == 200
    view = dict(env.fake.wait_for("views.open")[0]["view"])
    assert prefilled(view) == ("2021-06-09", "09:30", "retorno")
    assert blocks_of(view)["meeting_channel"]["element"]["initial_conversation"] == "C0RED00001"


def test_the_list_of_a_year_or_a_month(app_env: Env) -> None:
    env = app_env
    schedule(env, PERSON, "24 de junio 16:00 sobre vías regulares")
    schedule_later = open_modal(env, "reunión 15 de enero a las 10 sobre planeación")
    assert prefilled(schedule_later)[0] == "2022-01-15"
    assert submit(env, schedule_later, values("planeación", "2022-01-15", "10:00")) == {}
    env.fake.wait_for("chat.postMessage", 4)
    june = block_text(env.command("reuniones junio", PERSON))
    assert "Reuniones de junio de 2021" in june and "vías regulares" in june and "planeación" not in june
    year = block_text(env.command("reuniones 2022", PERSON))
    assert "Reuniones de 2022" in year and "planeación" in year and "vías regulares" not in year
    assert "No hay reuniones programadas en 2020" in env.command("reuniones 2020", PERSON)["text"]
    both = block_text(env.command("reuniones", PERSON))
    assert both.index("vías regulares") < both.index("planeación")


def test_the_console_lists_meetings_in_words_and_cannot_schedule(app_env: Env) -> None:
    from bot.chat.conversation import Conversation
    from handlers.app import build_services
    from handlers.slack_client import make_web_client

    env = app_env
    schedule(env, PERSON, "24 de junio 16:00 sobre vías regulares")
    client = make_web_client("xoxb-test", env.fake.base_url)
    services, reporting = build_services(env.settings, client, env.sessions, env.clock)
    said = Conversation(services, reporting).respond("reuniones", None, "console")
    assert said.text is not None and said.text.splitlines()[0] == "Próximas reuniones"
    assert (
        "vías regulares · jueves 24 de junio de 2021, 16:00 (hora de la Ciudad de México) · #C0CHAN1 · "
        "0 puntos en la agenda"
    ) in said.text.splitlines()
    assert "Slack" in (
        Conversation(services, reporting).respond("reunión mañana", None, "console").text or ""
    )


def test_a_long_text_is_read_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    """The modal must open within Slack's 3 seconds, whatever one types: dateparser (some milliseconds a
    call) reads a bounded number of phrases however long the text."""
    import dateparser

    from bot.meetings import when

    calls: list[str] = []
    real = dateparser.parse

    def counted(text: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(when.dateparser, "parse", counted)
    found = when.understand(
        " ".join(["revisar 3 informes y 2 planes"] * 120) + " mañana a las 10", local(2021, 6, 8, 9)
    )
    assert (found.date, found.time) == (dt.date(2021, 6, 9), dt.time(10))
    assert len(calls) <= 2 * when.MAX_DATE_WORDS


def test_in_a_mention_the_button_opens_the_modal_for_that_channel(app_env: Env) -> None:
    env = app_env
    env.mention("reunión mañana 9:30 sobre retorno", PERSON, channel="C0OTRO001")
    [reply] = env.fake.wait_for("chat.postEphemeral")
    assert (reply["channel"], reply["user"]) == ("C0OTRO001", PERSON)  # only the person sees it
    found = button(reply, "meeting_open")
    assert found is not None
    body = slackreq.block_actions(
        "meeting_open", found["value"], user_id=PERSON, channel_id="C0OTRO001", response_url=None
    )
    assert slackreq.post(env.events_url, body)[0] == 200
    view = dict(env.fake.wait_for("views.open")[0]["view"])
    assert prefilled(view) == ("2021-06-09", "09:30", "retorno")
    assert blocks_of(view)["meeting_channel"]["element"]["initial_conversation"] == "C0OTRO001"


def test_when_the_meetings_message_cannot_be_updated_the_person_is_told(app_env: Env) -> None:
    """A cancellation saved, but Slack refuses to edit the message in the channel (Enlace was removed from
    it): the channel still shows the meeting as scheduled, so whoever cancelled hears it."""
    env = app_env
    message = schedule(env)
    env.fake.reset()
    env.fake.fail("chat.update", 200, error="not_in_channel")
    [row] = meetings(env)
    name = press(env, "meeting_cancel", row.uid, ADMIN, message)
    [answer] = env.fake.wait_for(f"response_url:{name}")
    assert "cancelé" in answer["text"]
    assert "no pude actualizar su mensaje" in answer["text"] and "not_in_channel" in answer["text"]
