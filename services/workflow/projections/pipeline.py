"""The redesign pipeline's rows as Workflow's own redesign commands read and write them.

Workflow's commands publish on `workflow.redesign` and apply the event to the pipeline at
once, marking the inbox so that consuming it back is a no-op: the plain SQL of that lives
here, so the command handlers (`application/redesign_handlers.py`) hold only decisions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, func, select

from services.workflow.adapters.tables import candidates, messaging, processes
from services.workflow.projections.redesign import REDESIGN_CONSUMER, apply_redesign_events
from shared.events.catalogue import ReadEvent, read_document
from shared.persistence.inbox import mark_applied
from shared.persistence.outbox import EventContext, NewEvent, record_events

ApplyEvents = Callable[[Connection, list[ReadEvent]], None]


def process_row(connection: Connection, process_id: str) -> dict[str, Any] | None:
    """The process as the pipeline holds it, or None."""
    return _row(connection, processes.c.process_id, process_id)


def candidate_row(connection: Connection, candidate_id: str) -> dict[str, Any] | None:
    """The candidate as the pipeline holds it, or None."""
    return _row(connection, candidates.c.candidate_id, candidate_id)


def has_processes(connection: Connection, besides: frozenset[str] = frozenset()) -> bool:
    """Whether any process is recorded, of a function not in `besides` (the demo seeds only
    an empty pipeline, whatever HR and Finance published into it first)."""
    query = select(func.count()).select_from(processes)
    if besides:
        query = query.where(processes.c.function.not_in(sorted(besides)))
    return bool(connection.execute(query).scalar())


def publish_and_apply(
    connection: Connection,
    context: EventContext,
    event: NewEvent,
    now: datetime,
    apply: ApplyEvents = apply_redesign_events,
    consumer: str = REDESIGN_CONSUMER,
) -> None:
    """Write one of Workflow's own events to the outbox and apply it to its read model (the
    pipeline by default) in the same transaction, marking it in that consumer's inbox."""
    documents = record_events(connection, messaging, context, [event], now)
    read = [read_document(document) for document in documents]
    apply(connection, read)
    ids = [str(r.envelope.event_id) for r in read]
    mark_applied(connection, messaging, consumer, ids, now)


def _row(connection: Connection, column: Column[Any], value: str) -> dict[str, Any] | None:
    row = connection.execute(select(column.table).where(column == value)).mappings().first()
    return dict(row) if row else None
