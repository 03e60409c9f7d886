"""OpenID Connect: the redirect the console builds and how claims become a role."""

from __future__ import annotations

import string
from urllib.parse import parse_qs, urlsplit

import pytest

from services.console.adapters.oidc import OidcClient, SignInAttempt, code_challenge
from services.console.settings import ConsoleSettings
from shared.claims import (
    NoRole,
    parse_role_map,
    role_from_claims,
)

ROLE_MAP = parse_role_map(ConsoleSettings().oidc_role_map)
# RFC 7636, appendix B.
RFC_7636_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
RFC_7636_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_the_sign_in_redirect_asks_for_a_code_with_state_nonce_and_an_s256_challenge() -> None:
    client = OidcClient(
        issuer="https://idp.example",
        client_id="console",
        client_secret="s3cret",
        redirect_url="https://c.example/cb",
    )
    attempt = SignInAttempt("st4te", "n0nce", RFC_7636_VERIFIER)
    url = client.authorization_url("https://idp.example/authorize?tenant=x", attempt)
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert parts.netloc == "idp.example" and parts.path == "/authorize"
    assert query == {
        "tenant": ["x"],
        "response_type": ["code"],
        "client_id": ["console"],
        "redirect_uri": ["https://c.example/cb"],
        "scope": ["openid profile email"],
        "state": ["st4te"],
        "nonce": ["n0nce"],
        "code_challenge": [RFC_7636_CHALLENGE],
        "code_challenge_method": ["S256"],
    }
    assert "s3cret" not in url and RFC_7636_VERIFIER not in url


def test_the_code_challenge_is_the_one_rfc_7636_gives_for_its_example_verifier() -> None:
    assert code_challenge(RFC_7636_VERIFIER) == RFC_7636_CHALLENGE


def test_every_sign_in_attempt_has_its_own_state_nonce_and_verifier() -> None:
    first, second = SignInAttempt.start(), SignInAttempt.start()
    assert len({first.state, first.nonce, first.code_verifier, second.code_verifier}) == 4
    assert 43 <= len(first.code_verifier) <= 128
    assert set(first.code_verifier) <= set(string.ascii_letters + string.digits + "-._~")


def test_a_member_of_the_hr_group_signs_in_as_hr_staff() -> None:
    claims = {"sub": "u1", "name": "Sam Jones", "groups": ["staff", "onecouncil-hr"]}
    who = role_from_claims(claims, ROLE_MAP, "groups", "department")
    assert (who.user_id, who.role, who.department, who.name) == (
        "u1",
        "hr_staff",
        None,
        "Sam Jones",
    )


def test_the_first_mapped_group_wins_when_a_person_is_in_several() -> None:
    claims = {"sub": "u2", "groups": ["onecouncil-audit", "onecouncil-hr"]}
    assert role_from_claims(claims, ROLE_MAP, "groups", "department").role == "hr_staff"


def test_a_lead_takes_their_department_from_a_claim_given_as_a_name() -> None:
    claims = {"sub": "u3", "roles": "onecouncil-leads", "dept": "Children's Services"}
    who = role_from_claims(claims, ROLE_MAP, "roles", "dept")
    assert (who.role, who.department) == ("department_lead", "CS")


def test_a_lead_without_a_council_department_is_refused_with_the_reason() -> None:
    claims = {"sub": "u4", "groups": ["onecouncil-leads"], "department": "Parks"}
    with pytest.raises(NoRole, match="names no council department"):
        role_from_claims(claims, ROLE_MAP, "groups", "department")


def test_someone_in_no_mapped_group_may_not_use_the_console() -> None:
    with pytest.raises(NoRole, match="not in any group"):
        role_from_claims({"sub": "u5", "groups": ["staff"]}, ROLE_MAP, "groups", "department")


def test_a_role_map_naming_an_unknown_role_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="unknown role 'admin'"):
        parse_role_map("it-admins=admin")


def test_a_role_map_naming_an_unknown_role_stops_the_console_at_start_up() -> None:
    with pytest.raises(ValueError, match="OIDC_ROLE_MAP names an unknown role 'superuser'"):
        ConsoleSettings(oidc_role_map="onecouncil-hr=hr_staff,admins=superuser")
