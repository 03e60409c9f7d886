"""A fake council identity provider speaking OpenID Connect over real HTTP on 127.0.0.1.

Each code is bound to the client, redirect URI, nonce and S256 challenge it was asked for, and
the token endpoint checks them all as a real provider does. Tests change its behaviour through
`refuse_with`, `token_changes` and `signing_key` to play a provider that refuses or misbehaves,
and `reset` it between tests so one server serves a whole module.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

import jwt
import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.support.waiting import eventually

KEY_ID = "council-signing-key-1"


def new_signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def s256(code_verifier: str) -> str:
    # Written out here rather than imported from the console, so the test checks the console.
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class Grant:
    """What a code was issued for; the token endpoint holds the client to it."""

    redirect_uri: str
    nonce: str
    code_challenge: str
    person: dict[str, Any]


@dataclass
class FakeIdentityProvider:
    client_id: str
    client_secret: str
    redirect_uri: str
    person: dict[str, Any] = field(default_factory=dict)
    refuse_with: str = ""  # an OAuth error code the authorize step answers with instead of a code
    # Claims changed in the ID token; None leaves the claim out.
    token_changes: dict[str, Any] = field(default_factory=dict)
    key: rsa.RSAPrivateKey = field(default_factory=new_signing_key)
    signing_key: rsa.RSAPrivateKey | None = None  # another key: the ID token is a forgery
    key_id: str = KEY_ID  # the published key's id (a rotation publishes a new key and id)
    issuer: str = ""
    grants: dict[str, Grant] = field(default_factory=dict)
    redeemed: list[str] = field(default_factory=list)  # the codes the token endpoint accepted
    token_refusals: list[str] = field(default_factory=list)

    def reset(self, person: dict[str, Any]) -> None:
        """Back to a well-behaved provider with no codes issued, signing `person` in."""
        fresh = FakeIdentityProvider(
            self.client_id,
            self.client_secret,
            self.redirect_uri,
            dict(person),
            key=self.key,
            key_id=self.key_id,
        )
        self.__dict__.update({**fresh.__dict__, "issuer": self.issuer})

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.configuration),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
                Route("/jwks", self.jwks),
            ]
        )

    async def configuration(self, _request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
            }
        )

    async def authorize(self, request: Request) -> Response:
        asked = request.query_params
        if asked.get("client_id") != self.client_id or asked.get("redirect_uri") != (
            self.redirect_uri
        ):
            # RFC 6749 4.1.2.1: never redirect to an address not registered for the client.
            return PlainTextResponse("unknown client or redirect URI", status_code=400)
        state = asked.get("state", "")
        if self.refuse_with:
            return self._back(error=self.refuse_with, state=state)
        challenge = asked.get("code_challenge", "")
        if asked.get("code_challenge_method") != "S256" or len(challenge) != 43:
            return self._back(error="invalid_request", state=state)
        if asked.get("response_type") != "code" or "openid" not in asked.get("scope", "").split():
            return self._back(error="invalid_request", state=state)
        code = secrets.token_urlsafe(16)
        nonce = asked.get("nonce", "")
        self.grants[code] = Grant(self.redirect_uri, nonce, challenge, dict(self.person))
        return self._back(code=code, state=state)

    def _back(self, **answer: str) -> Response:
        return RedirectResponse(f"{self.redirect_uri}?{urlencode(answer)}", status_code=302)

    async def token(self, request: Request) -> Response:
        sent = parse_qs((await request.body()).decode())
        form = {name: values[0] for name, values in sent.items()}
        if request.headers.get("authorization") != _basic(self.client_id, self.client_secret):
            return self._refuse("invalid_client", 401)
        grant = self.grants.pop(form.get("code", ""), None)  # a code is good for one try
        if form.get("grant_type") != "authorization_code" or grant is None:
            return self._refuse("invalid_grant")
        if form.get("redirect_uri") != grant.redirect_uri:
            return self._refuse("invalid_grant")
        if s256(form.get("code_verifier", "")) != grant.code_challenge:
            return self._refuse("invalid_grant")
        self.redeemed.append(form["code"])
        return JSONResponse(
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.id_token(grant),
            }
        )

    def _refuse(self, error: str, status: int = 400) -> Response:
        self.token_refusals.append(error)
        return JSONResponse({"error": error}, status_code=status)

    def id_token(self, grant: Grant) -> str:
        return self.access_token(
            grant.person, self.client_id, nonce=grant.nonce, **self.token_changes
        )

    def access_token(self, person: dict[str, Any], audience: str, **changes: Any) -> str:
        """A token as the provider issues them, for the audience (claims may be changed;
        None leaves one out); signed with `signing_key` when a test plays a forger."""
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": audience, "iat": now, "exp": now + 300, **person}
        claims = {k: v for k, v in {**claims, **changes}.items() if v is not None}
        key = self.signing_key or self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.key_id})

    def rotate(self) -> None:
        """Publish a new signing key under a new id; the old one is no longer published."""
        self.key, self.key_id = new_signing_key(), f"{KEY_ID}-{secrets.token_hex(4)}"

    def public_pem(self) -> bytes:
        return self.key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    async def jwks(self, _request: Request) -> Response:
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        key = {**public, "kid": self.key_id, "use": "sig", "alg": "RS256"}
        return JSONResponse({"keys": [key]})

    @contextmanager
    def serving(self) -> Iterator[str]:
        """Serve on a free port of 127.0.0.1 until the block ends; yields the issuer URL."""
        listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listening.bind(("127.0.0.1", 0))  # bound before serving: no race for the port
        self.issuer = f"http://127.0.0.1:{listening.getsockname()[1]}"
        config = uvicorn.Config(self.app(), log_level="warning", lifespan="off")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
        thread.start()
        try:

            def started() -> bool:
                assert thread.is_alive(), "the fake provider stopped"
                return bool(server.started)

            eventually(started, what="the fake provider listening", timeout=10, interval=0.01)
            yield self.issuer
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            listening.close()


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
