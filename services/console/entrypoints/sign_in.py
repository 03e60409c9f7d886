"""Signing in and out: the local development sign-in (off unless enabled) and OpenID Connect.

Every way an OpenID Connect sign-in can fail ends on a 400, 403 or 503 page that says what
to do next, with nobody signed in; the reason goes to the log.
"""

from __future__ import annotations

import hmac
from typing import cast

import structlog
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from services.console.adapters.oidc import ProviderUnavailable, SignInAttempt, SignInFailed
from services.console.application.refusals import FieldError
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
from shared.claims import (
    ROLES,
    NoRole,
    SignedInAs,
    parse_role_map,
    role_from_claims,
)
from shared.reference import DEPARTMENTS

log = structlog.get_logger(__name__)
router = APIRouter(include_in_schema=False)

SIGN_IN_FAILED = (
    "the sign-in with your council account could not be completed and you are not signed in."
    " Start again from the sign-in page."
)
PROVIDER_REFUSED = (
    "the council's sign-in service did not sign you in (it may have been cancelled)."
    " Start again from the sign-in page."
)
PROVIDER_UNAVAILABLE = (
    "the council's sign-in service cannot be reached. Try again in a few minutes."
)


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
            request,
            "sign_in.html",
            400,
            title="Sign in",
            dev=True,
            oidc=console.oidc is not None,
            next=form.get("next", ""),
            values=form,
            errors=errors,
            departments=list(DEPARTMENTS.items()),
        )
    user_id = form.get("user_id") or f"dev-{role.replace('_', '-')}"
    who = SignedInAs(
        user_id=user_id,
        role=cast(Role, role),
        department=department if role == "department_lead" else None,
        name=user_id,
    )
    sign_in(request, who)
    log.info("console.signed_in", role=role, department=who.department, how="development")
    return RedirectResponse(_safe_next(form.get("next"), role), status_code=303)


@router.get("/sign-in/oidc")
async def oidc_start(request: Request, next: str = "") -> Response:
    """Send the browser to the council's identity provider, with a fresh state, nonce and PKCE."""
    oidc = console_of(request).oidc
    if oidc is None:
        raise HTTPException(404, "sign-in with the council's identity provider is not set up")
    try:
        endpoints = await oidc.discover()
    except ProviderUnavailable as failure:
        raise _unavailable(failure) from None
    attempt = SignInAttempt.start()
    request.session.update(
        {
            "oidc_state": attempt.state,
            "oidc_nonce": attempt.nonce,
            "oidc_verifier": attempt.code_verifier,
            "oidc_next": next,
        }
    )
    url = oidc.authorization_url(endpoints["authorization_endpoint"], attempt)
    return RedirectResponse(url, status_code=303)


@router.get("/sign-in/callback")
async def oidc_callback(
    request: Request, code: str = "", state: str = "", error: str = ""
) -> Response:
    """The identity provider sends the browser back here with a one-time code (or an error)."""
    console = console_of(request)
    oidc = console.oidc
    # Taken out before any check: an attempt is good for one answer, whatever that answer is.
    attempt, wanted = _take_attempt(request)
    if error:
        raise _refused(f"provider answered error={error[:40]}", PROVIDER_REFUSED)
    if oidc is None or attempt is None or not code:
        raise _refused("no sign-in attempt in this session, or no code")
    if not hmac.compare_digest(state.encode(), attempt.state.encode()):
        raise _refused("state does not match this session's attempt")
    try:
        claims, id_token = await oidc.claims_for(code, attempt, await oidc.discover())
    except ProviderUnavailable as failure:
        raise _unavailable(failure) from None
    except SignInFailed as failure:
        raise _refused(str(failure)) from None
    settings = console.settings
    try:
        who = role_from_claims(
            claims,
            parse_role_map(settings.oidc_role_map),
            settings.oidc_role_claim,
            settings.oidc_department_claim,
        )
    except NoRole as refusal:
        raise _refused(str(refusal), str(refusal), 403) from None
    sign_in(request, who, provider_token=id_token)
    log.info("console.signed_in", role=who.role, department=who.department, how="oidc")
    return RedirectResponse(_safe_next(wanted, who.role), status_code=303)


def _take_attempt(request: Request) -> tuple[SignInAttempt | None, str]:
    """This session's sign-in attempt (if whole) and the page asked for; both leave the session."""
    state = request.session.pop("oidc_state", "")
    nonce = request.session.pop("oidc_nonce", "")
    verifier = request.session.pop("oidc_verifier", "")
    wanted = str(request.session.pop("oidc_next", ""))
    if not (state and nonce and verifier):
        return None, wanted
    return SignInAttempt(str(state), str(nonce), str(verifier)), wanted


def _refused(reason: str, message: str = SIGN_IN_FAILED, status: int = 400) -> HTTPException:
    # The reason is for the log; the person sees a message that tells them what to do.
    log.warning("console.sign_in_refused", how="oidc", reason=reason)
    return HTTPException(status, message)


def _unavailable(failure: ProviderUnavailable) -> HTTPException:
    log.warning("console.sign_in_refused", how="oidc", reason=str(failure))
    return HTTPException(503, PROVIDER_UNAVAILABLE)


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    await checked_form(request)
    request.session.clear()
    return RedirectResponse("/sign-in", status_code=303)
