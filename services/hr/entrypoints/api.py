"""HR's HTTP API: thin — validate, build a command, hand it to the application layer."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from services.hr.adapters.repository import PostRepository
from services.hr.adapters.unit_of_work import SqlUnitOfWork
from services.hr.application import handlers
from services.hr.application.commands import ProposeTransfer, RegisterPost
from services.hr.domain.errors import PostNotFound
from shared.auth import CurrentPrincipal, Principal, require_role
from shared.events.envelope import Actor
from shared.persistence.outbox import EventContext

T = TypeVar("T")
router = APIRouter()
HrStaff = Annotated[Principal, Depends(require_role("hr_staff"))]


class PostIn(BaseModel):
    post_number: str = Field(pattern=r"^\d{3,10}$", description="Post number, digits only.")
    title: str = Field(min_length=1, max_length=200)
    grade: str = Field(min_length=1, max_length=40)
    fte: float = Field(gt=0, le=1.5)
    function: str = Field(min_length=1)
    department: str = Field(min_length=1)
    cost_centre: str = Field(min_length=1, max_length=40)
    annual_cost: int = Field(ge=0, le=10_000_000)
    employee_ref: str | None = Field(None, max_length=40)
    employee_name: str | None = Field(None, max_length=200)
    employee_email: str | None = Field(None, max_length=200)


class TransferIn(BaseModel):
    target_team: str = Field(min_length=1, description="Central team name or code.")
    effective_date: date
    reason: str = Field(min_length=1, max_length=2000)


async def run_command(
    request: Request, principal: Principal, work: Callable[[SqlUnitOfWork], T]
) -> T:
    """Run `work` in one unit of work off the event loop, then wake the outbox relay."""
    runtime = request.app.state.runtime
    context = EventContext(
        producer="hr",
        actor=Actor(id=principal.user_id, role=principal.role),
        correlation_id=_correlation_id(request),
        topic_prefix=runtime.settings.topic_prefix,
    )

    def in_transaction() -> T:
        with SqlUnitOfWork(runtime.engine, context) as uow:
            return work(uow)

    result = await asyncio.to_thread(in_transaction)
    runtime.relay.notify()
    return result


def _correlation_id(request: Request) -> uuid.UUID:
    try:
        return uuid.UUID(request.headers.get("x-correlation-id", ""))
    except ValueError:
        return uuid.uuid4()


@router.post("/posts", status_code=201)
async def register_post(body: PostIn, request: Request, principal: HrStaff) -> dict[str, str]:
    """Add a post to the register."""
    command = RegisterPost(**body.model_dump())
    post = await run_command(request, principal, lambda uow: handlers.register_post(uow, command))
    return {"post_number": post.post_number}


@router.post("/posts/{post_number}/transfers", status_code=201)
async def propose_transfer(
    post_number: str, body: TransferIn, request: Request, principal: HrStaff
) -> dict[str, str]:
    """Propose moving the post into a centralised team."""
    command = ProposeTransfer(post_number=post_number, **body.model_dump())
    transfer_id = await run_command(
        request, principal, lambda uow: handlers.propose_transfer(uow, command)
    )
    return {"post_number": post_number, "transfer_id": transfer_id}


@router.get("/posts/{post_number}")
async def get_post(post_number: str, request: Request, _: CurrentPrincipal) -> Any:
    """A post and its transfers (no personal data)."""
    engine = request.app.state.runtime.engine

    def read() -> Any:
        with engine.connect() as connection:
            post = PostRepository(connection).get(post_number)
        if post is None:
            raise PostNotFound(post_number)
        return post

    return await asyncio.to_thread(read)
