"""Action-server settings, read from the environment when needed (never at import time)."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_API_URL = "http://127.0.0.1:8000"
DEFAULT_SERVICE_TOKEN = "dev-service-token"


@dataclass(frozen=True)
class Settings:
    api_url: str
    service_token: str
    # Per attempt; every request is tried at most twice, so one call takes at most
    # 2 × (connect + read) = 20 s. The slowest message (form validation and submission: five
    # sequential calls, all timing out) stays below Rasa's conversation lock lifetime
    # (TICKET_LOCK_LIFETIME, 180 s in scripts/env.sh); see ARCHITECTURE.md "Timeouts".
    timeout_seconds: float
    # Short, so a stopped API is reported to the customer within seconds.
    connect_timeout_seconds: float


def get_settings() -> Settings:
    return Settings(
        api_url=os.environ.get("API_URL", DEFAULT_API_URL).rstrip("/"),
        service_token=os.environ.get("SERVICE_TOKEN", DEFAULT_SERVICE_TOKEN),
        timeout_seconds=float(os.environ.get("API_TIMEOUT_SECONDS", "8")),
        connect_timeout_seconds=float(os.environ.get("API_CONNECT_TIMEOUT_SECONDS", "2")),
    )
