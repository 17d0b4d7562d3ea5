"""Settings from the environment (all with development defaults), read once per process."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Development defaults (the same as scripts/env.sh); production must replace every one of them.
DEV_SECRETS = {
    "jwt_secret": "dev-only-jwt-secret-change-me-in-production",
    "service_token": "dev-service-token",
    "agent_password": "agent",
    "rasa_auth_token": "dev-rasa-token",
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    app_env: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///var/app.db"
    jwt_secret: str = DEV_SECRETS["jwt_secret"]
    service_token: str = DEV_SECRETS["service_token"]
    knowledge_index_dir: Path = Path("var/index")
    upload_dir: Path = Path("var/uploads")
    max_upload_bytes: int = 10 * 1024 * 1024
    # Where customers' browsers reach this app: the photo-upload links the bot sends start with it.
    public_url: str = "http://127.0.0.1:8000"
    photo_link_days: int = 7

    # Rasa's HTTP API, to deliver agent messages into the customer's conversation; RASA_URL empty
    # means this machine on RASA_PORT. RASA_PUBLIC_URL is where browsers reach Rasa's socket.io
    # (empty: the page's host on RASA_PORT).
    rasa_url: str = ""
    rasa_port: int = 5005
    rasa_public_url: str = ""
    rasa_auth_token: str = DEV_SECRETS["rasa_auth_token"]
    rasa_timeout_seconds: float = 5.0
    web_dir: Path = Path(__file__).resolve().parents[1] / "web"

    agent_username: str = "agent"
    agent_password: str = DEV_SECRETS["agent_password"]

    dev_token_minutes: int = 12 * 60
    verify_token_minutes: int = 15
    agent_token_minutes: int = 8 * 60
    verify_max_failures: int = 5
    verify_window_minutes: int = 15
    # Creations per hour that are cheap to flood: photos per customer, callbacks and new handoffs per conversation.
    upload_limit_per_hour: int = 60
    callback_limit_per_hour: int = 5
    handoff_limit_per_hour: int = 10
    # API processes the Procfile starts (uvicorn --workers). More than one needs RATE_LIMIT_REDIS_URL,
    # or each process keeps its own rate-limit budgets, and has no development clock (it is per process).
    api_workers: int = Field(1, ge=1)
    # Empty: rate-limit counters in process memory (one API process). redis://…: shared by all API processes.
    rate_limit_redis_url: str = ""
    # `python -m api retention` deletes conversation data older than this (see api/retention.py).
    retention_days: int = 90
    # Rasa's SQL tracker store (scripts/env.sh: var/rasa-tracker.db; PostgreSQL in production), cleaned by the
    # same job and read by the analytics; empty: neither touches it.
    rasa_tracker_store_url: str = ""
    # Conversation analytics (GET /agent/analytics) read Rasa's events from the tracker store above or,
    # with ANALYTICS_AMQP_URL (amqp://…), from what the API consumed off Rasa's pika event broker queue.
    analytics_amqp_url: str = ""
    analytics_amqp_queue: str = "rasa_events"

    @model_validator(mode="after")
    def _no_dev_secrets_in_production(self) -> "Settings":
        if self.app_env == "production":
            left = [name.upper() for name, value in DEV_SECRETS.items() if getattr(self, name) == value]
            if left:
                raise ValueError(f"APP_ENV=production needs its own {', '.join(left)}")
        return self

    @property
    def rasa_base_url(self) -> str:
        return (self.rasa_url or f"http://127.0.0.1:{self.rasa_port}").rstrip("/")

    @property
    def is_production(self) -> bool:
        return self.app_env == "production"


@lru_cache
def get_settings() -> Settings:
    return Settings()
