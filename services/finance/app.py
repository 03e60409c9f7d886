"""Finance's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from services.finance.adapters.tables import messaging, metadata
from shared.config import ServiceSettings
from shared.http import health_router
from shared.runtime import ServiceRuntime


class FinanceSettings(ServiceSettings):
    """Finance reads the shared settings only (so far)."""


def create_app(settings: FinanceSettings | None = None) -> FastAPI:
    """Build the Finance service's ASGI app."""
    settings = settings or FinanceSettings()
    runtime = ServiceRuntime("finance", settings, metadata, messaging)
    app = FastAPI(title="One Council — Finance", lifespan=runtime.lifespan)
    app.include_router(health_router())
    return app
