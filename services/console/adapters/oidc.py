"""OpenID Connect authorization-code sign-in, with PKCE (RFC 7636, S256), for the council's
identity provider (optional).

Exercised end to end against a fake provider that speaks the protocol over local HTTP
(tests/unit/console/test_oidc_sign_in_flow.py). The ID token must be signed with a key from
the provider's JWKS and name this console as audience, the provider as issuer, the browser's
nonce, and an expiry still to come; anything else is a `SignInFailed`.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt

TIMEOUT_SECONDS = 10
# Some seconds of clock difference between the provider and this console are normal.
LEEWAY_SECONDS = 30
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")


class SignInFailed(Exception):
    """The provider's answer cannot be used or trusted; nobody is signed in.

    The message is for the log only: it may repeat the provider's words.
    """


class ProviderUnavailable(Exception):
    """The identity provider could not be reached, or did not answer as OpenID Connect says."""


@dataclass(frozen=True)
class SignInAttempt:
    """One browser's sign-in in progress, kept in its session until the provider sends it back."""

    state: str
    nonce: str
    code_verifier: str

    @classmethod
    def start(cls) -> SignInAttempt:
        # 48 random bytes make a 64-character verifier: inside RFC 7636's 43 to 128.
        return cls(secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48))

    @property
    def code_challenge(self) -> str:
        return code_challenge(self.code_verifier)


def code_challenge(code_verifier: str) -> str:
    """RFC 7636 S256: the verifier's SHA-256, base64url-encoded without padding."""
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass(frozen=True, kw_only=True)
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
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
                answer = await client.get(url)
                answer.raise_for_status()
                found: dict[str, Any] = answer.json()
        except (httpx.HTTPError, ValueError) as error:
            raise ProviderUnavailable(f"discovery failed: {error!r}") from error
        missing = [name for name in ENDPOINTS if not isinstance(found.get(name), str)]
        if missing:
            raise ProviderUnavailable(f"discovery document lacks {', '.join(missing)}")
        return found

    def authorization_url(self, authorization_endpoint: str, attempt: SignInAttempt) -> str:
        """Where to send the browser to sign in; the verifier itself never leaves the console."""
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": self.redirect_url,
                "scope": self.scopes,
                "state": attempt.state,
                "nonce": attempt.nonce,
                "code_challenge": attempt.code_challenge,
                "code_challenge_method": "S256",
            }
        )
        separator = "&" if "?" in authorization_endpoint else "?"
        return f"{authorization_endpoint}{separator}{query}"

    async def claims_for(
        self, code: str, attempt: SignInAttempt, endpoints: dict[str, Any]
    ) -> tuple[dict[str, Any], str]:
        """Swap the code and this attempt's verifier for tokens: the ID token's checked claims,
        and the token itself (the console calls the APIs with it)."""
        id_token = await self._id_token(code, attempt.code_verifier, endpoints["token_endpoint"])
        claims = await self._checked_claims(id_token, attempt.nonce, endpoints["jwks_uri"])
        return claims, id_token

    async def _id_token(self, code: str, code_verifier: str, token_endpoint: str) -> str:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_url,
            "code_verifier": code_verifier,
        }
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
                answer = await client.post(
                    token_endpoint, data=form, auth=(self.client_id, self.client_secret)
                )
        except httpx.HTTPError as error:
            raise ProviderUnavailable(f"token endpoint unreachable: {error!r}") from error
        if answer.status_code != 200:
            raise SignInFailed(f"token endpoint refused the code: {_oauth_error(answer)}")
        try:
            id_token = answer.json()["id_token"]
        except (ValueError, KeyError, TypeError):
            raise SignInFailed("token endpoint answered without an ID token") from None
        if not isinstance(id_token, str):
            raise SignInFailed("token endpoint answered without an ID token")
        return id_token

    async def _checked_claims(self, id_token: str, nonce: str, jwks_uri: str) -> dict[str, Any]:
        # PyJWKClient fetches with blocking urllib: in a thread, so other requests carry on.
        keys = jwt.PyJWKClient(jwks_uri, timeout=TIMEOUT_SECONDS)
        try:
            signing_key = await asyncio.to_thread(keys.get_signing_key_from_jwt, id_token)
            claims: dict[str, Any] = jwt.decode(
                id_token,
                signing_key.key,
                algorithms=["RS256", "ES256", "PS256"],
                audience=self.client_id,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "sub"]},
            )
        except jwt.PyJWKClientConnectionError as error:
            raise ProviderUnavailable(f"JWKS unreachable: {error}") from error
        except jwt.PyJWTError as error:
            raise SignInFailed(f"ID token not accepted: {error}") from error
        given = str(claims.get("nonce", "")).encode()
        if not nonce or not hmac.compare_digest(given, nonce.encode()):
            raise SignInFailed("ID token's nonce is not this browser's")
        return claims


def _oauth_error(answer: httpx.Response) -> str:
    # Only the short RFC 6749 error code is kept: the description may be long or personal.
    try:
        code = answer.json().get("error", "")
    except (ValueError, AttributeError):
        code = ""
    return f"HTTP {answer.status_code} {str(code)[:40]}".strip()
