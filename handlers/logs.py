"""Logging for the Slack processes: tokens and secrets never reach a log line."""

from __future__ import annotations

import logging
import re

TOKEN = re.compile(r"\b(xox[abposre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+)")
# Request bodies Bolt logs (on a bad signature, say) carry a legacy verification token field.
TOKEN_FIELD = re.compile(r"""((?:^|[&?\s{,])["']?token["']?\s*[=:]\s*["']?)[^&"'\s,}]+""")
# ... and inside a URL-encoded payload= body: %22token%22%3A%22<value>%22
ENCODED_TOKEN_FIELD = re.compile(
    r"(%22token%22(?:%20|\+)*%3A(?:%20|\+)*%22)(?:(?!%22)[^&\s])+", re.IGNORECASE
)


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 8]

    def redact(self, text: str) -> str:
        text = TOKEN.sub("[redacted token]", text)
        text = TOKEN_FIELD.sub(r"\1[redacted]", text)
        text = ENCODED_TOKEN_FIELD.sub(r"\1[redacted]", text)
        for secret in self.secrets:
            text = text.replace(secret, "[redacted secret]")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def configure_logging(level: str, secrets: list[str]) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    root.setLevel(level)
    redactor = RedactSecrets(secrets)
    for handler in root.handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(redactor)
