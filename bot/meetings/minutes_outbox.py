"""The minutes' deliveries, as the outbox sees them: kind "minutes", one row per channel keyed
`minutes:<minutes id>:<channel>`, written when the minutes are saved (bot/meetings/minutes.py), so there is
nothing to plan on a tick; composed when sent, in the language of the channel (the Network's default)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.meetings.minutes import KIND, minutes_answer
from bot.outbox.kinds import DeliveryKinds
from bot.outbox.message import Message, Verdict
from bot.outbox.run import TickReport
from bot.render.blocks import fallback_text, render_blocks
from bot.render.i18n import Catalog
from storage import meetings as store
from storage.models import Delivery


def _plan(session: Session, now: dt.datetime, report: TickReport) -> None:
    """Nothing: the rows are written with the minutes."""


def minutes_kinds(catalog: Catalog, language: Callable[[str], str]) -> DeliveryKinds:
    def compose(
        session: Session, row: Delivery, at: dt.datetime, now: dt.datetime, manual: bool
    ) -> Message | Verdict:
        minutes = store.minutes_by_id(session, int(row.period_key)) if row.period_key.isdigit() else None
        if minutes is None:
            return Verdict("skipped", "no_period")
        answer = minutes_answer(catalog, session, minutes, language(row.recipient))
        return Message(render_blocks(answer, catalog), fallback_text(answer, catalog))

    return DeliveryKinds(frozenset({KIND}), _plan, compose)
