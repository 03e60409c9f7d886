"""Tokens from the council's identity provider (Microsoft Entra ID or any OpenID Connect
provider), checked on every API request.

The provider is found by discovery (`<issuer>/.well-known/openid-configuration`); its
signing keys (JWKS) are cached, and a token signed with a key id not yet seen makes the
cache reload (rotation), at most once per `refetch_s`. A token must be RS256 or ES256,
from the configured issuer, for one of the configured audiences, not expired (60 s of
clock skew), living no longer than 12 hours, and naming a subject; its role comes from the
groups or app-roles claim through `OIDC_ROLE_MAP` (shared/claims.py), a lead's department
from the department claim. Local HS256 tokens (signed with `JWT_SECRET`) are accepted in
local mode only: `make demo` and the tests.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt

from shared.auth import AuthError, Principal, checked_claims, principal_of, verify_token
from shared.claims import NoRole, parse_role_map, role_from_claims

PROVIDER_ALGORITHMS = ["RS256", "ES256"]
TIMEOUT_S = 5.0


@dataclass(kw_only=True)
class IdentityProvider:
    """The council's provider as the APIs see it: whose tokens, for whom, meaning what."""

    issuer: str
    audiences: list[str]
    role_map: str
    role_claim: str
    department_claim: str
    refetch_s: float = 60.0
    _keys: dict[str, Any] = field(default_factory=dict)
    _fetched_at: float = float("-inf")
    _jwks_uri: str = ""

    async def principal(self, token: str, kid: str | None) -> Principal:
        key = await self._key(kid)
        claims = checked_claims(
            token, key, PROVIDER_ALGORITHMS, audience=self.audiences, issuer=self.issuer
        )
        try:
            who = role_from_claims(
                claims, parse_role_map(self.role_map), self.role_claim, self.department_claim
            )
        except NoRole as refusal:
            raise AuthError(str(refusal)) from None
        return principal_of(claims, who.role, who.department)

    async def _key(self, kid: str | None) -> Any:
        if kid not in self._keys and time.monotonic() - self._fetched_at >= self.refetch_s:
            await self._reload()
        if kid not in self._keys:
            raise AuthError("the token is signed with a key the identity provider does not publish")
        return self._keys[kid]

    async def _reload(self) -> None:
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT_S) as client:
                if not self._jwks_uri:
                    discovery = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
                    self._jwks_uri = str((await _json(client, discovery))["jwks_uri"])
                published = await _json(client, self._jwks_uri)
            keys = jwt.PyJWKSet.from_dict(published).keys
        except (httpx.HTTPError, ValueError, KeyError, jwt.PyJWTError) as error:
            raise AuthError(f"the identity provider could not be reached ({error!r})") from None
        self._keys = {key.key_id: key.key for key in keys if key.key_id}
        self._fetched_at = time.monotonic()


async def _json(client: httpx.AsyncClient, url: str) -> dict[str, Any]:
    answer = await client.get(url)
    answer.raise_for_status()
    found: dict[str, Any] = answer.json()
    return found


@dataclass(frozen=True, kw_only=True)
class TokenVerifier:
    """Every API's one door: the provider's tokens, and in local mode the local ones."""

    local_secret: str | None
    provider: IdentityProvider | None

    async def principal(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as error:
            raise AuthError(f"the token is not valid: {error}") from None
        if header.get("alg") == "HS256" and self.local_secret is not None:
            return verify_token(self.local_secret, token)
        if header.get("alg") not in PROVIDER_ALGORITHMS:
            raise AuthError(f"tokens signed with {header.get('alg')!r} are not accepted here")
        if self.provider is None:
            raise AuthError("no identity provider is set up here (OIDC_ISSUER)")
        return await self.provider.principal(token, header.get("kid"))
