"""How an identity provider's claims become one of the APIs' roles (pure; unit-tested)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from shared.auth import Role
from shared.reference import department_code

ROLES: tuple[Role, ...] = ("hr_staff", "department_lead", "finance_staff", "auditor")


class NoConsoleRole(Exception):
    """The signed-in person is in none of the groups the console knows."""


@dataclass(frozen=True, kw_only=True)
class SignedInAs:
    """Who the console will mint an API token for."""

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
                    raise NoConsoleRole(
                        "you are a department lead but your account names no council department"
                    )
            name = str(claims.get("name") or claims.get("email") or claims["sub"])
            return SignedInAs(
                user_id=str(claims["sub"]), role=role, department=department, name=name
            )
    raise NoConsoleRole("your account is not in any group that may use the console")
