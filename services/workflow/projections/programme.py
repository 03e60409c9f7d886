"""The programme plan's read model: every wave plan version from `workflow.programme`.

Each event is stored once (wave, sequence); waves are folded when read (a council plans a
handful of waves, so folding is cheap and nothing is ever patched). Workflow's own wave
commands write the outbox and apply here in the same transaction, marking the inbox, so
consuming the event back changes nothing; a rebuilt Workflow gets every wave from the log.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import Connection, select

from services.workflow.adapters.tables import messaging, wave_plans
from services.workflow.domain.waves import (
    EqualityAssessment,
    Wave,
    WavePlan,
    fold_wave,
    plan_from_payload,
)
from services.workflow.projections.pipeline import publish_and_apply
from shared.events import programme
from shared.events.base import EventPayload
from shared.events.catalogue import ReadEvent
from shared.persistence.outbox import EventContext, NewEvent

PROGRAMME_CONSUMER = "workflow.programme"
# Each event is stored whole (a plan version, or the assessment as it stands): folded on read.
HANDLERS: dict[type[EventPayload], Callable[[ReadEvent], dict[str, object]]] = {
    programme.WavePlanned: lambda event: _row(event),
    programme.WaveReplanned: lambda event: _row(event),
    programme.EqualityImpactAssessmentRecorded: lambda event: _row(event),
}


def apply_programme_events(connection: Connection, events: list[ReadEvent]) -> None:
    """The `apply` function of the programme consumer: store each plan version once."""
    wanted = [e for e in events if type(e.payload) in HANDLERS]
    keys = {(e.envelope.aggregate_id, e.envelope.sequence) for e in wanted}
    if not keys:
        return
    c = wave_plans.c
    waves = sorted({wave for wave, _ in keys})
    known = {
        (row.wave_id, row.sequence)
        for row in connection.execute(select(c.wave_id, c.sequence).where(c.wave_id.in_(waves)))
    }
    rows: dict[tuple[str, int], dict[str, object]] = {}
    for event in wanted:
        key = (event.envelope.aggregate_id, event.envelope.sequence)
        if key not in known:
            rows[key] = HANDLERS[type(event.payload)](event)
    if rows:
        connection.execute(wave_plans.insert(), [rows[key] for key in sorted(rows)])


def _row(event: ReadEvent) -> dict[str, object]:
    envelope = event.envelope
    return {
        "wave_id": envelope.aggregate_id,
        "sequence": envelope.sequence,
        "event_id": event.event_id,
        "event_type": envelope.event_type,
        "recorded_on": envelope.recorded_at.date(),
        "payload": json.dumps(event.payload.model_dump(mode="json")),
    }


def load_waves(connection: Connection, wave_id: str | None = None) -> list[Wave]:
    """Every wave (or one), each with all its plan versions, in wave id order."""
    query = select(wave_plans).order_by(wave_plans.c.wave_id, wave_plans.c.sequence)
    if wave_id is not None:
        query = query.where(wave_plans.c.wave_id == wave_id)
    versions: dict[str, list[WavePlan]] = {}
    assessments: dict[str, EqualityAssessment] = {}
    for row in connection.execute(query):
        payload, recorded_on = json.loads(row.payload), _as_date(row.recorded_on)
        if row.event_type == programme.EqualityImpactAssessmentRecorded.EVENT_TYPE:
            assessments[row.wave_id] = assessment_from_payload(payload, recorded_on)
        else:
            versions.setdefault(row.wave_id, []).append(plan_from_payload(payload, recorded_on))
    return [fold_wave(wave, plans, assessments.get(wave)) for wave, plans in versions.items()]


def assessment_from_payload(payload: dict[str, object], recorded_on: date) -> EqualityAssessment:
    """The assessment an `EqualityImpactAssessmentRecorded` payload records."""
    assessed = payload.get("assessed_on")
    return EqualityAssessment(
        status=str(payload["status"]),
        assessed_on=_as_date(assessed) if assessed else None,
        link=str(payload.get("link") or ""),
        document_sha256=str(payload["document_sha256"]) if payload.get("document_sha256") else None,
        recorded_on=recorded_on,
    )


def publish_and_apply_wave(
    connection: Connection, context: EventContext, event: NewEvent, now: datetime
) -> None:
    """Write the wave event to the outbox and apply it here, in the same transaction."""
    publish_and_apply(connection, context, event, now, apply_programme_events, PROGRAMME_CONSUMER)


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def has_waves(connection: Connection) -> bool:
    """Whether any wave was ever planned: its stream's position is known (restored from the
    log before Workflow writes anything), even while the waves themselves are still being read."""
    streams = messaging.event_streams
    query = select(streams.c.aggregate_id).where(streams.c.aggregate_type == "wave").limit(1)
    return connection.execute(query).first() is not None
