"""A bearer token lets in only a named user, for a bounded time, and a lead only for
their own department: what is wrong with any other token is said, not guessed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from shared.auth import AuthError, Principal, mint_token, verify_token

SECRET = "a-test-secret-that-is-long-enough-for-hs256"


def signed(**claims: Any) -> str:
    now = datetime.now(UTC)
    base: dict[str, Any] = {"sub": "officer-1", "role": "hr_staff", "iat": now}
    base["exp"] = now + timedelta(hours=1)
    return jwt.encode({**base, **claims}, SECRET, algorithm="HS256")


def test_a_lead_token_names_its_department() -> None:
    token = mint_token(SECRET, "lead-1", "department_lead", "CS")
    principal = verify_token(SECRET, token)
    assert principal.model_dump(exclude={"expires_at"}) == Principal(
        user_id="lead-1", role="department_lead", department="CS"
    ).model_dump(exclude={"expires_at"})
    assert principal.expires_at is not None
    assert timedelta(hours=7) < principal.expires_at - datetime.now(UTC) <= timedelta(hours=8)


@pytest.mark.parametrize("department", [None, "", "Narnia"])
def test_a_lead_token_without_a_known_department_lets_in_nothing(
    department: str | None,
) -> None:
    token = signed(role="department_lead", department=department)
    with pytest.raises(AuthError, match="must name their department, one of ASCH, CS"):
        verify_token(SECRET, token)
    with pytest.raises(ValueError, match="must name their department"):
        mint_token(SECRET, "lead-1", "department_lead", department)


def test_a_token_for_no_one_is_refused() -> None:
    with pytest.raises(AuthError, match="names no user"):
        verify_token(SECRET, signed(sub="  "))
    with pytest.raises(AuthError, match='missing the "sub" claim'):
        verify_token(SECRET, _without("sub"))


def _without(claim: str) -> str:
    now = datetime.now(UTC)
    claims = {"sub": "officer-1", "role": "hr_staff", "iat": now, "exp": now + timedelta(hours=1)}
    del claims[claim]
    return jwt.encode(claims, SECRET, algorithm="HS256")


def test_a_token_that_would_outlive_a_working_day_is_refused() -> None:
    far = datetime(9999, 1, 1, tzinfo=UTC)
    with pytest.raises(AuthError, match="lives longer than 12:00:00"):
        verify_token(SECRET, signed(exp=far))
    with pytest.raises(AuthError, match='missing the "iat" claim'):
        verify_token(SECRET, _without("iat"))
    with pytest.raises(ValueError, match="at most 12:00:00"):
        mint_token(SECRET, "officer-1", "hr_staff", ttl=timedelta(days=2))


def test_an_expired_token_is_refused_after_the_allowed_clock_skew() -> None:
    past = datetime.now(UTC) - timedelta(hours=2)
    just = datetime.now(UTC) - timedelta(seconds=30)
    assert verify_token(SECRET, signed(iat=past, exp=just)).user_id == "officer-1"
    with pytest.raises(AuthError, match="has expired"):
        verify_token(SECRET, signed(iat=past, exp=past + timedelta(hours=1)))
