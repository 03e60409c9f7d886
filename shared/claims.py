"""How an identity provider's claims become one of the APIs' roles (pure; unit-tested).

One mapping (`OIDC_ROLE_MAP`, `OIDC_ROLE_CLAIM`, `OIDC_DEPARTMENT_CLAIM`) for every API and
the console, so a person has the same role wherever they are signed in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from shared.auth import Role
from shared.reference import department_code

ROLES: tuple[Role, ...] = (
    "hr_staff", "department_lead", "finance_staff", "auditor", "hr_manager"
)  # fmt: skip


class NoRole(Exception):
    """The person is in none of the mapped groups, or is a lead of no known department."""


@dataclass(frozen=True, kw_only=True)
class SignedInAs:
    """Who a token or a sign-in names: their role, and a lead's department."""

    user_id: str
    role: Role
    department: str | None = None
    name: str = ""


def parse_role_map(text: str) -> list[tuple[str, Role]]:
    """`group=role,group=role` in order; an unknown role is a configuration error."""
    pairs: list[tuple[str, Role]] = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        group, _, role = item.partition("=")
        if role.strip() not in ROLES:
            raise ValueError(f"OIDC_ROLE_MAP names an unknown role {role.strip()!r}")
        pairs.append((group.strip(), cast(Role, role.strip())))
    return pairs


def role_from_claims(
    claims: Mapping[str, Any], role_map: list[tuple[str, Role]], role_claim: str, dept_claim: str
) -> SignedInAs:
    """The first mapped group the person is in decides the role; leads need a department."""
    groups = claims.get(role_claim) or []
    held = {groups} if isinstance(groups, str) else {str(group) for group in groups}
    for group, role in role_map:
        if group in held:
            department = None
            if role == "department_lead":
                department = department_code(str(claims.get(dept_claim) or ""))
                if department is None:
                    raise NoRole(
                        "you are a department lead but your account names no council department"
                    )
            name = str(claims.get("name") or claims.get("email") or claims["sub"])
            return SignedInAs(
                user_id=str(claims["sub"]), role=role, department=department, name=name
            )
    raise NoRole("your account is not in any group that may use One Council")
