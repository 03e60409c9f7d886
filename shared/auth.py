"""Bearer tokens (JWT, HS256) carrying a role, and the FastAPI dependencies that check them.

Roles: `hr_staff`, `hr_manager` (HR staff who may also approve above the approval limits,
shared/approval_policy.py), `department_lead` (with a department), `finance_staff`, `auditor`.
The signing secret comes from settings and is never logged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

import jwt
from fastapi import Depends, HTTPException, Request
from pydantic import BaseModel, ValidationError

from shared.reference import DEPARTMENTS

Role = Literal["hr_staff", "department_lead", "finance_staff", "auditor", "hr_manager"]
ROLE_WORDS: dict[str, str] = {
    "hr_staff": "HR staff",
    "hr_manager": "HR managers",
    "department_lead": "department leads",
    "finance_staff": "finance staff",
    "auditor": "auditors",
}


# An 8-hour working day's token, with room for a long one; anything longer is a token
# that would outlive its holder's access (an "exp" in 9999 was accepted before).
MAX_TOKEN_LIFETIME = timedelta(hours=12)
CLOCK_SKEW = timedelta(seconds=60)
CLAIM_CHECKED_BY = {"audience": "aud", "issuer": "iss"}  # a checked claim must be present
LEAD_WITHOUT_DEPARTMENT = (
    f"a department lead's token must name their department, one of {', '.join(DEPARTMENTS)}"
)


class Principal(BaseModel):
    """The signed-in user, as a token describes them."""

    user_id: str
    role: Role
    department: str | None = None
    expires_at: datetime | None = None  # long-lived answers (streams) end with the token


class AuthError(Exception):
    """The token is missing, expired, badly signed or malformed."""


def mint_token(
    secret: str,
    user_id: str,
    role: Role,
    department: str | None = None,
    ttl: timedelta = timedelta(hours=8),
) -> str:
    """A signed token for local use (the CLI's `token` command) and for tests."""
    if role == "department_lead" and department not in DEPARTMENTS:
        raise ValueError(LEAD_WITHOUT_DEPARTMENT)
    if ttl > MAX_TOKEN_LIFETIME:
        raise ValueError(f"a token may live at most {MAX_TOKEN_LIFETIME}")
    now = datetime.now(UTC)
    claims = {"sub": user_id, "role": role, "department": department, "iat": now, "exp": now + ttl}
    return jwt.encode(claims, secret, algorithm="HS256")


def verify_token(secret: str, token: str) -> Principal:
    """The principal a valid local token names; raise `AuthError` saying why not."""
    claims = checked_claims(token, secret, ["HS256"])
    return principal_of(claims, claims.get("role"), claims.get("department"))


def checked_claims(token: str, key: Any, algorithms: list[str], **expected: Any) -> dict[str, Any]:
    """The token's claims once its signature, expiry (with clock skew), lifetime and subject
    hold, and whatever `expected` asks of it (issuer, audience); else `AuthError`."""
    required = ["exp", "iat", "sub", *(CLAIM_CHECKED_BY[name] for name in expected)]
    try:
        claims: dict[str, Any] = jwt.decode(
            token, key, algorithms=algorithms, leeway=CLOCK_SKEW,
            options={"require": required}, **expected,
        )  # fmt: skip
    except jwt.ExpiredSignatureError:
        raise AuthError("the token has expired") from None
    except jwt.InvalidTokenError as error:
        raise AuthError(f"the token is not valid: {error}") from None
    if claims["exp"] - claims["iat"] > MAX_TOKEN_LIFETIME.total_seconds():
        raise AuthError(f"the token lives longer than {MAX_TOKEN_LIFETIME}: ask for a new one")
    if not str(claims["sub"]).strip():
        raise AuthError("the token names no user")
    return claims


def principal_of(claims: dict[str, Any], role: Any, department: Any) -> Principal:
    """Who checked claims name, in the role given. A lead without a known department must
    see nothing, not everything: refused here, once, rather than trusted to every route."""
    try:
        principal = Principal(
            user_id=str(claims["sub"]),
            role=role,
            department=department,
            expires_at=datetime.fromtimestamp(claims["exp"], UTC),
        )
    except ValidationError:
        raise AuthError("the token does not name a user and a known role") from None
    if principal.role == "department_lead" and principal.department not in DEPARTMENTS:
        raise AuthError(LEAD_WITHOUT_DEPARTMENT)
    return principal


async def principal_from(request: Request) -> Principal:
    """FastAPI dependency: the caller's principal, or 401.

    `async` although it never awaits: FastAPI runs a plain `def` dependency in its thread
    pool, and a thread hop per request cost more than checking the token (≈ 50 µs)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(
            401,
            "sign in: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    try:
        return await request.app.state.token_verifier.principal(token)  # type: ignore[no-any-return]
    except AuthError as error:
        raise HTTPException(401, str(error), headers={"WWW-Authenticate": "Bearer"}) from None


CurrentPrincipal = Annotated[Principal, Depends(principal_from)]
# A senior role may do all its junior role may: an HR manager is HR staff too.
ACTS_AS: dict[str, str] = {"hr_manager": "hr_staff"}


def holds(role: str, roles: tuple[str, ...]) -> bool:
    """Whether someone in `role` may act in one of `roles`."""
    return role in roles or ACTS_AS.get(role) in roles


def require_role(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """FastAPI dependency factory: only these roles may call the endpoint (else 403)."""
    allowed = " or ".join(ROLE_WORDS[role] for role in roles)

    async def check(principal: CurrentPrincipal) -> Principal:  # async: no thread hop
        if not holds(principal.role, roles):
            raise HTTPException(
                403, f"only {allowed} may do this; you are signed in as {principal.role}"
            )
        return principal

    return check


def own_department(principal: Principal) -> str | None:
    """The one department a caller's answers are limited to: a lead's own; None for the
    roles that see every department (a lead's token always names a known one)."""
    return principal.department if principal.role == "department_lead" else None


def expiry_of(token: str) -> float:
    """When a token already checked (at sign-in) expires, as a POSIX time."""
    return float(jwt.decode(token, options={"verify_signature": False})["exp"])
