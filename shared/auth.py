"""Bearer tokens (JWT, HS256) carrying a role, and the FastAPI dependencies that check them.

Roles: `hr_staff`, `department_lead` (with a department), `finance_staff`, `auditor`.
The signing secret comes from settings and is never logged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

import jwt
from fastapi import Depends, HTTPException, Request
from pydantic import BaseModel, ValidationError

Role = Literal["hr_staff", "department_lead", "finance_staff", "auditor"]
ROLE_WORDS: dict[str, str] = {
    "hr_staff": "HR staff",
    "department_lead": "department leads",
    "finance_staff": "finance staff",
    "auditor": "auditors",
}


class Principal(BaseModel):
    """The signed-in user, as a token describes them."""

    user_id: str
    role: Role
    department: str | None = None


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
    if role == "department_lead" and not department:
        raise ValueError("a department lead's token needs a department")
    now = datetime.now(UTC)
    claims = {"sub": user_id, "role": role, "department": department, "iat": now, "exp": now + ttl}
    return jwt.encode(claims, secret, algorithm="HS256")


def verify_token(secret: str, token: str) -> Principal:
    """The principal a valid token names; raise `AuthError` saying why not."""
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp"]})
    except jwt.ExpiredSignatureError:
        raise AuthError("the token has expired") from None
    except jwt.InvalidTokenError as error:
        raise AuthError(f"the token is not valid: {error}") from None
    try:
        return Principal(
            user_id=claims["sub"], role=claims["role"], department=claims.get("department")
        )
    except (KeyError, ValidationError):
        raise AuthError("the token does not name a user and a known role") from None


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
    secret: str = request.app.state.jwt_secret
    try:
        return verify_token(secret, token)
    except AuthError as error:
        raise HTTPException(401, str(error), headers={"WWW-Authenticate": "Bearer"}) from None


CurrentPrincipal = Annotated[Principal, Depends(principal_from)]


def require_role(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """FastAPI dependency factory: only these roles may call the endpoint (else 403)."""
    allowed = " or ".join(ROLE_WORDS[role] for role in roles)

    async def check(principal: CurrentPrincipal) -> Principal:  # async: no thread hop
        if principal.role not in roles:
            raise HTTPException(
                403, f"only {allowed} may do this; you are signed in as {principal.role}"
            )
        return principal

    return check
