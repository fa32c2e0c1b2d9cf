"""Which Slack errors retrying cannot fix, and which ones may hide a message that was posted anyway.

The words for each code (why it failed, how to fix it, in es and en) are in config/messages.yaml under
`outbox.why` and `outbox.fix`; tests hold the two in step.
"""

from __future__ import annotations

# Slack refused for a reason that stays true until a person acts: fail at once and tell the admins.
PERMANENT = frozenset({
    "not_in_channel", "channel_not_found", "is_archived", "missing_scope", "invalid_auth",
    "account_inactive", "user_not_found", "cannot_dm_bot", "user_disabled", "team_access_not_granted",
    "restricted_action", "restricted_action_read_only_channel", "token_revoked", "not_authed",
    "ekm_access_denied", "not_allowed_token_type", "messages_tab_disabled", "msg_too_long", "no_text",
    "invalid_blocks", "msg_blocks_too_long",
})  # fmt: skip

# Passing trouble: retried with backoff, a bounded number of times.
TRANSIENT = frozenset({
    "ratelimited", "rate_limited", "internal_error", "fatal_error", "request_timeout", "service_unavailable",
    "timeout", "connection_error", "unexpected_error",
})  # fmt: skip

# Slack may have posted the message although nobody saw it say so: look before sending it again. Every
# passing error but a rate limit, which Slack answers without taking the message.
AMBIGUOUS = TRANSIENT - {"ratelimited", "rate_limited"}


class SendError(Exception):
    """Slack did not confirm a message. `code` is Slack's error ("not_in_channel"), or for trouble on the
    way "http_503", "timeout", "connection_error"; `detail` says more ("needed: files:write")."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


def retryable(code: str) -> bool:
    """Unknown codes count as permanent: an admin hears about them at once instead of two hours later."""
    return code in TRANSIENT or code.startswith("http_5")


def ambiguous(code: str) -> bool:
    return code in AMBIGUOUS or code.startswith("http_5")
