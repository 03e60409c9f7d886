"""OpenID Connect authorization-code sign-in with the council's identity provider (optional).

Wired but not exercised against a real provider here: tests cover the redirect URL and the
claim-to-role mapping only. The ID token's signature is checked with the provider's JWKS.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt


@dataclass(frozen=True)
class OidcClient:
    """The console as a confidential client of the council's identity provider."""

    issuer: str
    client_id: str
    client_secret: str
    redirect_url: str
    scopes: str = "openid profile email"

    async def discover(self) -> dict[str, Any]:
        """The provider's published endpoints (authorization, token, JWKS)."""
        url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
        async with httpx.AsyncClient(timeout=10) as client:
            answer = await client.get(url)
            answer.raise_for_status()
            found: dict[str, Any] = answer.json()
            return found

    def authorization_url(self, authorization_endpoint: str, state: str, nonce: str) -> str:
        """Where to send the browser to sign in."""
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": self.redirect_url,
                "scope": self.scopes,
                "state": state,
                "nonce": nonce,
            }
        )
        separator = "&" if "?" in authorization_endpoint else "?"
        return f"{authorization_endpoint}{separator}{query}"

    async def claims_for(self, code: str, nonce: str, endpoints: dict[str, Any]) -> dict[str, Any]:
        """Swap the code for tokens; return the ID token's verified claims."""
        async with httpx.AsyncClient(timeout=10) as client:
            answer = await client.post(
                endpoints["token_endpoint"],
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": self.redirect_url,
                },
                auth=(self.client_id, self.client_secret),
            )
            answer.raise_for_status()
        id_token = answer.json()["id_token"]
        signing_key = jwt.PyJWKClient(endpoints["jwks_uri"]).get_signing_key_from_jwt(id_token)
        claims: dict[str, Any] = jwt.decode(
            id_token,
            signing_key.key,
            algorithms=["RS256", "ES256", "PS256"],
            audience=self.client_id,
            issuer=self.issuer,
        )
        if claims.get("nonce") != nonce:
            raise jwt.InvalidTokenError("the sign-in answer does not match this browser's request")
        return claims


def new_state() -> tuple[str, str]:
    """A fresh (state, nonce) pair, kept in the session until the callback."""
    return secrets.token_urlsafe(24), secrets.token_urlsafe(24)
