"""What a person sees when something stops them: sign in, not allowed, expired form, outage."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from services.console.adapters.services_api import ApiRefusal, ServiceUnavailable
from services.console.entrypoints.session import BadCsrfToken, NotAllowed, NotSignedIn, render

TITLES = {
    400: "Sorry, there is a problem with that request",
    403: "You cannot see this page",
    404: "Page not found",
    409: "That cannot be done",
    503: "Sorry, the service is unavailable",
}


def install(app: FastAPI) -> None:
    """Answer each of the console's stopping points with a GOV.UK-style page."""

    @app.exception_handler(NotSignedIn)
    async def to_sign_in(request: Request, _error: Exception) -> Response:
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/sign-in?next={quote(wanted, safe='')}", status_code=303)

    @app.exception_handler(NotAllowed)
    async def not_allowed(request: Request, error: Exception) -> Response:
        return _page(request, 403, str(error))

    @app.exception_handler(BadCsrfToken)
    async def bad_form(request: Request, _error: Exception) -> Response:
        words = "The form had expired or did not come from this console. Go back and try again."
        return _page(request, 400, words)

    @app.exception_handler(ApiRefusal)
    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiRefusal)
        status = error.status if error.status in TITLES else 400
        return _page(request, status, _sentence(error.message))

    @app.exception_handler(ServiceUnavailable)
    async def unavailable(request: Request, error: Exception) -> Response:
        return _page(request, 503, f"{_sentence(str(error))}. Try again in a few minutes.")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        status = error.status_code if error.status_code in TITLES else 400
        return _page(request, status, _sentence(str(error.detail)))


def _page(request: Request, status: int, message: str) -> Response:
    return render(request, "problem.html", status, title=TITLES[status], message=message)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
