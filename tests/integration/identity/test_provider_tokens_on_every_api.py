"""Every API takes the council identity provider's tokens, and only good ones.

HR, Finance and Workflow run outside local mode against a fake OpenID Connect provider
over local HTTP (discovery and JWKS, with a key rotation). A token from another issuer, for
another audience, expired, signed with a key no longer published, unsigned (`alg=none`),
HS256-signed with the provider's public key, a local token, or a lead's without a
department: all refused with 401 and the reason."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
import jwt
import pytest
import pytest_asyncio

from services.finance.app import FinanceSettings
from services.finance.app import create_app as finance_app
from services.hr.app import HrSettings
from services.hr.app import create_app as hr_app
from services.workflow.app import WorkflowSettings
from services.workflow.app import create_app as workflow_app
from tests.conftest import token_for
from tests.support.databases import NewDatabase
from tests.support.identity_provider import FakeIdentityProvider
from tests.support.in_process import serving, settings_for_test

pytestmark = [pytest.mark.kafka, pytest.mark.asyncio(loop_scope="session")]
AUDIENCE = "api://onecouncil"
HR_OFFICER = {"sub": "u-1001", "groups": ["onecouncil-hr"]}
CS_LEAD = {"sub": "u-2001", "groups": ["onecouncil-leads"], "department": "CS"}
AUDITOR = {"sub": "u-3001", "groups": ["onecouncil-audit"]}
# One read per API, and who may make it.
READS = {"hr": ("/posts", HR_OFFICER), "finance": ("/budget-lines", AUDITOR),
         "workflow": ("/progress/departments", CS_LEAD)}  # fmt: skip


@pytest.fixture(scope="module")
def provider() -> Iterator[FakeIdentityProvider]:
    idp = FakeIdentityProvider("console", "secret", "http://console/callback")
    with idp.serving():
        yield idp


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def apis(
    kafka_bootstrap: str, new_database: NewDatabase, provider: FakeIdentityProvider
) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    outside_local: dict[str, Any] = {
        "onecouncil_env": "production", "oidc_issuer": provider.issuer,
        "oidc_audience": f"{AUDIENCE},console", "oidc_jwks_refetch_s": 0,
    }  # fmt: skip
    builds = {
        "hr": (hr_app, HrSettings), "finance": (finance_app, FinanceSettings),
        "workflow": (workflow_app, WorkflowSettings),
    }  # fmt: skip
    async with AsyncExitStack() as stack:
        clients = {}
        for name, (create, kind) in builds.items():
            settings = settings_for_test(
                kind, kafka_bootstrap, new_database(f"{name}_idp"), **outside_local
            )
            app = create(settings)  # type: ignore[operator]
            clients[name] = await stack.enter_async_context(serving(app, name, "auditor", "unused"))
        yield clients


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_every_api_answers_the_providers_tokens_with_the_mapped_role(
    apis: dict[str, httpx.AsyncClient], provider: FakeIdentityProvider
) -> None:
    for name, (path, person) in READS.items():
        answer = await apis[name].get(path, headers=bearer(provider.access_token(person, AUDIENCE)))
        assert answer.status_code == 200, (name, answer.text)
    # The role is the mapped one: an HR officer's token may not read the feed of leads.
    officer = bearer(provider.access_token(HR_OFFICER, AUDIENCE))
    assert (await apis["workflow"].get("/feed", headers=officer)).status_code == 403


async def test_a_rotated_key_is_picked_up_and_the_old_one_no_longer_lets_anyone_in(
    apis: dict[str, httpx.AsyncClient], provider: FakeIdentityProvider
) -> None:
    before = provider.access_token(HR_OFFICER, AUDIENCE)
    assert (await apis["hr"].get("/posts", headers=bearer(before))).status_code == 200
    provider.rotate()
    after = provider.access_token(HR_OFFICER, AUDIENCE)
    assert (await apis["hr"].get("/posts", headers=bearer(after))).status_code == 200
    refused = await apis["hr"].get("/posts", headers=bearer(before))
    assert refused.status_code == 401
    assert "a key the identity provider does not publish" in refused.json()["detail"]


def hs256_by_hand(claims: dict[str, Any], secret: bytes) -> str:
    """The key-confusion forgery: HMAC under the provider's public key (PyJWT will not)."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    now = int(time.time())
    signed = (
        part({"alg": "HS256", "typ": "JWT"}) + "." + part({**claims, "iat": now, "exp": now + 300})
    )
    mac = hmac.new(secret, signed.encode(), hashlib.sha256).digest()
    return signed + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def forged_tokens(provider: FakeIdentityProvider) -> dict[str, tuple[str, str]]:
    """Each bad token, and the words its refusal must contain."""
    token = provider.access_token
    unsigned = jwt.encode({**HR_OFFICER, "iss": provider.issuer, "aud": AUDIENCE}, None, "none")
    return {
        "another issuer": (token(HR_OFFICER, AUDIENCE, iss="https://evil.example"), "issuer"),
        "another audience": (token(HR_OFFICER, "api://another-app"), "Audience doesn't match"),
        "expired": (token(HR_OFFICER, AUDIENCE, iat=1_700_000_000, exp=1_700_000_300), "expired"),
        "alg none": (unsigned, "'none' are not accepted"),
        "HS256 with the public key": (
            hs256_by_hand(
                {**HR_OFFICER, "iss": provider.issuer, "aud": AUDIENCE}, provider.public_pem()
            ),
            "'HS256' are not accepted",
        ),
        "local token": (token_for("hr_staff"), "'HS256' are not accepted"),
        "lead without a department": (
            token({**CS_LEAD, "department": None}, AUDIENCE),
            "names no council department",
        ),
        "no group": (token({"sub": "u-9"}, AUDIENCE), "not in any group"),
        "no subject": (token({**HR_OFFICER, "sub": None}, AUDIENCE), '"sub"'),
    }


async def test_bad_tokens_are_refused_on_every_api_with_the_reason(
    apis: dict[str, httpx.AsyncClient], provider: FakeIdentityProvider
) -> None:
    for what, (token, words) in forged_tokens(provider).items():
        for name, (path, _) in READS.items():
            answer = await apis[name].get(path, headers=bearer(token))
            assert answer.status_code == 401, (what, name, answer.text)
            assert words in answer.json()["detail"], (what, answer.json())
