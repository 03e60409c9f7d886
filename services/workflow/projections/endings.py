"""Posts ended by delivered candidates, as the tracker reads them from `hr.posts`: at risk,
then disestablished. Both join their candidate's golden thread."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from services.workflow.adapters.tables import post_endings
from services.workflow.projections.thread import record_thread
from shared.events import hr
from shared.events.catalogue import ReadEvent

ENDING_EVENTS = (hr.PostMarkedAtRisk, hr.PostDisestablished)


def record_endings(connection: Connection, events: list[ReadEvent]) -> None:
    """Keep each post's ending once (a redelivered event changes nothing)."""
    endings = [e for e in events if isinstance(e.payload, ENDING_EVENTS)]
    if not endings:
        return
    record_thread(connection, endings)
    for event in endings:
        payload = event.payload
        assert isinstance(payload, ENDING_EVENTS)
        values: dict[str, Any] = {"candidate_id": payload.candidate_id, "team": payload.team}
        if isinstance(payload, hr.PostMarkedAtRisk):
            values |= {"at_risk_event_id": event.event_id, "planned_end": payload.planned_end}
        else:
            values |= {
                "disestablished_event_id": event.event_id,
                "disestablished_on": payload.effective_date,
                "fte": payload.fte,
                "annual_cost": payload.annual_cost,
            }
        _upsert(connection, payload.post_number, values)


def _upsert(connection: Connection, post_number: str, values: dict[str, Any]) -> None:
    table = post_endings
    query = select(table.c.post_number).where(table.c.post_number == post_number)
    if connection.execute(query).first() is None:
        row = {"post_number": post_number, "fte": 0.0, "annual_cost": 0} | values
        connection.execute(insert(table).values(**row))
    else:
        connection.execute(update(table).where(table.c.post_number == post_number).values(values))
