"""Settings read from environment variables, one pydantic-settings object per service.

Every variable a deployment may set is a field here (or on a service's subclass); the
compose file is checked against these names by `tests/unit/test_compose_env.py`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.production import DEVELOPMENT_JWT_SECRET, weak_secret


class ServiceSettings(BaseSettings):
    """What every service reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    onecouncil_env: Literal["local", "production"] = Field(
        "production",
        description="'local' for make demo and the tests only (development secrets and "
        "sign-in allowed); otherwise the service refuses to start with an unsafe setting.",
    )
    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", description="Comma-separated Kafka bootstrap servers."
    )
    topic_prefix: str = Field(
        "", description="Prefix for every topic name; tests use it to get topics of their own."
    )
    topic_partitions: int = Field(6, description="Partitions for event topics created at start.")
    database_url: str = Field("", description="SQLAlchemy URL; empty means a SQLite file.")
    data_dir: str = Field("var", description="Folder for the default SQLite files.")
    http_host: str = Field("127.0.0.1", description="Address the HTTP API listens on.")
    http_port: int = Field(8000, description="Port the HTTP API listens on.")
    log_format: str = Field("json", description="'json' for JSON lines, 'console' for people.")
    log_level: str = Field("INFO", description="Lowest log level written.")
    jwt_secret: SecretStr = Field(
        SecretStr(DEVELOPMENT_JWT_SECRET),
        description="HMAC secret that signs bearer tokens.",
    )
    demo_support_posts: int = Field(
        0, ge=0, description="Seed a demo establishment of this many support posts (0: none)."
    )
    demo_seed: int = Field(2026, description="Random seed of the demo establishment.")
    relay_interval_ms: int = Field(50, description="How often the outbox relay looks for work.")
    max_request_mib: int = Field(
        32, ge=1, le=1024, description="Largest request body accepted (MiB); larger: 413."
    )

    @property
    def local(self) -> bool:
        return self.onecouncil_env == "local"

    def production_refusals(self) -> list[str]:
        """Why this configuration must not serve outside local mode (empty: it may)."""
        return weak_secret("JWT_SECRET", self.jwt_secret, DEVELOPMENT_JWT_SECRET)

    def sqlite_url(self, service: str) -> str:
        """The default database: a SQLite file per service under `data_dir`."""
        return f"sqlite:///{self.data_dir}/{service}.db"

    def database_url_for(self, service: str) -> str:
        """The configured database URL, or this service's SQLite file."""
        return self.database_url or self.sqlite_url(service)
