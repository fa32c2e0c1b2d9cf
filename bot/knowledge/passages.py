"""Every sentence of the two documents, with its section, in Spanish and in English: config/passages.yaml,
stored as the network setting "passages" and ranked by bot/questions/retrieval.py.

Besides the file, the knowledge already in the database counts as passages too (the ToR texts, the
priorities' titles and the activities), so retrieval works with or without the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config_schema import Node, read_yaml
from bot.knowledge.snapshot import Knowledge

SOURCES = ("tor", "workplan")
# The ToR's own headings, for the texts the database keeps by topic (network_texts.section's first part).
TOR_HEADINGS = {
    "context": ("1. Contexto", "1. Context"),
    "established": ("1. Contexto", "1. Context"),
    "principle": ("2. Principios de trabajo", "2. Working principles"),
    "objective": ("3. Objetivos de la Red en México", "3. Objectives of the Network in Mexico"),
}
MEMBERSHIP = ("4. Membresía y estructura", "4. Membership and structure")


@dataclass(frozen=True)
class Passage:
    id: str
    source: str  # tor | workplan
    section_es: str
    section_en: str
    es: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.es

    def section(self, lang: str) -> str:
        return self.section_en if lang == "en" else self.section_es


def read_passages(path: Path) -> dict[str, Any]:
    """The network setting "passages" from config/passages.yaml; a bad entry raises ConfigError."""
    root = Node.of(path, "(file)", read_yaml(path))
    found: list[dict[str, str]] = []
    ids: set[str] = set()
    for index, item in enumerate(root.items("passages"), start=1):
        name = f"passages #{index}" + (f" ({item['id']})" if isinstance(item, dict) and "id" in item else "")
        node = Node.of(path, name, item)
        section = Node.of(path, f"{name} > section", node.data.get("section") or {})
        entry = {
            "id": node.text("id"), "source": node.one_of("source", SOURCES), "es": node.text("es"),
            "en": node.text("en"), "section_es": section.text("es"), "section_en": section.text("en"),
        }  # fmt: skip
        if entry["id"] in ids:
            raise node.error(f"id {entry['id']!r} is used twice")
        ids.add(entry["id"])
        found.append(entry)
    return {"passages": found}


class PassagesSection:
    """bot.knowledge.loader.Section for config/passages.yaml: stores the network setting "passages"."""

    name = "passages"

    def __init__(self, passages: dict[str, Any]) -> None:
        self.passages = passages

    def settings(self) -> dict[str, Any]:
        return self.passages

    def sync(self, session: Any, sync: Any) -> None:
        return None

    def warnings(self) -> list[str]:
        return []


def all_passages(k: Knowledge) -> list[Passage]:
    """The file's passages, then the database's own texts: the ToR sections, priorities and activities."""
    stored = (k.settings.get("passages") or {}).get("passages") or []
    found = [Passage(**entry) for entry in stored]
    for section, texts in k.texts.items():
        heading_es, heading_en = TOR_HEADINGS.get(section.split(".")[0], MEMBERSHIP)
        for n, text in enumerate(texts, start=1):
            found.append(Passage(f"text-{section}-{n}", "tor", heading_es, heading_en, text.es, text.en))
    for p in k.priorities:
        found.append(Passage(f"priority-{p.key}", "workplan", p.title_es, p.title_en, p.title_es, p.title_en))
        for a in p.activities:
            found.append(Passage(f"activity-{p.key}-{a.number}", "workplan", p.title_es, p.title_en, a.text_es,
                                 a.text_en))  # fmt: skip
    return found
