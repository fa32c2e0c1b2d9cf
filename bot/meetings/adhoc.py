"""Ad hoc meetings from Slack: `/red reunión <cuándo> <tema>` opens a modal with what it understood, saving it
posts the meeting in its channel; the message's buttons (and `/red reuniones`) move or cancel it, for whoever
scheduled it and the secretariat admins (the calendar's own meetings: the admins only).

Nothing here talks to Slack: each step says what to open, post, update or tell, and handlers/meetings.py
does it."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session, sessionmaker

from bot.meetings import modal
from bot.meetings.settings import MeetingSettings
from bot.meetings.when import IMPOSSIBLE, MISSING, PAST, past_problem, understand
from bot.render.answer import mention
from bot.render.blocks import cut, escape
from bot.render.i18n import Catalog
from bot.time.clock import NETWORK_TIMEZONE, Clock, network_zone, utc
from storage import meetings as store
from storage import reporting as reporting_store
from storage.models import Meeting

OPEN_ACTION = "meeting_open"  # "Programar reunión", where no modal can open at once (a DM, a mention)
MOVE_ACTION = "meeting_move"
CANCEL_ACTION = "meeting_cancel"
FROM_LIST = "l:"  # a button value from `/red reuniones` (an ephemeral message: not the meeting's own)
EVENT_TYPE = "enlace_meeting"  # message metadata of a meeting's post, so it can be found to update it
LIST_SHOWN = 20
CHANNEL_LANGUAGE = "es"  # a meeting's message speaks to a whole channel: the Network's working language
Block = dict[str, Any]


@dataclass(frozen=True)
class Post:
    """A meeting's message: posted in `channel` (a new meeting) or updated there (`ts`, when known; else
    looked for by its metadata)."""

    channel: str
    uid: str
    text: str
    blocks: list[Block]
    ts: str | None = None

    @property
    def metadata(self) -> dict[str, Any]:
        return {"event_type": EVENT_TYPE, "event_payload": {"uid": self.uid}}


@dataclass(frozen=True)
class Outcome:
    errors: dict[str, str] | None = None  # a modal's answer: what to fix, by block
    view: dict[str, Any] | None = None  # a modal to open
    post: Post | None = None  # a new meeting's message
    update: Post | None = None  # a meeting's message, changed
    tell: str | None = None  # what the person is told, privately: mrkdwn, already escaped


_CHANNEL = "\x01channel\x01"


def told(text: str, channel: str | None = None) -> str:
    """A message for the person as escaped mrkdwn, with `channel` as a real channel link."""
    return escape(text).replace(_CHANNEL, f"<#{channel}>" if channel else "")


@dataclass
class AdHoc:
    session_factory: sessionmaker[Session]
    catalog: Catalog
    clock: Clock
    language: Callable[[str], str]
    timezone_of: Callable[[str], str | None]

    # -- the person's zone ---------------------------------------------------------------------------

    def zone_of(self, user: str) -> str:
        """The person's Slack time zone, else the Network's."""
        name = None
        try:
            name = self.timezone_of(user)
            if name:
                ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, TypeError, Exception):
            name = None
        return name or NETWORK_TIMEZONE.key

    # -- /red reunión ----------------------------------------------------------------------------------

    def new_view(self, rest: str, user: str, lang: str, channel: str | None) -> dict[str, Any]:
        """The modal, filled in with what `rest` says, explaining what is wrong with its date if anything."""
        zone = self.zone_of(user)
        now = self.clock.now().astimezone(ZoneInfo(zone))
        where = channel if channel and channel[:1] in ("C", "G") else None
        if where is None:
            with self.session_factory() as session:
                where = MeetingSettings.of(session).network_channel
        rest = " ".join(rest.split())
        if not rest:
            return modal.new_meeting_view(self.catalog, lang, modal.Prefill(channel=where), zone)
        found = understand(rest, now)
        keys = {
            PAST: "adhoc.problem_past",
            IMPOSSIBLE: "adhoc.problem_impossible",
            MISSING: "adhoc.problem_missing",
        }
        quoted = rest if found.problem is None else found.phrase or rest  # what is wrong: the date as typed
        note = self.catalog.t(keys.get(found.problem or "", "adhoc.understood"), lang, text=quoted[:300])
        ok = found.problem is None
        fill = modal.Prefill(
            title=found.topic,
            date=found.date if ok else None,
            time=found.time if found.problem != PAST else None,
            channel=where,
            note=note,
        )
        return modal.new_meeting_view(self.catalog, lang, fill, zone)

    def prompt(self, rest: str, lang: str, channel: str | None) -> tuple[str, list[Block]]:
        """Where Slack gives no trigger to open a modal: a button that opens it."""
        value = json.dumps({"t": rest[:1500], "c": channel or ""}, ensure_ascii=False, separators=(",", ":"))
        button = {"type": "button", "action_id": OPEN_ACTION, "value": value, "style": "primary",
                  "text": {"type": "plain_text", "text": self.catalog.t("adhoc.prompt_button", lang)}}  # fmt: skip
        return self.catalog.t("adhoc.prompt", lang), [{"type": "actions", "elements": [button]}]

    def view_from_button(self, user: str, value: str, channel: str | None) -> dict[str, Any]:
        try:
            data = json.loads(value)
        except ValueError:
            data = {}
        data = data if isinstance(data, dict) else {}
        lang = self.language(user)
        return self.new_view(str(data.get("t") or ""), user, lang, str(data.get("c") or "") or channel)

    def submit_new(self, user: str, view: dict[str, Any]) -> Outcome:
        """A new meeting's modal, submitted: checked again, saved, and its message to post."""
        lang = self.language(user)
        zone = self._zone(modal.metadata_of(view), user)
        given = modal.submitted(((view.get("state") or {}).get("values")) or {})
        errors = self._when_errors(given.date, given.time, zone, lang)
        if not given.title:
            errors[modal.TITLE] = self.catalog.t("adhoc.error_title", lang)
        if not given.channel:
            errors[modal.CHANNEL] = self.catalog.t("adhoc.error_channel", lang)
        if errors:
            return Outcome(errors=errors)
        assert given.date is not None and given.time is not None and given.channel is not None
        start = dt.datetime.combine(given.date, given.time, tzinfo=ZoneInfo(zone))
        now = self.clock.now()
        with self.session_factory() as session:
            row = store.add_meeting(
                session,
                Meeting(
                    uid="adhoc-" + secrets.token_hex(8), series=None, kind="ad_hoc", title_es=given.title,
                    title_en=given.title, starts_at=start.astimezone(dt.UTC), duration_minutes=60,
                    channel=given.channel, place=given.place, status="scheduled", sequence=0, created_by=user,
                    touched_by=None, created_at=now.astimezone(dt.UTC), updated_at=now.astimezone(dt.UTC),
                ),
            )  # fmt: skip
            post = self.message(session, row)
            tell = told(self.catalog.t("adhoc.saved", lang, title=given.title, channel=_CHANNEL,
                                       when=self._moment(session, row, lang)), given.channel)  # fmt: skip
            session.commit()
        return Outcome(post=post, tell=tell)

    def not_updated(self, user: str, uid: str, code: str) -> str:
        """Told after the change itself when the meeting's message in its channel could not be edited."""
        lang = self.language(user)
        with self.session_factory() as session:
            row = store.meeting(session, uid)
            channel = row.channel if row is not None else ""
        return told(self.catalog.t("adhoc.not_updated", lang, channel=_CHANNEL, code=code), channel)

    def not_posted(self, user: str, uid: str, code: str) -> str:
        """What the person is told when the meeting is saved but its message could not be posted."""
        lang = self.language(user)
        with self.session_factory() as session:
            row = store.meeting(session, uid)
            if row is None:
                return escape(code)
            text = self.catalog.t("adhoc.not_posted", lang, title=row.title(lang), channel=_CHANNEL, code=code,
                                  when=self._moment(session, row, lang))  # fmt: skip
            return told(text, row.channel)

    # -- moving and cancelling ---------------------------------------------------------------------------

    def press(self, action: str, user: str, value: str, message: tuple[str, str] | None) -> Outcome:
        """Mover or Cancelar, from the meeting's message (`message`: its channel and ts) or from the list."""
        uid = value.removeprefix(FROM_LIST)
        if value.startswith(FROM_LIST):
            message = None
        lang = self.language(user)
        now = self.clock.now()
        with self.session_factory() as session:
            row = store.meeting(session, uid)
            refusal = self._refusal(session, row, user, lang, now)
            if refusal is not None or row is None:
                return Outcome(tell=refusal)
            if action == MOVE_ACTION:
                zone = self.zone_of(user)
                local = utc(row.starts_at).astimezone(ZoneInfo(zone))
                note = self.catalog.t("adhoc.moving", lang, when=self._plain_moment(session, row, lang))
                return Outcome(view=modal.move_view(self.catalog, lang, uid, local, note, zone, message))
            when = self._moment(session, row, lang)
            store.cancel(session, row, user, now)
            update = self._update(session, row, message)
            tell = told(self.catalog.t("adhoc.cancelled", lang, title=row.title(lang), when=when))
            session.commit()
        return Outcome(update=update, tell=tell)

    def submit_move(self, user: str, view: dict[str, Any]) -> Outcome:
        lang = self.language(user)
        data = modal.metadata_of(view)
        zone = self._zone(data, user)
        given = modal.submitted(((view.get("state") or {}).get("values")) or {})
        errors = self._when_errors(given.date, given.time, zone, lang)
        if errors:
            return Outcome(errors=errors)
        assert given.date is not None and given.time is not None
        start = dt.datetime.combine(given.date, given.time, tzinfo=ZoneInfo(zone))
        now = self.clock.now()
        message = (str(data["ch"]), str(data["ts"])) if data.get("ch") and data.get("ts") else None
        with self.session_factory() as session:
            row = store.meeting(session, str(data.get("m") or ""))
            refusal = self._refusal(session, row, user, lang, now)
            if refusal is not None or row is None:
                return Outcome(tell=refusal)
            if utc(row.starts_at) != start.astimezone(dt.UTC):
                store.move(session, row, start, by=user, now=now)
            update = self._update(session, row, message)
            tell = told(
                self.catalog.t(
                    "adhoc.moved", lang, title=row.title(lang), when=self._moment(session, row, lang)
                )
            )
            session.commit()
        return Outcome(update=update, tell=tell)

    def may_change(self, session: Session, row: Meeting, user: str) -> bool:
        """Whoever scheduled it and the secretariat admins; the calendar's own meetings: the admins only."""
        if user in reporting_store.secretariat(session)[0]:
            return True
        return row.series is None and bool(row.created_by) and row.created_by == user

    def _refusal(
        self, session: Session, row: Meeting | None, user: str, lang: str, now: dt.datetime
    ) -> str | None:
        if row is None or row.status != "scheduled" or utc(row.starts_at) < now:
            return told(self.catalog.t("adhoc.gone", lang))
        if not self.may_change(session, row, user):
            key = "adhoc.not_allowed" if row.series is None else "adhoc.not_allowed_generated"
            return told(self.catalog.t(key, lang))
        return None

    def _update(self, session: Session, row: Meeting, message: tuple[str, str] | None) -> Post:
        post = self.message(session, row)
        if message is None:
            return post
        return Post(message[0], post.uid, post.text, post.blocks, ts=message[1])

    def _when_errors(
        self, date: dt.date | None, time: dt.time | None, zone: str, lang: str
    ) -> dict[str, str]:
        errors: dict[str, str] = {}
        if date is None:
            errors[modal.DATE] = self.catalog.t("adhoc.error_date", lang)
        if time is None:
            errors[modal.TIME] = self.catalog.t("adhoc.error_time", lang)
        if not errors and past_problem(date, time, self.clock.now().astimezone(ZoneInfo(zone))) == PAST:
            errors[modal.TIME] = errors[modal.DATE] = self.catalog.t("adhoc.error_past", lang)
        return errors

    def _zone(self, data: dict[str, Any], user: str) -> str:
        """The zone the modal showed its time in (kept in its metadata), else the person's."""
        name = str(data.get("z") or "")
        try:
            return ZoneInfo(name).key if name else self.zone_of(user)
        except (ZoneInfoNotFoundError, ValueError):
            return self.zone_of(user)

    # -- what is shown ------------------------------------------------------------------------------------

    def _moment(self, session: Session, row: Meeting, lang: str) -> str:
        return self.catalog.moment(utc(row.starts_at), lang, network_zone(session))

    def _plain_moment(self, session: Session, row: Meeting, lang: str) -> str:
        """The start as words in the Network's zone (a modal shows no date tokens)."""
        zone = network_zone(session)
        local = utc(row.starts_at).astimezone(zone)
        return self.catalog.t(
            "dates.moment", lang, weekday=self.catalog.weekday(local.date(), lang),
            date=self.catalog.date(local.date(), lang), time=f"{local:%H:%M}", zone=self.catalog.t("dates.zone_name", lang),
        )  # fmt: skip

    def buttons(self, row: Meeting, lang: str, prefix: str = "") -> Block:
        c = self.catalog
        title = cut(row.title(lang), 200)
        confirm = {
            "title": {"type": "plain_text", "text": cut(c.t("adhoc.cancel_confirm_title", lang), 100)},
            "text": {
                "type": "plain_text",
                "text": cut(c.t("adhoc.cancel_confirm_text", lang, title=title), 300),
            },
            "confirm": {"type": "plain_text", "text": cut(c.t("adhoc.cancel_confirm_yes", lang), 30)},
            "deny": {"type": "plain_text", "text": cut(c.t("adhoc.cancel_confirm_no", lang), 30)},
            "style": "danger",
        }
        return {
            "type": "actions",
            "block_id": f"meeting:{row.uid}"[:255],
            "elements": [
                {"type": "button", "action_id": MOVE_ACTION, "value": prefix + row.uid,
                 "text": {"type": "plain_text", "text": c.t("adhoc.move", lang)}},
                {"type": "button", "action_id": CANCEL_ACTION, "value": prefix + row.uid, "style": "danger",
                 "text": {"type": "plain_text", "text": c.t("adhoc.cancel", lang)}, "confirm": confirm},
            ],
        }  # fmt: skip

    def message(self, session: Session, row: Meeting) -> Post:
        """The meeting's message in its channel, in the Network's language: title, date (a Slack date token,
        so everyone reads it in their own zone), place or link, who scheduled it, and the buttons while it
        is on."""
        lang = CHANNEL_LANGUAGE
        c = self.catalog
        when = self._moment(session, row, lang)
        title = cut(row.title(lang), 300)
        lines = [f"*{escape(title)}*" if row.status == "scheduled" else
                 escape(c.t("adhoc.cancelled_title", lang, title=title)), escape(when)]  # fmt: skip
        if row.place:
            lines.append(escape(cut(row.place, 500)))
        notes = []
        if row.created_by:
            notes.append(c.t("adhoc.scheduled_by", lang, who=mention(row.created_by)))
        if row.status == "cancelled":
            notes.append(c.t("adhoc.cancelled_by", lang, who=mention(row.touched_by or row.created_by or "")))
        elif row.rule_starts_at is not None and row.moved_reason == "moved" and row.touched_by:
            before = c.moment(utc(row.rule_starts_at), lang, network_zone(session))
            notes.append(c.t("adhoc.moved_by", lang, who=mention(row.touched_by), before=before))
        blocks: list[Block] = [
            {"type": "section", "text": {"type": "mrkdwn", "text": cut("\n".join(lines), 3000)}}
        ]
        if notes:
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": cut(escape(" · ".join(notes)), 2000)}]})  # fmt: skip
        if row.status == "scheduled":
            blocks.append(self.buttons(row, lang))
        text = cut(" — ".join(lines[:2]), 3000)
        return Post(row.channel, row.uid, text, blocks)

    # -- /red reuniones -------------------------------------------------------------------------------------
