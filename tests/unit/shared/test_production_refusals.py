"""Outside local mode no service accepts a setting that would let someone in."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.console.settings import ConsoleSettings
from services.finance.app import FinanceSettings
from services.hr.app import HrSettings
from services.workflow.app import WorkflowSettings
from shared.config import ServiceSettings
from shared.events.keys import REPOSITORY_REGISTRY, registry_entry
from shared.events.signing import Signer, development_seed

STRONG = "x" * 40
PROVIDER = {
    "oidc_issuer": "https://login.council.example/t",
    "oidc_audience": "api://onecouncil",
    "kafka_security_protocol": "SASL_SSL",  # shared/kafka/security.py refuses PLAINTEXT
    "kafka_sasl_username": "hr",
}
SAFE: dict[type[ServiceSettings], dict[str, Any]] = {
    HrSettings: {"jwt_secret": STRONG, "personal_data_master_key": STRONG, **PROVIDER},
    FinanceSettings: {"jwt_secret": STRONG, **PROVIDER},
    WorkflowSettings: {"jwt_secret": STRONG, "webhook_secret_key": STRONG, **PROVIDER},
    ConsoleSettings: {"jwt_secret": STRONG, "console_secure_cookies": True, **PROVIDER},
}


PRODUCTION_SEED = bytes(range(32))  # not a development key; a test's own


@pytest.fixture(autouse=True, scope="module")
def production_key_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A deployment's own registry and signing key, as production needs."""
    signer = Signer.from_seed("hr", PRODUCTION_SEED)
    path = tmp_path_factory.mktemp("keys") / "public-keys.json"
    path.write_text(json.dumps({"keys": [registry_entry(signer.key_id, "hr", signer.public_key)]}))
    signing = {"signing_key": base64.b64encode(PRODUCTION_SEED).decode(),
               "signing_keys_file": str(path)}  # fmt: skip
    for kind, safe in SAFE.items():
        if kind.signs_events:  # the console publishes nothing: no key of its own
            safe.update(signing)
    yield path


def refusals(kind: type[ServiceSettings], **changes: Any) -> list[str]:
    return kind.model_validate({**SAFE[kind], **changes}).production_refusals()


@pytest.mark.parametrize("kind", list(SAFE), ids=lambda kind: kind.__name__)
def test_a_service_with_its_own_long_secrets_may_serve(kind: type[ServiceSettings]) -> None:
    assert refusals(kind) == []


@pytest.mark.parametrize("kind", list(SAFE), ids=lambda kind: kind.__name__)
def test_the_repository_default_or_a_short_jwt_secret_is_refused(
    kind: type[ServiceSettings],
) -> None:
    default = kind.model_fields["jwt_secret"].default
    assert refusals(kind, jwt_secret=default) == [
        "JWT_SECRET is the repository's development default"
    ]
    assert refusals(kind, jwt_secret="short") == ["JWT_SECRET is shorter than 32 characters"]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"webhook_secret_key": "k" * 10}, "WEBHOOK_SECRET_KEY is shorter than 32 characters"),
        (
            {"webhook_secret_key": WorkflowSettings.model_fields["webhook_secret_key"].default},
            "WEBHOOK_SECRET_KEY is the repository's development default",
        ),
        (
            {"webhook_allowed_hosts": "127.0.0.1,localhost"},
            "WEBHOOK_ALLOWED_HOSTS lets webhooks reach this machine: it is for local mode only",
        ),
        (
            {"smtp_host": "mail.council.example", "smtp_password": "p", "smtp_starttls": False},
            "SMTP_PASSWORD would cross the network in clear: set SMTP_STARTTLS=true",
        ),
    ],
)
def test_workflow_refuses_a_weak_webhook_key_or_receivers_on_this_machine(
    changes: dict[str, Any], reason: str
) -> None:
    assert refusals(WorkflowSettings, **changes) == [reason]


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("k" * 10, "PERSONAL_DATA_MASTER_KEY is shorter than 32 characters"),
        (
            HrSettings.model_fields["personal_data_master_key"].default,
            "PERSONAL_DATA_MASTER_KEY is the repository's development default",
        ),
    ],
)
def test_hr_refuses_a_weak_or_public_personal_data_master_key(key: Any, reason: str) -> None:
    assert refusals(HrSettings, personal_data_master_key=key) == [reason]


def test_listing_the_councils_own_receivers_is_no_reason_to_refuse() -> None:
    receivers = "hooks.council.example,10.20.0.0/16"
    assert refusals(WorkflowSettings, webhook_receivers=receivers) == []


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"console_dev_sign_in": True}, "CONSOLE_DEV_SIGN_IN lets anyone sign in as any role"),
        (
            {"console_secure_cookies": False},
            "CONSOLE_SECURE_COOKIES is off (session cookies would go over HTTP)",
        ),
    ],
)
def test_the_console_refuses_dev_sign_in_and_insecure_cookies(
    changes: dict[str, Any], reason: str
) -> None:
    assert refusals(ConsoleSettings, **changes) == [reason]


def test_local_mode_is_asked_for_by_name_and_production_is_the_default() -> None:
    assert HrSettings.model_fields["onecouncil_env"].default == "production"
    assert HrSettings(onecouncil_env="local").local
    with pytest.raises(ValueError, match="onecouncil_env"):
        HrSettings(onecouncil_env="dev")  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", list(SAFE), ids=lambda kind: kind.__name__)
def test_outside_local_mode_the_councils_identity_provider_is_required(
    kind: type[ServiceSettings],
) -> None:
    assert refusals(kind, oidc_issuer="") == [
        "no identity provider: set OIDC_ISSUER and OIDC_AUDIENCE (local tokens are accepted "
        "in local mode only)"
    ]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"signing_key": ""}, "SIGNING_KEY is not set: events would carry the development key"),
        (
            {"signing_key": base64.b64encode(development_seed("hr")).decode()},
            "SIGNING_KEY is the repository's development key",
        ),
        ({"signing_key": "c2hvcnQ="}, "SIGNING_KEY holds 5 bytes; an Ed25519 seed has 32"),
        (
            {"require_signed_events": False},
            "REQUIRE_SIGNED_EVENTS is off: unsigned events would be applied",
        ),
        (
            {"signing_keys_file": str(REPOSITORY_REGISTRY)},
            "the key registry trusts the repository's development keys: set SIGNING_KEYS_FILE "
            "to the deployment's own registry",
        ),
    ],
)
def test_a_development_signing_key_or_registry_or_unsigned_events_are_refused(
    changes: dict[str, Any], reason: str
) -> None:
    assert refusals(HrSettings, **changes) == [reason]
