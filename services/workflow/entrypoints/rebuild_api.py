"""How far Workflow has caught up with the log since it started, and the writes it refuses
until its own streams are rebuilt (a process or candidate event written before then would
restart that stream's sequence on the log)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from services.workflow.entrypoints.rebuild import CatchUp
from shared.auth import CurrentPrincipal
from shared.waiting import until_set

router = APIRouter(tags=["operations"])
OWN_STREAM_WRITES = ("/processes", "/candidates", "/programme")
WAIT_S = 10.0  # a write arriving just after start waits this long for the guards


@router.get("/catch-up")
async def catch_up_status(request: Request, _: CurrentPrincipal) -> Any:
    """Gates opened since start, and records each consumer still has to read to reach where
    the log ended at start (`null` until measured). A rebuild is done when all are open."""
    catch_up: CatchUp = request.app.state.catch_up
    return catch_up.status()


def refuse_own_writes_until_guard_ready(app: FastAPI, catch_up: CatchUp) -> None:
    """Workflow's own redesign commands wait for its streams to be rebuilt; 503 (Retry-After)
    when that takes longer than `WAIT_S`. Plain ASGI: other requests (streams too) pass as-is."""
    app.add_middleware(WaitForGuards, catch_up=catch_up)


class WaitForGuards:
    """ASGI middleware holding back `POST /processes…` and `POST /candidates…`."""

    def __init__(self, app: ASGIApp, catch_up: CatchUp) -> None:
        self.app = app
        self.catch_up = catch_up

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and str(scope["path"]).startswith(OWN_STREAM_WRITES)
            and not await _ready_within(self.catch_up.guard_ready, WAIT_S)
        ):
            refused = JSONResponse(
                {"detail": "Workflow is catching up with the log; try again shortly"},
                status_code=503,
                headers={"Retry-After": "2"},
            )
            await refused(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _ready_within(gate: asyncio.Event, seconds: float) -> bool:
    return await until_set(gate, seconds)
