"""What no service may start with outside local mode (`ONECOUNCIL_ENV=local`).

The repository's development defaults are public: a deployment that kept one would let
anyone forge a token or a console cookie, or open a sealed webhook secret from a copy of
the database. Local mode (`make demo`, the tests, `deploy/compose/local.env`) is asked
for by name; anything else is production, and each settings class lists its refusals.
"""

from __future__ import annotations

import ipaddress

from pydantic import SecretStr

MIN_SECRET_LENGTH = 32
DEVELOPMENT_JWT_SECRET = "local-development-only-secret-change-me"
DEVELOPMENT_WEBHOOK_KEY = "local-development-only-webhook-key-change-me"


def weak_secret(variable: str, secret: SecretStr, development_default: str) -> list[str]:
    """Why this secret is unfit for production, if it is."""
    value = secret.get_secret_value()
    if value == development_default:
        return [f"{variable} is the repository's development default"]
    if len(value) < MIN_SECRET_LENGTH:
        return [f"{variable} is shorter than {MIN_SECRET_LENGTH} characters"]
    return []


def private_hosts(variable: str, hosts: str) -> list[str]:
    """Allowed webhook hosts that are this machine or a private network's."""
    named = [host.strip() for host in hosts.split(",") if host.strip()]
    private = [host for host in named if _is_private(host)]
    if not private:
        return []
    return [f"{variable} lets webhooks reach private addresses ({', '.join(private)})"]


def _is_private(host: str) -> bool:
    if host.lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False  # a name: checked when a subscription is made, as in local mode
    return not address.is_global
