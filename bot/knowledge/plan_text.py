"""A work plan's text outside its priorities: its introduction and overview, and the working groups it
names only in passing (an existing group with no section of its own, a former one, one being reformed).

Read from the work plan's `passages:`; each text is the seed's own wording (es) and its translation (en).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.config_schema import Node

# introduction .. thematic_priorities: the plan's own paragraphs, in the order it gives them;
# group_*: a working group named in passing, by what the plan says of it.
PASSAGE_KINDS = (
    "introduction", "overview", "core_priorities", "core_component", "thematic_priorities",
    "group_existing", "group_former", "group_reforming",
)  # fmt: skip
# The answers that quote a passage besides its own (bot/questions/answers/plan_text.py).
TOPICS = ("plan", "components", "secretariat", "areas")
GROUP_KINDS = tuple(k for k in PASSAGE_KINDS if k.startswith("group_"))
_KEY = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")


@dataclass(frozen=True)
class PassageInfo:
    """A paragraph of the plan that is not a priority: as read from config and as the snapshot keeps it."""

    key: str
    kind: str
    name_es: str | None
    name_en: str | None
    text_es: str
    text_en: str
    aliases: tuple[str, ...]
    related: str | None
    topics: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        return (self.name_en if lang == "en" else self.name_es) or ""

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" else self.text_es


def read_plan_passages(root: Node, priority_keys: set[str]) -> tuple[PassageInfo, ...]:
    passages = []
    for index, item in enumerate(root.items("passages", required=False), start=1):
        node = Node.of(root.file, f"passages #{index}", item)
        key = node.text("key")
        node.entry = f"passage '{key}'"
        if not _KEY.match(key):
            raise node.error("'key' must be lowercase letters, digits, dots and dashes")
        kind = node.one_of("kind", PASSAGE_KINDS)
        name_es, name_en = node.optional_bilingual("name")
        if kind in GROUP_KINDS and name_es is None:
            raise node.error("'name' is missing (a working group is named)")
        related = node.optional_text("related")
        if related is not None and related not in priority_keys:
            raise node.error(f"'related' names unknown priority '{related}'")
        aliases = tuple(str(a).strip() for a in node.items("aliases", required=False))
        topics = tuple(str(t).strip() for t in node.items("topics", required=False))
        for topic in topics:
            if topic not in TOPICS:
                raise node.error(f"'topics' must be among {', '.join(TOPICS)}, found {topic!r}")
        text_es, text_en = node.bilingual("text")
        passages.append(PassageInfo(key, kind, name_es, name_en, text_es, text_en, aliases, related, topics))
    keys = [p.key for p in passages]
    if len(keys) != len(set(keys)):
        raise root.error("two passages share a key")
    return tuple(passages)
