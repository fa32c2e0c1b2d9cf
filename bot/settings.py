"""Settings in layers: defaults < .env file < environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from storage.db import database_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    database_url: str
    config_dir: Path
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
    slack_command: str = "/red"
    send_per_second: float = 5.0
    # How long a clock's claim on a delivery holds unless renewed (tests shorten it).
    claim_lease_seconds: float = 600.0
    # `enlace outbox prune` deletes deliveries done this many months ago (sent, expired or skipped).
    outbox_keep_months: int = 12
    log_level: str = "INFO"
    # The calendar feed (GET /calendar.ics?token=...): its secret, and the address people reach `enlace
    # serve` at, so reminders can link each meeting's own .ics. No token: no feed (404).
    calendar_token: str | None = None
    public_url: str | None = None

    @property
    def slack_http_ready(self) -> bool:
        return bool(self.slack_bot_token and self.slack_signing_secret)

    @property
    def slack_socket_ready(self) -> bool:
        return bool(self.slack_bot_token and self.slack_app_token)


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; blank lines and # comments ignored; optional quotes stripped."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.removeprefix("export ").strip()] = value
    return values


def load_settings(env: dict[str, str] | None = None, env_file: Path | None = None) -> Settings:
    layered = read_env_file(env_file if env_file is not None else Path(".env"))
    layered.update(os.environ if env is None else env)
    config_dir = Path(layered.get("ENLACE_CONFIG") or PROJECT_ROOT / "config")
    return Settings(
        database_url=database_url(layered),
        config_dir=config_dir,
        slack_bot_token=layered.get("SLACK_BOT_TOKEN") or None,
        slack_signing_secret=layered.get("SLACK_SIGNING_SECRET") or None,
        slack_app_token=layered.get("SLACK_APP_TOKEN") or None,
        slack_api_url=layered.get("SLACK_API_URL") or None,
        slack_command=layered.get("SLACK_COMMAND") or "/red",
        send_per_second=_positive(layered.get("ENLACE_SEND_RATE"), 5.0),
        claim_lease_seconds=_positive(layered.get("ENLACE_CLAIM_LEASE"), 600.0),
        outbox_keep_months=int(_positive(layered.get("ENLACE_OUTBOX_KEEP_MONTHS"), 12)),
        log_level=layered.get("LOG_LEVEL", "INFO").upper(),
        calendar_token=layered.get("ENLACE_CALENDAR_TOKEN") or None,
        public_url=(layered.get("ENLACE_PUBLIC_URL") or "").rstrip("/") or None,
    )


def _positive(value: str | None, default: float) -> float:
    try:
        number = float(value) if value else default
    except ValueError:
        return default
    return number if number > 0 else default
