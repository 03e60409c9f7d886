"""What no service may start with outside local mode (`ONECOUNCIL_ENV=local`).

The repository's development defaults are public: a deployment that kept one would let
anyone forge a token or a console cookie, or open a sealed webhook secret from a copy of
the database. Local mode (`make demo`, the tests, `deploy/compose/local.env`) is asked
for by name; anything else is production, and each settings class lists its refusals.
"""

from __future__ import annotations

from pydantic import SecretStr

MIN_SECRET_LENGTH = 32
DEVELOPMENT_JWT_SECRET = "local-development-only-secret-change-me"
DEVELOPMENT_WEBHOOK_KEY = "local-development-only-webhook-key-change-me"
DEVELOPMENT_PERSONAL_DATA_KEY = "local-development-only-personal-data-master-key"


def weak_secret(variable: str, secret: SecretStr, development_default: str) -> list[str]:
    """Why this secret is unfit for production, if it is."""
    value = secret.get_secret_value()
    if value == development_default:
        return [f"{variable} is the repository's development default"]
    if len(value) < MIN_SECRET_LENGTH:
        return [f"{variable} is shorter than {MIN_SECRET_LENGTH} characters"]
    return []


def local_only(variable: str, value: str) -> list[str]:
    """A setting that only a developer's machine may use."""
    if not value.strip():
        return []
    return [f"{variable} lets webhooks reach this machine: it is for local mode only"]
