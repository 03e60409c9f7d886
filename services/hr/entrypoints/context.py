"""What HR's entrypoints share: the runtime, the clock, and how a command is run."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from fastapi import Depends, HTTPException, Request

from services.hr.adapters.clock import Clock
from services.hr.adapters.personal_keys import MasterKey
from services.hr.adapters.unit_of_work import SqlUnitOfWork
from services.hr.application.handlers import handle
from services.hr.domain.consultation_clock import DEFAULT_MINIMUM_DAYS
from services.hr.domain.retention import RetentionSchedule
from shared.approval_policy import ApprovalPolicy
from shared.auth import Principal, require_role
from shared.events.envelope import Actor
from shared.http import correlation_id_of
from shared.persistence.engine import run_read
from shared.persistence.outbox import EventContext
from shared.runtime import ServiceRuntime

T = TypeVar("T")
SYSTEM = Actor(id="system", role="system")


# Who may change posts, transfers and consultations: every HR router uses this one.
HrStaff = Annotated[Principal, Depends(require_role("hr_staff"))]
# A bulk run's report names posts of every department: not for a department's lead.
BulkReaders = Annotated[Principal, Depends(require_role("hr_staff", "auditor"))]
# Whole-council views (every department's posts): officers and auditors, not leads.
Officers = Annotated[Principal, Depends(require_role("hr_staff", "finance_staff", "auditor"))]


@dataclass(kw_only=True)
class Hr:
    """One HR process's shared pieces, kept on `app.state.hr`."""

    runtime: ServiceRuntime
    clock: Clock
    scheduler_interval_s: float
    # Seals each employee's data key (shared/events/personal.py); the public development
    # key unless the settings name another (production refuses it).
    master_key: MasterKey = field(default_factory=MasterKey.development)
    retention: RetentionSchedule = field(default_factory=RetentionSchedule)
    bulk_workers: int = 4
    bulk_heartbeat_s: float = 5.0
    consultation_minimum_days: int = DEFAULT_MINIMUM_DAYS
    approval_policy: ApprovalPolicy = field(default_factory=ApprovalPolicy)
    # Marks the bulk runs this process works on, so another can tell them from a dead one's.
    process_id: str = field(default_factory=lambda: f"hr-{uuid.uuid4().hex[:12]}")

    def event_context(self, actor: Actor, correlation_id: uuid.UUID | None = None) -> EventContext:
        return EventContext(
            producer="hr",
            actor=actor,
            correlation_id=correlation_id or uuid.uuid4(),
            topic_prefix=self.runtime.settings.topic_prefix,
        )

    async def run(
        self, context: EventContext, work: Callable[[SqlUnitOfWork], T], simulate: bool = False
    ) -> T:
        """Run `work` in one unit of work off the event loop, then wake the outbox relay."""

        def in_transaction() -> T:
            with SqlUnitOfWork(
                self.runtime.engine, context, simulate=simulate, master_key=self.master_key
            ) as uow:
                return work(uow)

        result = await asyncio.to_thread(in_transaction)
        self.runtime.relay.notify()
        return result

    async def read(self, query: Callable[[Any], T]) -> T:
        """Run a read-only `query(connection)` off the event loop."""

        return await run_read(self.runtime.engine, query)


def hr_of(request: Request) -> Hr:
    hr: Hr = request.app.state.hr
    return hr


def actor_of(principal: Principal) -> Actor:
    return Actor(id=principal.user_id, role=principal.role, department=principal.department)


async def run_command(
    request: Request, principal: Principal, work: Callable[[SqlUnitOfWork], T]
) -> T:
    """Run one HR officer's command in its own unit of work."""
    hr = hr_of(request)
    context = hr.event_context(actor_of(principal), correlation_id_of(request))
    return await hr.run(context, work)


async def give(request: Request, principal: Principal, command: Any) -> Any:
    """Run one HR officer's command through HR's handler in one unit of work; the changed
    aggregate comes back. A refusal is a 409 whose message an HR officer understands, and
    writes and publishes nothing."""
    return await run_command(request, principal, lambda uow: handle(uow, command))


def may_see(principal: Principal, department: str | None) -> None:
    """A department lead sees only their own department's posts (another's: 403)."""
    if principal.role == "department_lead" and department != principal.department:
        raise HTTPException(
            403, f"department leads may see only their own department's posts ({department})"
        )
