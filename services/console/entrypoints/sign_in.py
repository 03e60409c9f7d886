"""Signing in and out: the local development sign-in (off unless enabled) and OpenID Connect."""

from __future__ import annotations

from typing import cast

import structlog
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from services.console.adapters.oidc import new_state
from services.console.application.refusals import FieldError
from services.console.application.roles import (
    ROLES,
    NoConsoleRole,
    SignedInAs,
    parse_role_map,
    role_from_claims,
)
from services.console.entrypoints.session import (
    NotSignedIn,
    checked_form,
    console_of,
    render,
    sign_in,
    signed_in,
    texts,
)
from shared.auth import Role
from shared.reference import DEPARTMENTS

log = structlog.get_logger(__name__)
router = APIRouter(include_in_schema=False)


def home_of(role: str) -> str:
    return "/lead" if role == "department_lead" else "/dashboard"


def _safe_next(wanted: str | None, role: str) -> str:
    # Only paths on this console: never an absolute or scheme-relative URL.
    if wanted and wanted.startswith("/") and not wanted.startswith(("//", "/\\")):
        return wanted
    return home_of(role)


@router.get("/")
async def start(request: Request) -> Response:
    try:
        user = signed_in(request)
    except NotSignedIn:
        return RedirectResponse("/sign-in", status_code=303)
    return RedirectResponse(home_of(user.role), status_code=303)


@router.get("/sign-in")
async def sign_in_page(request: Request, next: str = "") -> Response:
    console = console_of(request)
    return render(
        request,
        "sign_in.html",
        title="Sign in",
        dev=console.settings.console_dev_sign_in,
        oidc=console.oidc is not None,
        next=next,
        values={},
        errors=[],
        departments=list(DEPARTMENTS.items()),
    )


@router.post("/sign-in/dev")
async def dev_sign_in(request: Request) -> Response:
    """Local development only: sign in as any role (and department, for a lead)."""
    console = console_of(request)
    if not console.settings.console_dev_sign_in:
        raise HTTPException(404, "development sign-in is switched off")
    form = texts(await checked_form(request))
    role, department = form.get("role", ""), form.get("department") or None
    errors = []
    if role not in ROLES:
        errors.append(FieldError("role", "Select the role to sign in as"))
    elif role == "department_lead" and department not in DEPARTMENTS:
        errors.append(FieldError("department", "Select the department you lead"))
    if errors:
        return render(
            request, "sign_in.html", 400, title="Sign in", dev=True, oidc=console.oidc is not None,
            next=form.get("next", ""), values=form, errors=errors,
            departments=list(DEPARTMENTS.items()),
        )  # fmt: skip
    user_id = form.get("user_id") or f"dev-{role.replace('_', '-')}"
    who = SignedInAs(
        user_id, cast(Role, role), department if role == "department_lead" else None, user_id
    )
    sign_in(request, who)
    log.info("console.signed_in", role=role, department=who.department, how="development")
    return RedirectResponse(_safe_next(form.get("next"), role), status_code=303)


@router.get("/sign-in/oidc")
async def oidc_start(request: Request, next: str = "") -> Response:
    """Send the browser to the council's identity provider."""
    oidc = console_of(request).oidc
    if oidc is None:
        raise HTTPException(404, "sign-in with the council's identity provider is not set up")
    endpoints = await oidc.discover()
    state, nonce = new_state()
    request.session.update({"oidc_state": state, "oidc_nonce": nonce, "oidc_next": next})
    url = oidc.authorization_url(endpoints["authorization_endpoint"], state, nonce)
    return RedirectResponse(url, status_code=303)


@router.get("/sign-in/callback")
async def oidc_callback(request: Request, code: str = "", state: str = "") -> Response:
    """The identity provider sends the browser back here with a one-time code."""
    console = console_of(request)
    oidc = console.oidc
    expected = request.session.pop("oidc_state", None)
    nonce = request.session.pop("oidc_nonce", "")
    wanted = request.session.pop("oidc_next", "")
    if oidc is None or not code or not expected or state != expected:
        raise HTTPException(400, "the sign-in could not be completed; start again")
    claims = await oidc.claims_for(code, nonce, await oidc.discover())
    settings = console.settings
    try:
        who = role_from_claims(
            claims,
            parse_role_map(settings.oidc_role_map),
            settings.oidc_role_claim,
            settings.oidc_department_claim,
        )
    except NoConsoleRole as refusal:
        raise HTTPException(403, str(refusal)) from None
    sign_in(request, who)
    log.info("console.signed_in", role=who.role, department=who.department, how="oidc")
    return RedirectResponse(_safe_next(wanted, who.role), status_code=303)


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    await checked_form(request)
    request.session.clear()
    return RedirectResponse("/sign-in", status_code=303)
