"""Run one service's ASGI app with uvicorn (SIGTERM → clean shutdown, exit code 0)."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from types import FrameType

import uvicorn
from fastapi import FastAPI

from shared.config import ServiceSettings
from shared.logging import configure_logging


def serve(create_app: Callable[[], FastAPI], settings: ServiceSettings) -> None:
    """Configure logging and serve until SIGTERM or SIGINT; refuse first, in one line and
    before anything listens, an unsafe configuration outside local mode and a database whose
    schema is not at this release's revision (the line names the command to run)."""
    refusals = [] if settings.local else settings.production_refusals()
    if refusals:
        sys.exit(
            "refusing to start outside local mode: "
            + "; ".join(refusals)
            + " (ONECOUNCIL_ENV=local is for make demo and the tests only)"
        )
    configure_logging(settings.log_format, settings.log_level)
    app = create_app()
    runtime = getattr(app.state, "runtime", None)
    refusal = runtime.schema_refusal() if runtime is not None else None
    if refusal:
        sys.exit(f"refusing to start: {refusal}")
    # uvicorn shuts down gracefully, then re-raises the signal it caught under the handler
    # that was there before it. Make that handler a plain exit, so a clean stop exits 0.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
    )


def _exit_cleanly(_signal: int, _frame: FrameType | None) -> None:
    sys.exit(0)
