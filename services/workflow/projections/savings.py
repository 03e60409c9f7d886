"""Apply Finance's savings events (targets and realised savings) to Workflow's savings view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, insert, select, tuple_

from services.workflow.adapters.tables import savings_events
from services.workflow.projections.thread import record_thread
from shared.chunks import chunks
from shared.events import finance
from shared.events.base import EventPayload
from shared.events.catalogue import ReadEvent


def apply_savings_events(connection: Connection, events: list[ReadEvent]) -> None:
    """Store each savings fact once, keyed by its stream and sequence."""
    record_thread(connection, events)  # savings naming a candidate join its golden thread
    wanted = [e for e in events if type(e.payload) in HANDLERS]
    keys = sorted({(e.envelope.aggregate_id, e.envelope.sequence) for e in wanted})
    seen: set[tuple[str, int]] = set()
    for part in chunks(keys):
        query = select(savings_events.c.aggregate_id, savings_events.c.sequence).where(
            tuple_(savings_events.c.aggregate_id, savings_events.c.sequence).in_(part)
        )
        seen.update((row.aggregate_id, row.sequence) for row in connection.execute(query))
    rows = []
    for event in wanted:
        key = (event.envelope.aggregate_id, event.envelope.sequence)
        if key in seen:
            continue
        seen.add(key)
        rows.append(HANDLERS[type(event.payload)](event))
    if rows:
        connection.execute(insert(savings_events), rows)


def _savings_row(event: ReadEvent) -> dict[str, Any]:
    payload = event.payload.model_dump()
    return {
        "aggregate_id": event.envelope.aggregate_id,
        "sequence": event.envelope.sequence,
        "event_type": event.envelope.event_type,
        "team": payload.get("team"),
        "financial_year": payload["financial_year"],
        "amount": payload["amount"],
        "candidate_id": payload.get("candidate_id"),
        "description": payload.get("description", ""),
    }


PROGRAMME = "PROGRAMME"


def _scope_target_row(event: ReadEvent) -> dict[str, Any]:
    # A department's or the programme's target: the `team` column holds its scope.
    row = _savings_row(event)
    return row | {"team": event.payload.model_dump()["department"] or PROGRAMME}


# Targets and realised savings are both stored as facts of the team's stream, and summed
# when read (a test holds every event on `finance.savings` to being here).
HANDLERS: dict[type[EventPayload], Callable[[ReadEvent], dict[str, Any]]] = {
    finance.SavingsTargetSet: _savings_row,
    finance.SavingsRealised: _savings_row,
    finance.ProgrammeSavingsTargetSet: _scope_target_row,
    finance.CentralBudgetReduced: _savings_row,
}
