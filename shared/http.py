"""HTTP pieces every service API shares: the health route and domain-error mapping."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Connection

from shared.persistence.engine import run_change, run_read
from shared.readiness import readiness

T = TypeVar("T")


def health_router() -> APIRouter:
    """`GET /health`: 200 when Kafka and the database answer, else 503 saying which not;
    `/health/live` and `/health/ready` for orchestrators (docs/operations.md)."""
    router = APIRouter(tags=["health"])

    @router.get("/health", responses={503: {"description": "Kafka or the database is down."}})
    async def health(request: Request) -> JSONResponse:
        report: dict[str, Any] = await request.app.state.runtime.health()
        return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)

    @router.get("/health/live")
    async def live(request: Request) -> dict[str, str]:
        """200 while the process answers at all: restart it when this fails."""
        return {"service": request.app.state.runtime.name, "status": "alive"}

    @router.get("/health/ready")
    async def ready(request: Request) -> JSONResponse:
        """200 when the database and Kafka answer, the schema is at this release's revision
        and every consumer holds partitions; else 503 with each check's answer."""
        report = await readiness(request.app.state.runtime)
        return JSONResponse(report, status_code=200 if report["status"] == "ready" else 503)

    return router


def map_errors(app: FastAPI, statuses: dict[type[Exception], int]) -> None:
    """Answer each domain error class with its status and its own (officer-readable) message."""
    for error_type, status in statuses.items():
        app.add_exception_handler(error_type, _handler_for(status))


def _handler_for(status: int) -> Any:
    async def handle(_request: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=status)

    return handle


async def in_connection(request: Request, query: Callable[[Connection], T]) -> T:
    """Run a read on this service's database, off the event loop."""
    return await run_read(request.app.state.runtime.engine, query)


async def in_transaction(request: Request, change: Callable[[Connection], T]) -> T:
    """Run a change in one transaction on this service's database, off the event loop."""
    return await run_change(request.app.state.runtime.engine, change)


def correlation_id_of(request: Request) -> uuid.UUID:
    """The caller's `X-Correlation-ID`, or a new id when it sent none (or a malformed one)."""
    try:
        return uuid.UUID(request.headers.get("x-correlation-id", ""))
    except ValueError:
        return uuid.uuid4()
