"""Who is signed in (a server-side session behind an HttpOnly, SameSite=Lax cookie holding
only its random id: `server_sessions.py`), CSRF, and rendering."""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from services.console.adapters.oidc import OidcClient
from services.console.adapters.replays import Replays
from services.console.adapters.services_api import Services
from services.console.entrypoints.server_sessions import rotate_session
from services.console.settings import ConsoleSettings
from shared.auth import Principal, expiry_of, holds, mint_token
from shared.claims import SignedInAs


@dataclass(kw_only=True)
class Console:
    """The console's shared pieces, kept on `app.state.console`."""

    settings: ConsoleSettings
    services: Services
    templates: Jinja2Templates
    oidc: OidcClient | None
    replays: Replays | None = None  # the auditors' replay (needs the log: Kafka)


@dataclass(frozen=True)
class User:
    """The signed-in person and the API token the console calls the services with."""

    principal: Principal
    name: str
    token: str

    @property
    def role(self) -> str:
        return self.principal.role

    @property
    def department(self) -> str | None:
        return self.principal.department


class NotSignedIn(Exception):
    """No session, or its token has expired: the browser goes to the sign-in page."""


class NotAllowed(Exception):
    """Signed in, but this page is for another role."""


class BadCsrfToken(Exception):
    """A form came back without this session's CSRF token."""


def console_of(request: Request) -> Console:
    console: Console = request.app.state.console
    return console


def sign_in(request: Request, who: SignedInAs, provider_token: str | None = None) -> None:
    """Start a fresh session for `who`. The services are called with the identity
    provider's own token when there is one; the development sign-in (local mode only)
    mints a local token signed with JWT_SECRET."""
    secret = console_of(request).settings.jwt_secret.get_secret_value()
    token = provider_token or mint_token(secret, who.user_id, who.role, who.department)
    expires = expiry_of(token)
    request.session.clear()
    request.session.update(
        {
            "token": token,
            "name": who.name or who.user_id,
            "user_id": who.user_id,
            "role": who.role,
            "department": who.department,
            "expires": expires,
        }
    )
    rotate_session(request.scope)  # a new id: one planted before sign-in is worth nothing
    csrf_token(request)


def signed_in(request: Request) -> User:
    """FastAPI dependency: the signed-in user, else `NotSignedIn`. The session is the
    server's own (`server_sessions.py`): what it says was checked at sign-in."""
    session = request.session
    if not session.get("token") or float(session.get("expires", 0)) <= time.time():
        session.clear()
        raise NotSignedIn()
    principal = Principal(
        user_id=session["user_id"],
        role=session["role"],
        department=session.get("department"),
        expires_at=datetime.fromtimestamp(float(session["expires"]), UTC),
    )
    return User(principal, str(session.get("name", principal.user_id)), session["token"])


SignedIn = Annotated[User, Depends(signed_in)]


def hr_staff(user: SignedIn) -> User:
    """FastAPI dependency: only HR staff may use HR's actions."""
    if not holds(user.role, ("hr_staff",)):  # an HR manager is HR staff too
        raise NotAllowed("Only HR staff can change posts and transfers")
    return user


HrStaff = Annotated[User, Depends(hr_staff)]


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token (field or header) matches the session's."""
    form = await request.form()
    given = str(form.get("csrf_token") or request.headers.get("x-csrf-token") or "")
    expected = str(request.session.get("csrf") or "")
    if not expected or not hmac.compare_digest(given, expected):
        raise BadCsrfToken()
    return form


def texts(form: FormData) -> dict[str, str]:
    """The form's text fields, trimmed (files left out)."""
    return {key: value.strip() for key, value in form.items() if isinstance(value, str)}


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page, with the user, the CSRF token and any one-off message it needs."""
    try:
        user: User | None = signed_in(request)
    except NotSignedIn:
        user = None
    flash = request.session.pop("flash", None)
    return console_of(request).templates.TemplateResponse(
        request,
        template,
        {"user": user, "csrf_token": csrf_token(request), "flash": flash, **context},
        status_code=status,
    )


def flash(request: Request, message: str) -> None:
    """A success message for the next page (GOV.UK notification banner)."""
    request.session["flash"] = message
