"""Run one service's ASGI app with uvicorn (SIGTERM → clean shutdown)."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from shared.config import ServiceSettings
from shared.logging import configure_logging


def serve(create_app: Callable[[], FastAPI], settings: ServiceSettings) -> None:
    """Configure logging and serve until SIGTERM or SIGINT."""
    configure_logging(settings.log_format, settings.log_level)
    uvicorn.run(
        create_app(),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
    )
