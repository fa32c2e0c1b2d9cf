"""Files for a person: the status export goes into their DM with the bot (files upload v2)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.chat.conversation import Upload
from bot.chat.service import Services
from handlers.posting import slack_error

log = logging.getLogger("enlace.uploads")
# Errors an upload meets in a workspace set up wrong, and what the person can do about them.
UPLOAD_FIXES = {
    "missing_scope": "export.errors.missing_scope",
    "not_allowed_token_type": "export.errors.missing_scope",
    "invalid_auth": "export.errors.auth",
    "not_authed": "export.errors.auth",
    "account_inactive": "export.errors.auth",
    "token_revoked": "export.errors.auth",
}


def upload_to_dm(client: WebClient, services: Services, user: str, upload: Upload) -> str:
    """Upload into the person's DM; what to tell them, whether it worked or not."""
    lang = services.user_language(user)
    try:
        dm = client.conversations_open(users=user)["channel"]["id"]
        client.files_upload_v2(
            channel=dm, content=upload.content, filename=upload.filename, title="Enlace",
            initial_comment=upload.comment,
        )  # fmt: skip
    except Exception as error:
        code = slack_error(error)
        log.warning("export upload for %s failed: %s", user, code or error)
        key = UPLOAD_FIXES.get(code or "", "export.errors.other")
        return services.catalog.t(key, lang, error=code or type(error).__name__)
    return upload.comment
