"""Settings read from environment variables, one pydantic-settings object per service.

Every variable a deployment may set is a field here (or on a service's subclass); the
compose file is checked against these names by `tests/unit/test_compose_env.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from shared.claims import parse_role_map
from shared.events.keys import REPOSITORY_REGISTRY, KeyRegistry
from shared.events.signing import Signer, parse_seed
from shared.identity import IdentityProvider, TokenVerifier
from shared.kafka.security import KafkaAccess
from shared.production import DEVELOPMENT_JWT_SECRET, weak_secret
from shared.signing_settings import signing_refusals


class ServiceSettings(KafkaAccess):
    """What every service reads from its environment (Kafka's address and credentials:
    `KafkaAccess`)."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    onecouncil_env: Literal["local", "production"] = Field(
        "production",
        description="'local' for make demo and the tests only (development secrets and "
        "sign-in allowed); otherwise the service refuses to start with an unsafe setting.",
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
    oidc_issuer: str = Field("", description="OpenID Connect issuer URL; empty: OIDC off.")
    oidc_audience: str = Field(
        "",
        description="Comma-separated audiences the APIs accept tokens for (the APIs' app id "
        "URI, and the console's client id when it forwards its users' tokens).",
    )
    oidc_role_claim: str = Field("groups", description="Claim holding the user's groups or roles.")
    oidc_department_claim: str = Field(
        "department", description="Claim holding a department lead's department code or name."
    )
    oidc_role_map: str = Field(
        # Managers first: an HR manager is in the HR group too, and the first match wins.
        "onecouncil-hr-managers=hr_manager,onecouncil-hr=hr_staff,"
        "onecouncil-leads=department_lead,"
        "onecouncil-finance=finance_staff,onecouncil-audit=auditor",
        description="Comma-separated group=role pairs; the first matching group wins.",
    )
    oidc_jwks_refetch_s: float = Field(
        60,
        ge=0,
        description="Least time between reloads of the provider's keys on an unknown key id.",
    )
    demo_support_posts: int = Field(
        0, ge=0, description="Seed a demo establishment of this many support posts (0: none)."
    )
    demo_seed: int = Field(2026, description="Random seed of the demo establishment.")
    relay_interval_ms: int = Field(50, description="How often the outbox relay looks for work.")
    max_request_mib: int = Field(
        32, ge=1, le=1024, description="Largest request body accepted (MiB); larger: 413."
    )
    signing_key: SecretStr = Field(
        SecretStr(""),
        description="This service's Ed25519 signing key: a base64 32-byte seed or a PEM "
        "private key. Empty: the repository's development key (local mode only).",
    )
    signing_keys_file: str = Field(
        "", description="The key registry (public keys); empty: deploy/keys/public-keys.json."
    )
    require_signed_events: bool = Field(
        True,
        description="Refuse unsigned events (dead letters); off only in local mode, to read "
        "events written before signing.",
    )
    checkpoint_interval_s: float = Field(
        60.0, gt=0, description="How often a checkpoint of the signed log is signed, if it grew."
    )
    checkpoint_dir: str = Field(
        "", description="Folder the latest signed checkpoint is written to; empty: data_dir."
    )
    otel_exporter_otlp_endpoint: str = Field(
        "",
        description="An OpenTelemetry collector's OTLP/HTTP base URL (e.g. http://otel:4318): "
        "traces are sent there; empty (the default): no traces are kept.",
    )

    @field_validator("oidc_role_map")
    @classmethod
    def _role_map_names_known_roles(cls, value: str) -> str:
        # Refused at start-up with the reason, not at someone's first sign-in as a 500.
        parse_role_map(value)
        return value

    # Whether this process publishes events (and so needs a signing key of its own).
    signs_events: ClassVar[bool] = True

    @property
    def local(self) -> bool:
        return self.onecouncil_env == "local"

    def production_refusals(self) -> list[str]:
        """Why this configuration must not serve outside local mode (empty: it may)."""
        refusals = weak_secret("JWT_SECRET", self.jwt_secret, DEVELOPMENT_JWT_SECRET)
        refusals += self.kafka_refusals()
        if not (self.oidc_issuer and self.oidc_audience):
            refusals.append(
                "no identity provider: set OIDC_ISSUER and OIDC_AUDIENCE (local tokens are "
                "accepted in local mode only)"
            )
        return refusals + (signing_refusals(self) if self.signs_events else [])

    def token_verifier(self) -> TokenVerifier:
        """The APIs' one door: the provider's tokens, and local ones in local mode only."""
        provider = None
        if self.oidc_issuer:
            provider = IdentityProvider(
                issuer=self.oidc_issuer,
                audiences=[a.strip() for a in self.oidc_audience.split(",") if a.strip()],
                role_map=self.oidc_role_map,
                role_claim=self.oidc_role_claim,
                department_claim=self.oidc_department_claim,
                refetch_s=self.oidc_jwks_refetch_s,
            )
        local = self.jwt_secret.get_secret_value() if self.local else None
        return TokenVerifier(local_secret=local, provider=provider)

    def signer(self, service: str) -> Signer:
        """The key this service signs its events and checkpoints with."""
        text = self.signing_key.get_secret_value()
        return Signer.from_seed(service, parse_seed(text)) if text else Signer.development(service)

    def checkpoint_folder(self) -> Path:
        return Path(self.checkpoint_dir or Path(self.data_dir) / "checkpoints")

    def key_registry(self) -> KeyRegistry:
        """The public keys this service's consumers trust."""
        path = Path(self.signing_keys_file) if self.signing_keys_file else REPOSITORY_REGISTRY
        return KeyRegistry.load(path, self.require_signed_events)

    def sqlite_url(self, service: str) -> str:
        """The default database: a SQLite file per service under `data_dir`."""
        return f"sqlite:///{self.data_dir}/{service}.db"

    def database_url_for(self, service: str) -> str:
        """The configured database URL, or this service's SQLite file."""
        return self.database_url or self.sqlite_url(service)
