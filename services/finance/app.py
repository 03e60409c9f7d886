"""Finance's composition root: settings, runtime, consumer, API, error mapping. Nothing clever."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import uuid4

from fastapi import FastAPI

from services.finance.adapters.migrations import SCRIPTS
from services.finance.adapters.tables import messaging, metadata
from services.finance.adapters.unit_of_work import SqlUnitOfWork
from services.finance.application.seeding import seed_demo
from services.finance.domain import errors
from services.finance.entrypoints import (
    budgets_api,
    consumers,
    exports_api,
    redesign_api,
    savings_api,
)
from services.finance.entrypoints.consumers import SYSTEM
from services.operations import api as operations
from shared.config import ServiceSettings
from shared.http import health_router, map_errors
from shared.metrics.endpoint import install_metrics
from shared.persistence.migrations import SchemaNotCurrent
from shared.persistence.outbox import EventContext
from shared.redesign.publishing import RedesignNotAllowed, RedesignNotFound
from shared.request_guards import guard_requests
from shared.runtime import ServiceRuntime
from shared.tracing.requests import install_tracing


class FinanceSettings(ServiceSettings):
    """Finance reads the shared settings only (so far)."""


def create_app(settings: FinanceSettings | None = None) -> FastAPI:
    """Build the Finance service's ASGI app; it connects to Kafka when it starts."""
    settings = settings or FinanceSettings()
    runtime = ServiceRuntime("finance", settings, metadata, messaging, migrations=SCRIPTS)
    consumers.subscribe(runtime)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The books must be seeded before the consumer starts checking budgets.
        await asyncio.to_thread(prepare_books, runtime)
        async with runtime.lifespan(app):
            yield

    app = FastAPI(title="One Council — Finance", lifespan=lifespan)
    guard_requests(app, settings.max_request_mib * 1024 * 1024)
    app.state.runtime = runtime  # read by health checks and the AsyncAPI generator
    app.include_router(health_router())
    install_metrics(app, runtime)  # GET /metrics, and every request counted
    install_tracing(app, runtime.name)  # spans per request while tracing is on
    operations.install_operations(app)  # dead letters: list, redrive, discard
    for api in (budgets_api, savings_api, redesign_api, exports_api):
        app.include_router(api.router)
    map_errors(
        app,
        {
            errors.NotFound: 404,
            errors.NotAllowed: 409,
            errors.InvalidRequest: 422,
            RedesignNotFound: 404,
            RedesignNotAllowed: 409,
        },
    )
    return app


def prepare_books(runtime: ServiceRuntime) -> None:
    """Check the schema is current and, when the demo is on, seed empty books from it."""
    refusal = runtime.schema_refusal()
    if refusal:
        raise SchemaNotCurrent(refusal)
    settings = runtime.settings
    if settings.demo_support_posts <= 0:
        return
    context = EventContext(
        producer="finance",
        actor=SYSTEM,
        correlation_id=uuid4(),
        topic_prefix=settings.topic_prefix,
    )
    with SqlUnitOfWork(runtime.engine, context) as uow:
        seed_demo(uow, settings.demo_seed, settings.demo_support_posts)
