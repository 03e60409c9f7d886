"""The console's composition root: settings, service clients, sessions, pages. Nothing clever."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from services.console.adapters.oidc import OidcClient
from services.console.adapters.replays import Replays
from services.console.adapters.services_api import Services
from services.console.entrypoints import (
    actions,
    audit,
    board,
    budgets,
    bulk,
    consultations,
    dashboard,
    errors,
    exports,
    lead,
    org_chart,
    pipeline,
    posts,
    scope,
    sign_in,
    subscriptions,
)
from services.console.entrypoints.formatting import install_filters
from services.console.entrypoints.server_sessions import ServerSessions, SessionStore
from services.console.entrypoints.session import Console
from services.console.settings import ConsoleSettings

HERE = Path(__file__).resolve().parent
SESSION_HOURS = 8
CSP = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'; object-src 'none'"
)


def create_app(
    settings: ConsoleSettings | None = None, services: Services | None = None
) -> FastAPI:
    """Build the console's ASGI app; `services` may be injected by tests."""
    settings = settings or ConsoleSettings()
    services = services or Services.connect(
        settings.hr_api_url, settings.finance_api_url, settings.workflow_api_url
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await services.close()

    app = FastAPI(title="One Council — console", lifespan=lifespan, docs_url=None, redoc_url=None)
    templates = Jinja2Templates(directory=HERE / "templates")
    install_filters(templates.env)
    app.state.console = Console(
        settings=settings,
        services=services,
        templates=templates,
        oidc=_oidc_client(settings),
        replays=Replays(
            bootstrap=settings.kafka_bootstrap_servers,
            topic_prefix=settings.topic_prefix,
            folder=Path(settings.data_dir) / "console-replays",
        ),
    )
    app.add_middleware(
        ServerSessions,
        store=SessionStore(max_age_s=SESSION_HOURS * 3600),
        cookie="onecouncil_console",
        https_only=settings.console_secure_cookies,
    )
    app.middleware("http")(_security_headers)
    assets = Path(settings.console_assets_dir)
    app.mount("/assets", StaticFiles(directory=assets, check_dir=False), name="assets")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/health", include_in_schema=False)
    @app.get("/health/ready", include_in_schema=False)
    async def health() -> JSONResponse:
        # The console keeps nothing and consumes nothing: ready once its assets are there.
        vendored = (assets / "govuk-frontend.min.css").is_file()
        report = {"status": "ok" if vendored else "degraded", "assets_vendored": vendored}
        return JSONResponse(report, status_code=200 if vendored else 503)

    @app.get("/health/live", include_in_schema=False)
    async def live() -> dict[str, str]:
        return {"service": "console", "status": "alive"}

    routers = (sign_in, dashboard, posts, actions, bulk, scope, lead, pipeline, consultations)
    for module in (*routers, board, budgets, org_chart, subscriptions, audit, exports):
        app.include_router(module.router)
    errors.install(app)
    return app


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    request.state.csp_nonce = secrets.token_urlsafe(16)
    response = await call_next(request)
    response.headers["Content-Security-Policy"] = CSP.format(nonce=request.state.csp_nonce)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _oidc_client(settings: ConsoleSettings) -> OidcClient | None:
    if not settings.oidc_enabled:
        return None
    return OidcClient(
        issuer=settings.oidc_issuer,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret.get_secret_value(),
        redirect_url=settings.oidc_redirect_url,
        scopes=settings.oidc_scopes,
    )
