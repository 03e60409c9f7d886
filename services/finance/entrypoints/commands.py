"""Running an API command: one unit of work off the event loop, then wake the relay."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import Connection

from services.finance.adapters.unit_of_work import SqlUnitOfWork
from shared.auth import Principal, require_role
from shared.events.envelope import Actor
from shared.http import correlation_id_of, in_connection
from shared.persistence.outbox import EventContext

T = TypeVar("T")
FinanceStaff = Annotated[Principal, Depends(require_role("finance_staff"))]


async def run_command(
    request: Request, principal: Principal, work: Callable[[SqlUnitOfWork], T]
) -> T:
    """Run `work` in one transaction with the events it emits, then wake the outbox relay."""
    runtime = request.app.state.runtime
    context = EventContext(
        producer="finance",
        actor=Actor(id=principal.user_id, role=principal.role),
        correlation_id=correlation_id_of(request),
        topic_prefix=runtime.settings.topic_prefix,
    )

    def in_transaction() -> T:
        with SqlUnitOfWork(runtime.engine, context) as uow:
            return work(uow)

    result = await asyncio.to_thread(in_transaction)
    runtime.relay.notify()
    return result


async def run_query(request: Request, read: Callable[[Connection], Any]) -> Any:
    """Run a read-only query off the event loop."""
    return await in_connection(request, read)
