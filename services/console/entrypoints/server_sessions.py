"""Sessions kept on the server: the browser holds only a random id.

Starlette's own sessions put the whole session (the user's API token among it) in a signed
cookie: readable by anyone who copies it, forgeable by anyone with the signing secret, and
still good after sign-out. Here the cookie is a 256-bit random id; the session lives in
this process's memory until it expires or is cleared (sign-out), and a new id is issued at
sign-in (no fixation). A restart signs everyone out; several console processes need sticky
sessions (docs/console.md).
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ROTATE = "console.rotate_session"  # scope key: issue a new id for this session


def rotate_session(scope: Scope) -> None:
    """Give the session a new id when this response goes out (call at sign-in)."""
    scope[ROTATE] = True


class SessionStore:
    """Session data by id, each until its expiry; at most `capacity` live at once."""

    def __init__(self, max_age_s: int, capacity: int = 100_000) -> None:
        self.max_age_s, self.capacity = max_age_s, capacity
        self._sessions: dict[str, tuple[float, dict[str, Any]]] = {}

    def get(self, session_id: str) -> dict[str, Any] | None:
        found = self._sessions.get(session_id)
        if found is None or found[0] < time.monotonic():
            self._sessions.pop(session_id, None)
            return None
        return dict(found[1])

    def put(self, session_id: str | None, data: dict[str, Any]) -> str:
        if session_id is None:
            session_id = secrets.token_urlsafe(32)
        if len(self._sessions) >= self.capacity:
            self._forget_expired()
        self._sessions[session_id] = (time.monotonic() + self.max_age_s, dict(data))
        return session_id

    def drop(self, session_id: str | None) -> None:
        if session_id is not None:
            self._sessions.pop(session_id, None)

    def _forget_expired(self) -> None:
        now = time.monotonic()
        for key in [key for key, (ends, _) in self._sessions.items() if ends < now]:
            del self._sessions[key]
        while len(self._sessions) >= self.capacity:  # the oldest go first
            del self._sessions[next(iter(self._sessions))]


class ServerSessions:
    """ASGI middleware giving `request.session` from the store, by the cookie's id."""

    def __init__(self, app: ASGIApp, store: SessionStore, cookie: str, https_only: bool) -> None:
        self.app, self.store, self.cookie = app, store, cookie
        secure = "; secure" if https_only else ""
        self.flags = f"path=/; httponly; samesite=lax{secure}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = HTTPConnection(scope).cookies.get(self.cookie)
        found = self.store.get(given) if given else None
        session_id = given if found is not None else None
        scope["session"] = found or {}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._settle(scope, session_id, MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, send_wrapper)

    def _settle(self, scope: Scope, session_id: str | None, headers: MutableHeaders) -> None:
        session: dict[str, Any] = scope["session"]
        if scope.get(ROTATE) or not session:
            self.store.drop(session_id)
            session_id = None
        if session:
            session_id = self.store.put(session_id, session)
            headers.append(
                "Set-Cookie",
                f"{self.cookie}={session_id}; Max-Age={self.store.max_age_s}; {self.flags}",
            )
        elif session_id is not None or HTTPConnection(scope).cookies.get(self.cookie):
            headers.append("Set-Cookie", f"{self.cookie}=; Max-Age=0; {self.flags}")
