"""HR's composition root: settings, runtime, API, error mapping. Nothing clever."""

from __future__ import annotations

from fastapi import FastAPI

from services.hr.adapters.tables import messaging, metadata
from services.hr.domain import errors
from services.hr.entrypoints.api import router
from shared.config import ServiceSettings
from shared.http import health_router, map_errors
from shared.runtime import ServiceRuntime


class HrSettings(ServiceSettings):
    """HR reads the shared settings only (so far)."""


def create_app(settings: HrSettings | None = None) -> FastAPI:
    """Build the HR service's ASGI app; it connects to Kafka when it starts."""
    settings = settings or HrSettings()
    runtime = ServiceRuntime("hr", settings, metadata, messaging)
    app = FastAPI(title="One Council — HR", lifespan=runtime.lifespan)
    app.include_router(health_router())
    app.include_router(router)
    map_errors(
        app,
        {
            errors.PostNotFound: 404,
            errors.TeamNotFound: 404,
            errors.TransferNotAllowed: 409,
            errors.PostAlreadyRegistered: 409,
        },
    )
    return app
