"""Who a person is, as Slack says: their locale, their name, and whether they are a guest or an external
(Slack Connect) user, which keeps status reports private to their own group (bot.reporting.access)."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.chat.people import Profile


class SlackProfiles:
    """A person's profile from users.info: locale, name, and whether they are a guest or an external
    (Slack Connect) user, which makes status reports private to their own group."""

    def __init__(self, client: WebClient) -> None:
        self.client = client
        self._team: str | None = None

    def team(self) -> str | None:
        if self._team is None:
            try:
                self._team = str(self.client.auth_test().get("team_id") or "")
            except Exception:
                return None
        return self._team or None

    def fetch(self, user: str) -> Profile | None:
        try:
            response: Any = self.client.users_info(user=user, include_locale=True)
        except Exception:
            return None  # unknown: the question's language or Spanish, and reports stay private
        data = response.get("user") or {}
        profile = data.get("profile") or {}
        team = self.team()
        restricted = bool(
            data.get("is_restricted")
            or data.get("is_ultra_restricted")
            or data.get("is_stranger")
            or team is None
            or (data.get("team_id") and data.get("team_id") != team)
        )
        name = profile.get("real_name") or profile.get("display_name") or data.get("real_name") or None
        return Profile(data.get("locale"), name, restricted, data.get("tz") or None)
