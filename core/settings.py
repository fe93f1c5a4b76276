"""Every setting of the product, read once from the environment (and ``.env``).

README.md documents each variable; a test keeps that table in step with this class.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from entanglements.core.resources import SAVED_QUERIES_DIR

Role = Literal["reader", "editor", "admin"]

#: Passwords that must never protect a database reachable by others.
_PLACEHOLDERS = {"", "neo4j", "password", "changethis", "changeme", "secret"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    neo4j_uri: str = Field("bolt://127.0.0.1:7687", alias="NEO4J_URI")
    neo4j_user: str = Field("neo4j", alias="NEO4J_USER")
    neo4j_password: SecretStr = Field(SecretStr("entangle-local-dev"), alias="NEO4J_PASSWORD")
    neo4j_database: str = Field("neo4j", alias="NEO4J_DATABASE")

    # Not named ``home``: with populate_by_name, pydantic-settings would also read $HOME.
    entangle_home: Path = Field(Path(".entangle"), alias="ENTANGLE_HOME")
    neo4j_version: str = Field("5.26.30", alias="ENTANGLE_NEO4J_VERSION")
    neo4j_heap: str = Field("2g", alias="ENTANGLE_NEO4J_HEAP")
    neo4j_pagecache: str = Field("2g", alias="ENTANGLE_NEO4J_PAGECACHE")
    start_timeout_s: float = Field(120.0, alias="ENTANGLE_START_TIMEOUT")
    connect_timeout_s: float = Field(5.0, alias="ENTANGLE_CONNECT_TIMEOUT")
    query_timeout_s: float = Field(30.0, alias="ENTANGLE_QUERY_TIMEOUT")
    retry_time_s: float = Field(10.0, ge=0, alias="ENTANGLE_RETRY_TIME")
    api_retry_time_s: float = Field(1.0, ge=0, alias="ENTANGLE_API_RETRY_TIME")

    anonymous_role: Role | None = Field(None, alias="ENTANGLE_ANONYMOUS_ROLE")
    max_hops: int = Field(6, ge=1, le=10, alias="ENTANGLE_MAX_HOPS")
    max_first: int = Field(500, ge=1, le=10_000, alias="ENTANGLE_MAX_FIRST")
    max_depth: int = Field(12, ge=3, le=50, alias="ENTANGLE_MAX_DEPTH")
    max_aliases: int = Field(30, ge=1, alias="ENTANGLE_MAX_ALIASES")
    max_tokens: int = Field(2_000, ge=100, alias="ENTANGLE_MAX_TOKENS")
    max_body_bytes: int = Field(1_000_000, ge=10_000, alias="ENTANGLE_MAX_BODY_BYTES")
    request_timeout_s: float = Field(20.0, alias="ENTANGLE_REQUEST_TIMEOUT")
    persisted_queries: int = Field(10_000, ge=0, alias="ENTANGLE_PERSISTED_QUERIES")
    document_cache: int = Field(1_000, ge=0, alias="ENTANGLE_DOCUMENT_CACHE")
    get_max_age_s: int = Field(30, ge=0, alias="ENTANGLE_GET_MAX_AGE")
    alert_poll_s: float = Field(1.0, gt=0, le=60, alias="ENTANGLE_ALERT_POLL")
    key_cache_s: float = Field(5.0, ge=0, le=300, alias="ENTANGLE_KEY_CACHE")
    hub_degree: int = Field(500, ge=1, alias="ENTANGLE_HUB_DEGREE")
    graphiql: bool = Field(True, alias="ENTANGLE_GRAPHIQL")
    allowed_hosts: str = Field("", alias="ENTANGLE_ALLOWED_HOSTS")

    query_path: str = Field("", alias="ENTANGLE_QUERY_PATH")
    max_rows: int = Field(10_000, ge=1, alias="ENTANGLE_MAX_ROWS")
    batch_size: int = Field(5_000, ge=1, le=100_000, alias="ENTANGLE_BATCH_SIZE")
    ingest_writers: int = Field(2, ge=1, le=16, alias="ENTANGLE_INGEST_WRITERS")
    watch_after_ingest: bool = Field(True, alias="ENTANGLE_WATCH_AFTER_INGEST")
    watch_workers: int = Field(4, ge=1, le=32, alias="ENTANGLE_WATCH_WORKERS")
    alert_log: str = Field("", alias="ENTANGLE_ALERT_LOG")
    match_threshold: float = Field(0.7, ge=0.0, le=1.0, alias="ENTANGLE_MATCH_THRESHOLD")
    max_match_words: int = Field(200, ge=1, alias="ENTANGLE_MAX_MATCH_WORDS")
    max_screen_words: int = Field(2_000, ge=1, alias="ENTANGLE_MAX_SCREEN_WORDS")
    max_match_work: int = Field(500_000, ge=1, alias="ENTANGLE_MAX_MATCH_WORK")
    match_workers: int = Field(2, ge=1, le=64, alias="ENTANGLE_MATCH_WORKERS")
    match_concurrency: int = Field(2, ge=1, alias="ENTANGLE_MATCH_CONCURRENCY")

    @field_validator("neo4j_uri")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        scheme = urlsplit(value).scheme
        if scheme not in {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}:
            raise ValueError(f"NEO4J_URI {value!r}: scheme must be bolt:// or neo4j://")
        return value

    @model_validator(mode="after")
    def _no_placeholder_password_off_loopback(self) -> Settings:
        """A placeholder password is tolerated only for a server on this machine."""
        secret = self.neo4j_password.get_secret_value()
        if secret.lower() in _PLACEHOLDERS and not self.is_loopback:
            raise ValueError(
                f"NEO4J_PASSWORD is a placeholder ({secret!r}); set a real one for {self.neo4j_uri}"
            )
        return self

    @property
    def home(self) -> Path:
        """Where the local server's jars, config, data and logs live."""
        return self.entangle_home

    @property
    def host(self) -> str:
        return urlsplit(self.neo4j_uri).hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        return urlsplit(self.neo4j_uri).port or 7687

    @property
    def is_loopback(self) -> bool:
        return self.host in {"127.0.0.1", "localhost", "::1"}

    @property
    def query_dirs(self) -> list[Path]:
        """The saved-query library, then the analyst's own folders (ENTANGLE_QUERY_PATH)."""
        extra = [Path(p) for p in self.query_path.split(":") if p]
        return [SAVED_QUERIES_DIR, *extra]


@cache
def get_settings() -> Settings:
    return Settings()
