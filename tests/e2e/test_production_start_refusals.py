"""A careless deployment stops at once, in one line, before anything listens: each service
started outside local mode with the repository's secrets (or the console's dev sign-in)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OWN_SETTINGS = (
    "ONECOUNCIL_", "JWT_", "WEBHOOK_", "CONSOLE_", "KAFKA_", "DATABASE_", "OIDC_", "PERSONAL_",
)  # fmt: skip


def start(service: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS)}
    env.update(settings)
    return subprocess.run(
        [sys.executable, "-m", f"services.{service}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize("service", ["hr", "finance", "workflow", "console"])
def test_a_service_left_on_the_development_secret_refuses_to_start(service: str) -> None:
    started = start(service)  # ONECOUNCIL_ENV unset: production
    assert started.returncode == 1
    said = started.stderr.strip().splitlines()
    assert len(said) == 1, started.stderr
    assert said[0].startswith("refusing to start outside local mode: JWT_SECRET is the ")


STRONG = {
    "JWT_SECRET": "s" * 40, "OIDC_ISSUER": "https://login.council.example/tenant",
    "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
}  # fmt: skip
LOCAL_ONLY = "(ONECOUNCIL_ENV=local is for make demo and the tests only)"


def refused_for(service: str, **settings: str) -> list[str]:
    """What a service with strong shared secrets still refuses to start with: the one line's
    reasons, in the order the service gives them."""
    started = start(service, **STRONG, OIDC_AUDIENCE=f"onecouncil-{service}", **settings)
    assert started.returncode == 1
    said = started.stderr.strip().splitlines()
    assert len(said) == 1, started.stderr
    reasons = said[0].removeprefix("refusing to start outside local mode: ")
    return reasons.removesuffix(f" {LOCAL_ONLY}").split("; ")


def test_the_console_with_a_strong_secret_still_refuses_the_dev_sign_in() -> None:
    said = refused_for("console", KAFKA_SASL_USERNAME="auditor", CONSOLE_DEV_SIGN_IN="true",
                       CONSOLE_SECURE_COOKIES="true")  # fmt: skip
    assert said == ["CONSOLE_DEV_SIGN_IN lets anyone sign in as any role"]


def test_hr_with_strong_secrets_still_refuses_the_public_personal_data_master_key() -> None:
    said = refused_for("hr", KAFKA_SASL_USERNAME="hr")
    assert "PERSONAL_DATA_MASTER_KEY is the repository's development default" in said
    # the signing key is refused too, on its own account (unset: the development key)
    assert "SIGNING_KEY is not set: events would carry the development key" in said
