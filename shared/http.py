"""HTTP pieces every service API shares: the health route and domain-error mapping."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Connection

T = TypeVar("T")


def health_router() -> APIRouter:
    """`GET /health`: 200 when Kafka and the database answer, else 503 saying which not."""
    router = APIRouter(tags=["health"])

    @router.get("/health")
    async def health(request: Request) -> JSONResponse:
        report: dict[str, Any] = await request.app.state.runtime.health()
        return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)

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
    """Run a read on one connection, in a worker thread (the database driver blocks)."""
    engine = request.app.state.runtime.engine

    def run() -> T:
        with engine.connect() as connection:
            return query(connection)

    return await asyncio.to_thread(run)


async def in_transaction(request: Request, change: Callable[[Connection], T]) -> T:
    """Run a change in one transaction, in a worker thread; commit if it returns."""
    engine = request.app.state.runtime.engine

    def run() -> T:
        with engine.begin() as connection:
            return change(connection)

    return await asyncio.to_thread(run)
