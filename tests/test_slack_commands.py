"""/red over real HTTP: the same answers as `enlace ask`, as ephemeral Block Kit with a text fallback;
help with clickable examples; the answer's language; any text gets a friendly answer; people's text is
escaped; every answer stays within Slack's limits."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest

from bot.questions.answers.format import priority_name
from bot.questions.engine import Engine
from bot.render.answer import Answer, Item, Section, mention
from bot.render.blocks import render_blocks
from bot.render.i18n import Catalog

pytest.register_assert_rewrite("tests.slack_fixtures")

from tests.slack_fixtures import (  # noqa: E402
    MAX_BLOCKS,
    MAX_MESSAGE_TEXT,
    WAIT,
    Enlace,
    all_text,
    block_texts,
    block_types,
    check_blocks,
    count_rows,
    parsed_texts,
    text_objects,
)

pytest_plugins = ["tests.slack_fixtures"]

PT5 = "¿Quién lidera la prioridad temática 5?"


def header(payload: dict[str, Any]) -> str:
    assert payload["blocks"][0]["type"] == "header", payload["blocks"][0]
    return str(payload["blocks"][0]["text"]["text"])


def context_texts(payload: dict[str, Any]) -> list[str]:
    blocks = [b for b in payload["blocks"] if b["type"] == "context"]
    return [t["text"] for t in text_objects(blocks)]


def buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in payload["blocks"] if b["type"] == "actions" for e in b["elements"]]


# -- answers -----------------------------------------------------------------------------------------


def test_question_is_acked_at_once_then_answered_once_as_ephemeral_block_kit(enlace: Enlace) -> None:
    started = time.monotonic()
    status, body = enlace.red(PT5)
    assert (status, body) == (200, "")
    assert time.monotonic() - started < 3.0
    [answer] = enlace.fake.wait_for("response_url:r1", timeout=WAIT)
    assert answer["response_type"] == "ephemeral"
    types = block_types(answer)
    assert types[0] == "header" and "section" in types and types[-1] == "context"
    assert header(answer) == "¿Quién lidera? Prioridad temática 5"
    [source] = context_texts(answer)
    assert "Plan de trabajo" in source and "prioridad temática 5" in source
    assert "UNODC" in answer["text"] and "OIM" in answer["text"]
    check_blocks(answer["blocks"])
    enlace.answer("PT1", name="r2")  # a later command is answered: by then a second post would show
    assert enlace.fake.calls_to("response_url:r1") == [answer]


def test_answer_has_the_same_facts_as_enlace_ask(enlace: Enlace, ask: Callable[..., str]) -> None:
    answer = enlace.answer(PT5)
    cli = ask(PT5)
    assert answer["text"] == cli  # the plain-text fallback is what `enlace ask` prints
    sections = "\n".join(t["text"] for t in text_objects(answer["blocks"]) if t["type"] == "mrkdwn")
    for fact in ("UNODC, OIM", "Actividad 1", "Actividad 2"):
        assert fact in cli and fact in sections
    overview = enlace.answer("PT5", name="r2")
    assert overview["text"] == ask("PT5")


@pytest.mark.parametrize("text", ["", "ayuda", "  Ayuda  ", "help"])
def test_help_has_buttons_whose_values_are_example_questions(
    enlace: Enlace, catalog: Catalog, text: str
) -> None:
    answer = enlace.answer(text)
    lang = "en" if text == "help" else "es"
    assert header(answer) == catalog.t("help.title", lang)
    examples = catalog.items("help.examples", lang)
    found = buttons(answer)
    assert [b["value"] for b in found] == examples
    assert [b["text"]["text"] for b in found] == examples
    assert all(b["type"] == "button" and b["action_id"].startswith("ask_example_") for b in found)
    assert len({b["action_id"] for b in found}) == len(found)
    check_blocks(answer["blocks"])


def test_clicking_an_example_posts_its_answer_to_the_response_url(enlace: Enlace) -> None:
    help_answer = enlace.answer("ayuda")
    first = buttons(help_answer)[0]
    assert first["value"] == PT5
    status = enlace.click(first["action_id"], first["value"], response_url=enlace.fake.response_url("click"))
    assert status == 200
    [answer] = enlace.fake.wait_for("response_url:click", timeout=WAIT)
    assert answer["response_type"] == "ephemeral"
    assert answer["replace_original"] is False
    assert header(answer) == "¿Quién lidera? Prioridad temática 5"
    assert "UNODC" in answer["text"]
    check_blocks(answer["blocks"])


def test_a_home_tab_button_answers_in_a_dm_with_the_person(enlace: Enlace) -> None:
    view = {"id": "V0HOME1", "type": "home", "blocks": []}
    status = enlace.click("ask_example_2", PT5, response_url=None, view=view, user_id="U0HOME1")
    assert status == 200
    [posted] = enlace.fake.wait_for("chat.postMessage", timeout=WAIT)
    assert posted["channel"] == "U0HOME1"
    assert posted["blocks"][0]["text"]["text"] == "¿Quién lidera? Prioridad temática 5"
    assert "UNODC" in posted["text"]


# -- language ----------------------------------------------------------------------------------------


def test_the_questions_language_wins_over_the_locale(enlace: Enlace) -> None:
    enlace.fake.set_locale("U0EN", "en-US")
    english = enlace.answer("Who leads thematic priority 5?", name="en")  # default locale es-LA
    assert header(english) == "Who leads? Thematic priority 5"
    assert context_texts(english)[0].startswith("Source:")
    spanish = enlace.answer(PT5, name="es", user_id="U0EN")
    assert header(spanish) == "¿Quién lidera? Prioridad temática 5"
    assert context_texts(spanish)[0].startswith("Fuente:")


@pytest.mark.parametrize(
    ("locale", "question", "title"),
    [
        ("en-US", "PT5", "Thematic priority 5"),
        ("en-GB", "OIM", "IOM"),
        ("es-LA", "PT5", "Prioridad temática 5"),
        ("es-ES", "OIM", "OIM"),
        ("pt-BR", "PT5", "Prioridad temática 5"),  # neither language: Spanish
    ],
)
def test_without_a_language_signal_the_slack_locale_decides(
    enlace: Enlace, locale: str, question: str, title: str
) -> None:
    enlace.fake.set_locale("U0LOC", locale)
    answer = enlace.answer(question, user_id="U0LOC")
    assert title in header(answer)
    assert context_texts(answer)[0].startswith("Source:" if locale.startswith("en") else "Fuente:")
    [info] = enlace.fake.calls_to("users.info")
    assert info["user"] == "U0LOC" and info["include_locale"] in ("1", "true")


def test_the_locale_is_looked_up_once_per_person(enlace: Enlace) -> None:
    enlace.fake.set_locale("U0ONE", "en-US")
    for index, question in enumerate(["PT5", "OIM", "PT1"]):
        answer = enlace.answer(question, name=f"a{index}", user_id="U0ONE")
        assert context_texts(answer)[-1].startswith("Source:")
    enlace.answer("PT5", name="b", user_id="U0TWO")
    looked_up = [call["user"] for call in enlace.fake.calls_to("users.info")]
    assert sorted(looked_up) == ["U0ONE", "U0TWO"]


@pytest.mark.usefixtures("quick_backoff")
def test_when_users_info_fails_the_answer_is_spanish(enlace: Enlace) -> None:
    enlace.fake.fail("users.info", 500, times=20)
    answer = enlace.answer("PT5", user_id="U0FAIL")
    assert header(answer) == "Prioridad temática 5"
    assert len(enlace.fake.calls_to("users.info")) >= 2  # retried, then given up on: Spanish


# -- any text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "x" * 20_000,
        "¿Quién\x00 lidera\x01 la\x1b[31m prioridad\x7f temática 5?\u200b\ufeff",
        "'; DROP TABLE processed_events; -- \" OR 1=1",
        "🚀🔥 ¿qué vence 👩🏽‍💻 este trimestre? 🇲🇽",
        "¿Qué vence el 31 de febrero?",
        "\n\t  \r\n",
        "%s %d {0} {question} ${HOME} \\x00",
    ],
    ids=["20000-chars", "control-chars", "sql", "emoji", "31-feb", "blank", "format-strings"],
)
def test_any_text_gets_one_friendly_answer(
    enlace: Enlace, enlace_db: str, catalog: Catalog, question: str
) -> None:
    answer = enlace.answer(question)
    assert answer["response_type"] == "ephemeral"
    check_blocks(answer["blocks"])
    assert header(answer) and answer["text"].strip()
    assert catalog.t("slack.error", "es") not in all_text(answer)
    assert count_rows(enlace_db, "processed_events") == 0  # the table is still there
    assert enlace.fake.calls_to("response_url:r1") == [answer]


def test_a_date_that_does_not_exist_is_named(enlace: Enlace, catalog: Catalog) -> None:
    answer = enlace.answer("¿Qué vence el 31 de febrero?")
    assert header(answer) == catalog.t("invalid_date.title", "es")
    assert "31 de febrero" in answer["text"]


# -- escaping ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["<!channel>", "¿Qué significa <@U123>?", "<!here> & <!everyone> <#C123|general> <https://x.y|z>"],
)
def test_peoples_text_never_pings(enlace: Enlace, question: str) -> None:
    answer = enlace.answer(question)
    for text in parsed_texts(answer):
        assert "<!" not in text and "<@" not in text and "<#" not in text and "<http" not in text


def test_an_echoed_group_name_is_escaped_where_the_command_was_typed(enlace: Enlace) -> None:
    """`/red actualizar <text>` answers an unknown group with what was typed, escaped, on the response_url."""
    answer = enlace.answer("actualizar <!channel> & <@U123>")
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt;" in answer["text"]
    assert "<!channel>" not in answer["text"] and "<@U123>" not in answer["text"]
    assert answer["response_type"] == "ephemeral"
    assert enlace.fake.calls_to("chat.postMessage") == []


def test_the_absence_usage_text_is_escaped(enlace: Enlace) -> None:
    answer = enlace.answer("ausente")
    assert "<fecha>" not in answer["text"]


# -- Slack's limits ----------------------------------------------------------------------------------


def test_every_answer_fits_slacks_limits(enlace: Enlace, loaded_engine: Engine, catalog: Catalog) -> None:
    priorities = loaded_engine.snapshot().knowledge.priorities
    questions = [f"¿Qué es la {priority_name(catalog, p, 'es')}?" for p in priorities]
    questions += [f"Who leads {priority_name(catalog, p, 'en')}?" for p in priorities]
    questions += [
        "¿Qué vence en 2021?", "What is due in 2021?", "¿Qué vence en 2022?", "¿Qué está atrasado?",
        "ayuda", "help", "¿Qué prioridades hay?", "¿Qué lidera la OIM?", "¿En qué participa la OIM?",
        "¿Qué prioridades abordan el objetivo 20?", "esferas temáticas", "objetivos del pacto mundial",
        "¿Cuándo es la próxima reunión trimestral?", "¿Qué es la Red?", "migrantes", "comunicaciones",
    ]  # fmt: skip
    for index, question in enumerate(questions):
        assert enlace.red(question, name=f"q{index}") == (200, "")
    for index, question in enumerate(questions):
        [answer] = enlace.fake.wait_for(f"response_url:q{index}", timeout=WAIT)
        assert answer["blocks"][0]["type"] == "header", question
        check_blocks(answer["blocks"])


def _huge_answer(lang: str, headings: bool) -> tuple[Answer, int]:
    sections = tuple(
        Section(
            heading=f"Sección {s} " * 3 if headings else None,
            items=tuple(
                Item(f"elemento {s}.{i} " + "x" * 60, ("detalle",)) for i in range(3 if s < 40 else 2)
            ),
        )
        for s in range(80)
    )  # 80 sections, 200 items
    fields = Section(heading="Campos", fields=tuple((f"campo {n}", "v" * 2500) for n in range(25)))
    title = "Un título muy largo " * 20
    answer = Answer(lang, title, (fields, *sections), source="Plan <&>", examples=("¿A?", "¿B?"))
    return answer, sum(len(s.items) for s in sections)


@pytest.mark.parametrize(("lang", "more"), [("es", "y {n} más"), ("en", "and {n} more")])
def test_a_huge_answer_is_cut_well_under_slacks_limits_saying_how_much_is_left(
    catalog: Catalog, lang: str, more: str
) -> None:
    answer, total = _huge_answer(lang, headings=False)
    blocks = render_blocks(answer, catalog)
    check_blocks(blocks)
    assert len(blocks) <= MAX_BLOCKS
    assert sum(len(t) for t in block_texts(blocks)) <= MAX_MESSAGE_TEXT
    assert [b["type"] for b in blocks[-3:]] == ["section", "actions", "context"]  # examples and source kept
    cut = [b for b in blocks if b["type"] == "context" and ("más" in str(b) or "more" in str(b))]
    assert len(cut) == 1
    shown = sum(t["text"].count("• ") for t in text_objects(blocks))
    left = total - shown
    assert shown > 0 and more.format(n=left) in cut[0]["elements"][0]["text"]


def test_the_count_of_what_is_left_is_exact_when_sections_have_headings(catalog: Catalog) -> None:
    answer, total = _huge_answer("es", headings=True)
    blocks = render_blocks(answer, catalog)
    check_blocks(blocks)
    shown = sum(t["text"].count("• ") for t in text_objects(blocks))
    cut = [b for b in blocks if b["type"] == "context" and "más" in str(b)]
    assert f"y {total - shown} más" in cut[0]["elements"][0]["text"]


@pytest.mark.parametrize("bullets", [10, 40, 80, 160])
def test_a_cut_never_splits_a_mention_or_an_escape(catalog: Catalog, bullets: int) -> None:
    items = tuple(
        Item(f"persona {n}: {mention(f'U{n:08d}')} & <{n}>" + " x" * (n % 97)) for n in range(bullets)
    )
    answer = Answer(
        "es",
        "Personas",
        (Section(items=items, fields=(("Quiénes", "; ".join(mention(f"U{n:08d}") for n in range(300))),)),),
    )
    blocks = render_blocks(answer, catalog)
    check_blocks(blocks)
    for text in block_texts(blocks):
        assert re.fullmatch(r"(?:[^<&]|<@U\d{8}>|&amp;|&lt;|&gt;)*", text, re.S), text[-80:]


def test_a_huge_answer_over_http_is_accepted_within_limits(
    enlace: Enlace, monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    from bot.questions.engine import Engine as RealEngine

    huge, _ = _huge_answer("es", headings=True)
    monkeypatch.setattr(RealEngine, "ask", lambda self, question, lang=None, on=None, viewer=None: huge)
    answer = enlace.answer("todo")
    check_blocks(answer["blocks"])
    assert len(answer["text"]) <= 3000 and answer["text"].endswith("…")
    assert "Plan &lt;&amp;&gt;" in context_texts(answer)[-1]


def test_a_footer_under_a_huge_answer_stays_within_the_limits(catalog: Catalog) -> None:
    """A private answer in a channel gets "only you see this" under it: counted in, not added past, the limits."""
    many = tuple(Section(heading=f"Grupo {n}", items=(Item(f"actividad {n}"),)) for n in range(80))
    answer = Answer("es", "Muchas secciones cortas", many, source="Informes")
    assert len(render_blocks(answer, catalog)) == MAX_BLOCKS  # the block count is what binds here
    blocks = render_blocks(answer, catalog, footer="Solo tú ves esta respuesta <y nadie más>.")
    check_blocks(blocks)
    assert blocks[-1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "Solo tú ves esta respuesta &lt;y nadie más&gt;."}],
    }
    assert len(blocks) <= MAX_BLOCKS
