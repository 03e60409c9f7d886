"""`/operations/dead-letters`: list what each consumer set aside; redrive or discard it.

Mounted by every service. Staff of the service's own side may resolve (HR staff in HR,
finance staff in Finance, either in Workflow); auditors may read. A refusal changes nothing;
a resolution is recorded on the service's interventions topic.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import Connection, func, select

from shared.auth import CurrentPrincipal, Principal, holds
from shared.events.envelope import Actor
from shared.free_text import HonestText
from shared.http import map_errors
from shared.kafka.consuming import EventConsumer, consumers_using
from shared.kafka.letters import DeadLetterNotFound, ResolutionRefused
from shared.kafka.resolving import Resolution, approve_correction, discard, redrive
from shared.persistence.engine import run_read
from shared.runtime import ServiceRuntime

router = APIRouter(prefix="/operations", tags=["operations"])
RESOLVERS: dict[str, tuple[str, ...]] = {
    "hr": ("hr_staff",),
    "finance": ("finance_staff",),
    "workflow": ("hr_staff", "finance_staff"),
}
READERS = ("hr_staff", "finance_staff", "auditor")
Status = Annotated[str | None, Query(pattern="^(open|redriven|discarded)$")]
LetterId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The dead letter's id.")]


class RedriveIn(BaseModel):
    reason: HonestText = Field(min_length=1, max_length=2000, description="Why, for the record.")
    corrected_event: dict[str, Any] | None = Field(
        None, description="A corrected envelope to apply instead of the stored bytes."
    )


class DiscardIn(BaseModel):  # also the body of an approval: why, for the record
    reason: HonestText = Field(min_length=1, max_length=2000, description="Why, for the record.")


def _runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


def _reader(principal: CurrentPrincipal) -> Principal:
    if not holds(principal.role, READERS):
        raise HTTPException(403, "only HR staff, finance staff and auditors may see dead letters")
    return principal


def _resolver(request: Request, principal: CurrentPrincipal) -> Principal:
    allowed = RESOLVERS.get(_runtime(request).name, ("hr_staff", "finance_staff"))
    if not holds(principal.role, allowed):
        raise HTTPException(
            403, f"only {' or '.join(allowed)} may resolve this service's dead letters"
        )
    return principal


def _actor(principal: Principal) -> Actor:
    # Recorded on the interventions topic: who resolved, in which role.
    return Actor(id=principal.user_id, role=principal.role)


Reader = Annotated[Principal, Depends(_reader)]
# A resolution that needs only a reason: discard, or approving a proposed correction.
Settle = Callable[[EventConsumer, int, Actor, str], Awaitable[Resolution]]
Resolver = Annotated[Principal, Depends(_resolver)]


@router.get("/dead-letters")
async def list_dead_letters(
    request: Request, _: Reader, status: Status = None, limit: int = Query(200, ge=1, le=5000)
) -> list[dict[str, Any]]:
    """Dead letters, newest first, with how many events wait parked behind each."""
    runtime = _runtime(request)
    letters, parked = runtime.tables.dead_letters, runtime.tables.parked
    waiting = (
        select(func.count())
        .where(parked.c.blocked_by == letters.c.id, parked.c.consumer == letters.c.consumer)
        .scalar_subquery()
    )
    columns = [c for c in letters.c if c.name not in ("body", "corrected_body")]
    query = select(*columns, waiting.label("parked_behind")).order_by(letters.c.id.desc())
    if status:
        query = query.where(letters.c.status == status)

    def read(connection: Connection) -> list[dict[str, Any]]:
        return [dict(row) for row in connection.execute(query.limit(limit)).mappings()]

    return await run_read(runtime.engine, read)


@router.get("/dead-letters/{letter_id}")
async def get_dead_letter(letter_id: LetterId, request: Request, _: Reader) -> dict[str, Any]:
    """One dead letter, with its body as text (as far as it is text)."""
    runtime = _runtime(request)
    table = runtime.tables.dead_letters

    row = await run_read(
        runtime.engine,
        lambda connection: connection.execute(select(table).where(table.c.id == letter_id)).first(),
    )
    if row is None:
        raise HTTPException(404, f"there is no dead letter {letter_id}")
    found = dict(row._mapping)
    for name in ("body", "corrected_body"):
        if found[name] is not None:
            found[name] = bytes(found[name])[:20_000].decode(errors="replace")
    return found


@router.post(
    "/dead-letters/{letter_id}/redrive",
    responses={202: {"description": "A correction of another service's event, proposed."}},
)
async def redrive_dead_letter(
    letter_id: LetterId,
    body: RedriveIn,
    request: Request,
    response: Response,
    principal: Resolver,
) -> dict[str, Any]:
    """Apply the event again (or the corrected one), then the events parked behind it. A
    correction of another service's event is only proposed (202): someone else approves it."""
    consumer = await _consumer_of(request, letter_id)
    corrected = None
    if body.corrected_event is not None:
        corrected = json.dumps(body.corrected_event, separators=(",", ":")).encode()
    done = await redrive(consumer, letter_id, _actor(principal), body.reason, corrected)
    if done.status == "correction_proposed":
        response.status_code = 202
    _runtime(request).relay.notify()
    return _as_dict(done)


@router.post("/dead-letters/{letter_id}/approve-correction")
async def approve_dead_letter_correction(
    letter_id: LetterId, body: DiscardIn, request: Request, principal: Resolver
) -> dict[str, Any]:
    """Apply the correction another person proposed, then the events parked behind it."""
    return await _settled(request, letter_id, principal, body.reason, approve_correction)


@router.post("/dead-letters/{letter_id}/discard")
async def discard_dead_letter(
    letter_id: LetterId, body: DiscardIn, request: Request, principal: Resolver
) -> dict[str, Any]:
    """Skip the event on purpose (recorded), then apply the events parked behind it."""
    return await _settled(request, letter_id, principal, body.reason, discard)


async def _settled(
    request: Request, letter_id: int, principal: Principal, reason: str, how: Settle
) -> dict[str, Any]:
    """Resolve the letter as `how` does (discard, approve a correction) and wake the relay."""
    consumer = await _consumer_of(request, letter_id)
    done = await how(consumer, letter_id, _actor(principal), reason)
    _runtime(request).relay.notify()
    return _as_dict(done)


def install_operations(app: FastAPI) -> None:
    """Add the dead-letter routes, and answer their refusals with 404 and 409."""
    app.include_router(router)
    map_errors(app, {DeadLetterNotFound: 404, ResolutionRefused: 409})


async def _consumer_of(request: Request, letter_id: int) -> EventConsumer:
    runtime = _runtime(request)
    table = runtime.tables.dead_letters

    name = await run_read(
        runtime.engine,
        lambda connection: connection.scalar(
            select(table.c.consumer).where(table.c.id == letter_id)
        ),
    )
    if name is None:
        raise HTTPException(404, f"there is no dead letter {letter_id}")
    for consumer in consumers_using(runtime.engine):
        if consumer.name == name:
            return consumer
    raise HTTPException(409, f"consumer {name} does not run in this service any more")


def _as_dict(done: Any) -> dict[str, Any]:
    return {name: getattr(done, name) for name in done.__slots__}
