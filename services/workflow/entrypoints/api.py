"""Workflow's HTTP API: the tracker's answers."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from sqlalchemy import select

from services.workflow.adapters.tables import journeys
from shared.auth import CurrentPrincipal

router = APIRouter()


@router.get("/posts/{post_number}")
async def get_post_journey(post_number: str, request: Request, _: CurrentPrincipal) -> Any:
    """Where the post is on its journey."""
    engine = request.app.state.runtime.engine

    def read() -> Any:
        with engine.connect() as connection:
            row = connection.execute(
                select(journeys).where(journeys.c.post_number == post_number)
            ).mappings().first()
        return dict(row) if row else None

    journey = await asyncio.to_thread(read)
    if journey is None:
        raise HTTPException(404, f"post {post_number} has not been seen by the tracker")
    return journey
