"""Apply HR's post events to the tracker: each post's current stage."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from services.workflow.adapters.tables import journeys
from services.workflow.domain.journey import STAGE_AFTER
from shared.events.catalogue import ReadEvent


def apply_post_events(connection: Connection, events: list[ReadEvent]) -> None:
    """Move each post to the stage its latest event says, whatever order they arrive in."""
    for event in events:
        stage = STAGE_AFTER.get(event.envelope.event_type)
        if stage is not None:
            _set_stage(connection, event, stage.value)


def _set_stage(connection: Connection, event: ReadEvent, stage: str) -> None:
    envelope, payload = event.envelope, event.payload.model_dump()
    values: dict[str, Any] = {"stage": stage, "hr_sequence": envelope.sequence}
    if envelope.department:
        values["department"] = envelope.department
    for field in ("function", "transfer_id", "target_team"):
        if payload.get(field) is not None:
            values[field] = payload[field]
    current = connection.execute(
        select(journeys.c.hr_sequence).where(journeys.c.post_number == envelope.aggregate_id)
    ).scalar()
    if current is None:
        connection.execute(insert(journeys).values(post_number=envelope.aggregate_id, **values))
    elif current < envelope.sequence:
        connection.execute(
            update(journeys).where(journeys.c.post_number == envelope.aggregate_id).values(values)
        )
