"""Workflow's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from services.workflow.adapters.tables import messaging, metadata
from services.workflow.entrypoints import consumers
from services.workflow.entrypoints.api import router
from shared.config import ServiceSettings
from shared.http import health_router
from shared.runtime import ServiceRuntime


class WorkflowSettings(ServiceSettings):
    """Workflow reads the shared settings only (so far)."""


def create_app(settings: WorkflowSettings | None = None) -> FastAPI:
    """Build the Workflow service's ASGI app."""
    settings = settings or WorkflowSettings()
    runtime = ServiceRuntime("workflow", settings, metadata, messaging)
    consumers.subscribe(runtime)
    app = FastAPI(title="One Council — Workflow", lifespan=runtime.lifespan)
    app.include_router(health_router())
    app.include_router(router)
    return app
