"""How the clock's deliveries reach Slack: a DM to a person, or a post in a group's channel."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient


class SlackSender:
    def __init__(self, client: WebClient) -> None:
        self.client = client

    def send(self, recipient: str, blocks: list[dict[str, Any]], text: str) -> None:
        # chat.postMessage to a user id lands in the app's DM with that person.
        self.client.chat_postMessage(channel=recipient, blocks=blocks, text=text)
