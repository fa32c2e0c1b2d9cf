"""The words that name a command rather than ask a question, in Spanish and English: "actualizar retorno",
"estado bloqueado", "exportar estado 2021-06", "ausente hasta el 15 de julio".

The same words start questions too ("¿Estado de la prioridad 3?", "Report of the Secretary-General"), so a
text with a question mark is always a question, and "report" (English for a document as much as for
reporting) is not a command word.
"""

from __future__ import annotations

from bot.text import fold

SUBCOMMANDS = {
    "actualizar": "update", "informar": "update", "reportar": "update", "update": "update",
    "estado": "status", "status": "status",
    "exportar": "export", "export": "export",
    "ausente": "away", "away": "away", "vacaciones": "away",
    "reunion": "meeting", "meeting": "meeting",
    "reuniones": "meetings", "meetings": "meetings",
    "agenda": "agenda",
    "minuta": "minutes", "minutes": "minutes", "acta": "minutes",
    "minutas": "minutes_list", "actas": "minutes_list",
    "resumen": "digest", "digest": "digest",
}  # fmt: skip
# Handled by the meetings capability (bot.meetings.service).
MEETING_COMMANDS = frozenset({"meeting", "meetings", "agenda", "minutes", "minutes_list"})


def split_subcommand(text: str) -> tuple[str | None, str]:
    """("update", "retorno") for "actualizar retorno"; (None, text) for a question."""
    if "?" in text or "¿" in text:
        return None, text
    first, _, rest = text.strip().partition(" ")
    name = SUBCOMMANDS.get(fold(first).strip(".,:;!¡"))
    return (name, rest.strip()) if name else (None, text)
