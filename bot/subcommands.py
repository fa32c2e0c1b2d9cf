"""`/red <subcommand> ...`: the words that name an action rather than a question, in Spanish and English."""

from __future__ import annotations

from bot.text import fold

SUBCOMMANDS = {
    "actualizar": "update", "informar": "update", "reportar": "update", "update": "update", "report": "update",
    "estado": "status", "status": "status",
    "exportar": "export", "export": "export",
    "ausente": "away", "away": "away", "vacaciones": "away",
}  # fmt: skip


def split_subcommand(text: str) -> tuple[str | None, str]:
    """("update", "retorno") for "actualizar retorno"; (None, text) for a question."""
    first, _, rest = text.strip().partition(" ")
    name = SUBCOMMANDS.get(fold(first))
    return (name, rest.strip()) if name else (None, text)
