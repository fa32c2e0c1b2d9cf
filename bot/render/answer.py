"""The neutral answer: one object, rendered to plain text for the terminal and to Block Kit for Slack.

Texts here are plain (never mrkdwn); each renderer escapes them for its medium.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# A deliberate mention of a Slack user inside answer text. Renderers turn it into <@U…> (Block Kit) or @U…
# (plain text) after escaping, so only the bot can mention anyone: people's text never holds NUL characters.
_MENTION = re.compile("\x00@([UW][A-Z0-9]{2,30})\x00")


# An instant shown to people: Slack renders it in each reader's own time zone; plain text shows the fallback.
_MOMENT = re.compile("\x00!(\\d+)\\^([^\x00^]*)\\^([^\x00]*)\x00")
DATE_AND_TIME = "{date_long_pretty}, {time}"


def mention(user_id: str) -> str:
    return f"\x00@{user_id}\x00"


def moment(instant: dt.datetime, fallback: str, style: str = DATE_AND_TIME) -> str:
    """An instant for Slack's date token (`<!date^EPOCH^{date_long_pretty}, {time}|fallback>`); the fallback,
    written by the caller in the reader's language, names the Network's zone in words."""
    fallback = fallback.replace("\x00", "").replace("|", "/").replace(">", "").replace("<", "")
    return f"\x00!{int(instant.timestamp())}^{style}^{fallback}\x00"


def resolve_mentions(text: str, template: str) -> str:
    """Mentions as `template` ("<@{user}>" or "@{user}"); moments as Slack date tokens when the template is
    Slack's, else as their fallback text."""
    text = _MENTION.sub(lambda m: template.format(user=m.group(1)), text)
    if template.startswith("<"):
        return _MOMENT.sub(lambda m: f"<!date^{m.group(1)}^{m.group(2)}|{m.group(3)}>", text)
    return plain_moments(text)


def plain_moments(text: str) -> str:
    """Moments as their fallback text (plain_text fields, the terminal, notifications)."""
    return _MOMENT.sub(lambda m: m.group(3), text)


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


def capped(heading: str, items: Sequence[Item], limit: int, more: Callable[[int], str]) -> Section:
    """A list of at most `limit` items; the rest counted by `more(count)` ("… y 3 más: `/red estado`")."""
    rest = len(items) - limit
    return Section(heading=heading, items=tuple(items[:limit]), note=more(rest) if rest > 0 else None)


# Dead ends: answers that found nothing to say, so they offer `examples` which do find something.
NOT_UNDERSTOOD = "not_understood"
INVALID_DATE = "invalid_date"
NOT_FOUND = "not_found"  # no such activity, objective or area
NOTHING_FOUND = "nothing_found"  # nothing due or overdue, no role for the agency
DEAD_ENDS = frozenset({NOT_UNDERSTOOD, INVALID_DATE, NOT_FOUND, NOTHING_FOUND})


@dataclass(frozen=True)
class Answer:
    lang: str
    title: str
    sections: tuple[Section, ...] = ()
    source: str | None = None
    examples: tuple[str, ...] = field(default=())
    understood: bool = True
    kind: str = "answer"  # "answer", "help", or one of DEAD_ENDS
    more_hint: str | None = None  # where to see what a cut left out ("/red estado retorno")
    # The question's intents this answer rests on, when one word chose it (a ToR topic, the next meeting):
    # bot/questions/retrieval.py weighs those words against the passages.
    basis: tuple[str, ...] = ()
