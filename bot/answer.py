"""The neutral answer: one object, rendered to plain text for the terminal and to Block Kit for Slack.

Texts here are plain (never mrkdwn); each renderer escapes them for its medium.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A deliberate mention of a Slack user inside answer text. Renderers turn it into <@U…> (Block Kit) or @U…
# (plain text) after escaping, so only the bot can mention anyone: people's text never holds NUL characters.
_MENTION = re.compile("\x00@([UW][A-Z0-9]{2,30})\x00")


def mention(user_id: str) -> str:
    return f"\x00@{user_id}\x00"


def resolve_mentions(text: str, template: str) -> str:
    return _MENTION.sub(lambda m: template.format(user=m.group(1)), text)


@dataclass(frozen=True)
class Item:
    """A bullet: a main text and optional detail lines beneath it."""

    text: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    heading: str | None = None
    text: str | None = None
    items: tuple[Item, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    note: str | None = None  # shown after the items ("… and 8 more")


@dataclass(frozen=True)
class Answer:
    lang: str
    title: str
    sections: tuple[Section, ...] = ()
    source: str | None = None
    examples: tuple[str, ...] = field(default=())
    understood: bool = True
    kind: str = "answer"
