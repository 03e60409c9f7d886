"""Signing in with a council account, end to end, against a fake provider over local HTTP.

The browser is the console's TestClient; the provider's authorize step is called over real
HTTP, as the browser would follow the console's redirect to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import jwt
import pytest
from fastapi.testclient import TestClient

from tests.support.identity_provider import FakeIdentityProvider, new_signing_key, s256
from tests.unit.console.fakes import FakeApis, console

CLIENT_ID = "onecouncil-console"
CLIENT_SECRET = "console-client-secret"
CALLBACK = "http://testserver/sign-in/callback"
HR_OFFICER = {"sub": "u-1001", "name": "Sam Jones", "groups": ["staff", "onecouncil-hr"]}
COULD_NOT_COMPLETE = "could not be completed and you are not signed in"


@pytest.fixture(scope="module")
def serving_provider() -> Iterator[FakeIdentityProvider]:
    idp = FakeIdentityProvider(CLIENT_ID, CLIENT_SECRET, CALLBACK)
    with idp.serving():
        yield idp


@pytest.fixture
def provider(serving_provider: FakeIdentityProvider) -> FakeIdentityProvider:
    """The module's provider, well behaved again and signing in an HR officer."""
    serving_provider.reset(HR_OFFICER)
    return serving_provider


def browser(
    provider: FakeIdentityProvider, tmp_path: Path, apis: FakeApis | None = None, **settings: Any
) -> TestClient:
    """A fresh browser on a console that signs in with `provider` (dev sign-in off)."""
    wiring: dict[str, Any] = {
        "oidc_issuer": provider.issuer,
        "oidc_client_id": CLIENT_ID,
        "oidc_client_secret": CLIENT_SECRET,
        "oidc_redirect_url": CALLBACK,
        **settings,
    }
    return console(apis or FakeApis(), tmp_path, dev_sign_in=False, **wiring)


def to_provider(client: TestClient, next: str = "") -> str:
    """Press 'Sign in with your council account': the address the console sends us to."""
    answer = client.get("/sign-in/oidc", params={"next": next} if next else None)
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def provider_answer(authorize_url: str) -> str:
    """Follow the redirect to the provider (real HTTP); the callback address it sends us back to."""
    answer = httpx.get(authorize_url, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    return str(answer.headers["location"])


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    return parts._replace(query=urlencode({**query_of(url), **changes})).geturl()


def is_signed_in(client: TestClient) -> bool:
    home: str = client.get("/").headers["location"]
    return home != "/sign-in"


def assert_refused(
    answer: httpx.Response, client: TestClient, words: str, status: int = 400
) -> None:
    assert answer.status_code == status, answer.text
    assert words in answer.text
    assert not is_signed_in(client)


def test_a_member_of_the_hr_group_signs_in_with_their_council_account(
    provider: FakeIdentityProvider, tmp_path: Path
) -> None:
    apis = FakeApis()
    client = browser(provider, tmp_path, apis)
    authorize = to_provider(client)
    asked = query_of(authorize)
    assert authorize.startswith(f"{provider.issuer}/authorize?")
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) == 43
    assert "code_verifier" not in asked and CLIENT_SECRET not in authorize

    answer = client.get(provider_answer(authorize))

    assert answer.status_code == 303 and answer.headers["location"] == "/dashboard"
    assert len(provider.redeemed) == 1  # the code, with the verifier matching the challenge
    assert "Signed in as Sam Jones (HR staff)" in client.get("/dashboard").text
    # The services are called with the provider's own token, not one the console made up.
    sent = apis.calls[-1].headers["authorization"].removeprefix("Bearer ")
    assert jwt.get_unverified_header(sent)["alg"] == "RS256"
    assert jwt.decode(sent, options={"verify_signature": False})["iss"] == provider.issuer


def test_a_lead_signs_in_with_their_department_and_goes_to_the_page_they_asked_for(
    provider: FakeIdentityProvider, tmp_path: Path
) -> None:
    provider.person = {"sub": "u-2002", "name": "Ali Khan", "groups": ["onecouncil-leads"]}
    provider.person["department"] = "Children's Services"
    client = browser(provider, tmp_path)

    answer = client.get(provider_answer(to_provider(client, next="/lead")))

    assert answer.status_code == 303 and answer.headers["location"] == "/lead"
    assert "Signed in as Ali Khan (department lead, Children" in client.get("/lead").text


def test_each_sign_in_sends_a_fresh_code_challenge(
    provider: FakeIdentityProvider, tmp_path: Path
) -> None:
    client = browser(provider, tmp_path)
    first, second = (query_of(to_provider(client))["code_challenge"] for _ in range(2))
    assert first != second


def test_a_code_issued_to_another_browsers_sign_in_is_refused_by_pkce(
    provider: FakeIdentityProvider, tmp_path: Path
) -> None:
    # An attacker starts their own sign-in, keeps the code, and plants it in the victim's
    # callback with the victim's own state: only the verifier can tell the codes apart.
    attacker, victim = browser(provider, tmp_path), browser(provider, tmp_path)
    stolen_code = query_of(provider_answer(to_provider(attacker)))["code"]
    victims_callback = provider_answer(to_provider(victim))

    answer = victim.get(with_query(victims_callback, code=stolen_code))

    assert provider.token_refusals == ["invalid_grant"] and provider.redeemed == []
    assert_refused(answer, victim, COULD_NOT_COMPLETE)


def test_a_verifier_that_does_not_match_the_challenge_is_refused(
    provider: FakeIdentityProvider, tmp_path: Path
) -> None:
    client = browser(provider, tmp_path)
    authorize = to_provider(client)
    # The provider is told another verifier's challenge, so the console's own no longer fits.
    other = with_query(authorize, code_challenge=s256("another-verifier-" + "x" * 40))

    answer = client.get(provider_answer(other))

    assert provider.token_refusals == ["invalid_grant"]
    assert_refused(answer, client, COULD_NOT_COMPLETE)


def test_a_tampered_state_is_refused_before_the_code_is_redeemed(
    provider: FakeIdentityProvider, tmp_path: Path
) -> None:
    client = browser(provider, tmp_path)
    callback = provider_answer(to_provider(client))

    answer = client.get(with_query(callback, state="forged-state"))

    assert provider.redeemed == [] and provider.token_refusals == []
    assert_refused(answer, client, COULD_NOT_COMPLETE)
    # The attempt was used up: the genuine answer cannot be replayed after the forged one.
    assert_refused(client.get(callback), client, COULD_NOT_COMPLETE)


def test_a_callback_address_taken_to_another_browser_signs_nobody_in(
    provider: FakeIdentityProvider, tmp_path: Path
) -> None:
    callback = provider_answer(to_provider(browser(provider, tmp_path)))
    elsewhere = browser(provider, tmp_path)
    assert_refused(elsewhere.get(callback), elsewhere, COULD_NOT_COMPLETE)


def test_a_sign_in_the_provider_refuses_is_explained_not_crashed_on(
    provider: FakeIdentityProvider, tmp_path: Path
) -> None:
    provider.refuse_with = "access_denied"
    client = browser(provider, tmp_path)
    callback = provider_answer(to_provider(client))
    assert query_of(callback)["error"] == "access_denied"

    answer = client.get(callback)

    assert_refused(answer, client, "did not sign you in")
    assert "Start again from the sign-in page" in answer.text


@pytest.mark.parametrize(
    "token_changes",
    [
        pytest.param({"nonce": "another-browsers-nonce"}, id="wrong nonce"),
        pytest.param({"aud": "some-other-app"}, id="wrong audience"),
        pytest.param({"iss": "https://impostor.example"}, id="wrong issuer"),
        pytest.param({"exp": 1_000_000_000, "iat": 999_999_000}, id="expired"),
        pytest.param({"sub": None}, id="no subject"),
        pytest.param({"exp": None}, id="no expiry"),
    ],
)
def test_an_id_token_the_console_cannot_trust_is_refused(
    provider: FakeIdentityProvider, tmp_path: Path, token_changes: dict[str, Any]
) -> None:
    provider.token_changes = token_changes
    client = browser(provider, tmp_path)

    answer = client.get(provider_answer(to_provider(client)))

    assert_refused(answer, client, COULD_NOT_COMPLETE)


def test_an_id_token_signed_with_a_key_not_in_the_providers_jwks_is_refused(
    provider: FakeIdentityProvider, tmp_path: Path
) -> None:
    provider.signing_key = new_signing_key()  # same key id, another key: a forgery
    client = browser(provider, tmp_path)
    answer = client.get(provider_answer(to_provider(client)))
    assert_refused(answer, client, COULD_NOT_COMPLETE)


def test_a_console_with_the_wrong_client_secret_is_refused_by_the_token_endpoint(
    provider: FakeIdentityProvider, tmp_path: Path
) -> None:
    client = browser(provider, tmp_path, oidc_client_secret="not-the-secret")
    answer = client.get(provider_answer(to_provider(client)))
    assert provider.token_refusals == ["invalid_client"]
    assert_refused(answer, client, COULD_NOT_COMPLETE)


def test_someone_in_no_console_group_is_told_why_and_not_signed_in(
    provider: FakeIdentityProvider, tmp_path: Path
) -> None:
    provider.person["groups"] = ["staff"]
    client = browser(provider, tmp_path)
    answer = client.get(provider_answer(to_provider(client)))
    assert_refused(answer, client, "not in any group that may use One Council", status=403)


def test_an_unreachable_provider_is_a_service_unavailable_page(
    provider: FakeIdentityProvider, tmp_path: Path
) -> None:
    client = browser(provider, tmp_path, oidc_issuer="http://127.0.0.1:9")
    answer = client.get("/sign-in/oidc")
    assert_refused(answer, client, "cannot be reached", status=503)
