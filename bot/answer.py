"""The neutral answer: one object, rendered to plain text for the terminal and to Block Kit for Slack.

Texts here are plain (never mrkdwn); each renderer escapes them for its medium.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class Answer:
    lang: str
    title: str
    sections: tuple[Section, ...] = ()
    source: str | None = None
    examples: tuple[str, ...] = field(default=())
    understood: bool = True
    kind: str = "answer"
