"""What every Workflow endpoint needs from the app: a read transaction off the event loop,
the service clock, working-time settings, and who is signed in."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, TypeVar

from fastapi import Depends, HTTPException, Request
from sqlalchemy import Connection

from services.workflow.domain.benefits import WorkingTime
from shared.auth import Principal, own_department, require_role
from shared.events.envelope import Actor
from shared.http import in_connection
from shared.persistence.outbox import EventContext

T = TypeVar("T")
CandidateEditor = Annotated[Principal, Depends(require_role("hr_staff", "finance_staff"))]
# The whole council's figures (the board report to Cabinet): officers and auditors.
Officers = Annotated[Principal, Depends(require_role("hr_staff", "finance_staff", "auditor"))]


@dataclass(frozen=True)
class WorkflowContext:
    """Set on `app.state.workflow` by the composition root."""

    clock: Callable[[], datetime]
    working_time: WorkingTime
    topic_prefix: str


def context_of(request: Request) -> WorkflowContext:
    context: WorkflowContext = request.app.state.workflow
    return context


async def read(request: Request, query: Callable[[Connection], T]) -> T:
    """Run `query` on a connection in a worker thread (the database driver blocks)."""
    return await in_connection(request, query)


def department_scope(principal: Principal, requested: str | None) -> str | None:
    """The department a caller may see: a lead only their own (403 for another)."""
    own = own_department(principal)
    if own is None:
        return requested
    if requested and requested != own:
        raise HTTPException(403, f"department leads see only their own department ({own})")
    return own


def check_may_see_post(principal: Principal, post_department: str | None) -> None:
    """403 when a department lead asks about another department's post."""
    if principal.role == "department_lead" and post_department != principal.department:
        raise HTTPException(403, "department leads see only their own department's posts")


async def run_command(
    request: Request, principal: Principal, work: Callable[[Connection, EventContext, datetime], T]
) -> T:
    """Run one of Workflow's own commands in a transaction, as the signed-in user, then
    wake the relay to publish what it wrote to the outbox."""
    runtime, clock = request.app.state.runtime, context_of(request).clock
    context = EventContext(
        producer="workflow",
        actor=Actor(id=principal.user_id, role=principal.role),
        correlation_id=uuid.uuid4(),
        topic_prefix=runtime.settings.topic_prefix,
    )

    def in_transaction() -> T:
        with runtime.engine.begin() as connection:
            return work(connection, context, clock().astimezone(UTC))

    result = await asyncio.to_thread(in_transaction)
    runtime.relay.notify()
    return result
