"""The terminal backend: type what you would type after /red. Works interactively and with piped input."""

from __future__ import annotations

from typing import TextIO

from bot.chat.conversation import Conversation
from bot.render.i18n import Catalog
from bot.render.plain import render_text

QUIT = {"salir", "exit", "quit", ":q"}


def run_console(conversation: Conversation, catalog: Catalog, stdin: TextIO, stdout: TextIO) -> int:
    interactive = stdin.isatty()
    if interactive:
        stdout.write(catalog.t("console.welcome", "es") + "\n")
    while True:
        if interactive:
            stdout.write("/red ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        question = line.strip()
        if question.lower() in QUIT:
            break
        if not question and not interactive:
            continue
        said = conversation.respond(question, None, "console")
        stdout.write((render_text(said.answer, catalog) if said.answer else f"{said.text}\n") + "\n")
        stdout.flush()
    return 0
