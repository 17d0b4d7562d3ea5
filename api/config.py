"""Settings from the environment (all with development defaults), read once per process."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    app_env: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///var/app.db"
    jwt_secret: str = "dev-jwt-secret-change-me-in-production"
    service_token: str = "dev-service-token"
    knowledge_index_dir: Path = Path("var/index")
    upload_dir: Path = Path("var/uploads")
    max_upload_bytes: int = 10 * 1024 * 1024

    agent_username: str = "agent"
    agent_password: str = "agent"

    dev_token_minutes: int = 12 * 60
    verify_token_minutes: int = 15
    agent_token_minutes: int = 8 * 60
    verify_max_failures: int = 5
    verify_window_minutes: int = 15

    @property
    def is_production(self) -> bool:
        return self.app_env == "production"


@lru_cache
def get_settings() -> Settings:
    return Settings()
