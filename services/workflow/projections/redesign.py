"""Apply process-redesign events from any producer to the pipeline's processes and candidates.

Each process and each candidate is its own stream, ordered by its sequence; an event at or
below the sequence already applied changes nothing. Benefits are not stored: they are
computed when read, from the candidate and its process, whichever arrived first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select

from services.workflow.adapters.tables import candidates, processes
from services.workflow.domain.candidate import STATUS_AFTER
from services.workflow.projections.benefits import apply_benefit_events
from services.workflow.projections.support_needs import save_support_needs
from services.workflow.projections.thread import record_thread
from shared.chunks import chunks
from shared.events import redesign
from shared.events.base import EventPayload
from shared.events.catalogue import ReadEvent

Row = dict[str, Any]
REDESIGN_CONSUMER = "workflow.redesign"
REDESIGN_STREAMS = frozenset({"process", "candidate"})


def apply_redesign_events(connection: Connection, events: list[ReadEvent]) -> None:
    """The `apply` function of the redesign consumer (the benefits register's too)."""
    apply_benefit_events(connection, events)
    record_thread(connection, events)
    wanted = [e for e in events if e.envelope.aggregate_type in REDESIGN_STREAMS]
    wanted.sort(
        key=lambda e: (e.envelope.aggregate_type, e.envelope.aggregate_id, e.envelope.sequence)
    )
    by_type = {
        "process": _load(connection, processes, "process_id", _ids(wanted, "process")),
        "candidate": _load(connection, candidates, "candidate_id", _ids(wanted, "candidate")),
    }
    changed: dict[str, set[str]] = {"process": set(), "candidate": set()}
    needs: dict[str, list[redesign.SupportNeed]] = {}
    for event in wanted:
        envelope = event.envelope
        rows = by_type[envelope.aggregate_type]
        current = rows.get(envelope.aggregate_id)
        if current is not None and current["sequence"] >= envelope.sequence:
            continue
        updated = _apply(current, event)
        if updated is not None:
            rows[envelope.aggregate_id] = updated
            changed[envelope.aggregate_type].add(envelope.aggregate_id)
            if isinstance(event.payload, redesign.ProcessReviewStarted):
                needs[envelope.aggregate_id] = list(event.payload.support_needs)
    _save(connection, processes, "process_id", by_type["process"], changed["process"])
    _save(connection, candidates, "candidate_id", by_type["candidate"], changed["candidate"])
    save_support_needs(connection, needs)


def _apply(current: Row | None, event: ReadEvent) -> Row | None:
    kind = type(event.payload)
    payload = event.payload.model_dump(mode="python")
    introduce = INTRODUCTIONS.get(kind)
    if introduce is not None:
        return {**introduce(current, payload, event), "sequence": event.envelope.sequence}
    change = CHANGES.get(kind)
    if current is None or change is None:
        return None  # a later step of something never introduced: nothing to attach it to
    status = STATUS_AFTER.get(kind)
    changes = {"status": status.value} if status is not None else {}
    return {**current, **changes, **change(payload, event), "sequence": event.envelope.sequence}


def _process_registered(current: Row | None, payload: Row, event: ReadEvent) -> Row:
    return {
        **{key: payload[key] for key in _columns(processes) if key in payload},
        "review_started_on": current["review_started_on"] if current else None,
        "producer": event.envelope.producer,
    }


def _candidate_identified(current: Row | None, payload: Row, event: ReadEvent) -> Row:
    row = {key: payload[key] for key in _columns(candidates) if key in payload}
    row.update(
        post_numbers=json.dumps(payload["post_numbers"]),
        departments=json.dumps(payload["departments"]),
        identified_on=event.envelope.occurred_at.date(),
        status=STATUS_AFTER[redesign.CandidateIdentified].value,
        producer=event.envelope.producer,
        **{name: None for name in _LATER_FIELDS},
    )
    return row


_LATER_FIELDS = (
    "delivered_on",
    "realised_hours_saved_per_year",
    "realised_money_saved_per_year",
    "rejected_reason",
)


def _review_started(payload: Row, event: ReadEvent) -> Row:
    return {"review_started_on": payload["started_on"]}


def _assessed(payload: Row, event: ReadEvent) -> Row:
    return {key: payload[key] for key in ("automation_potential_percent", "ease")}


def _rejected(payload: Row, event: ReadEvent) -> Row:
    return {"rejected_reason": payload["reason"]}


def _delivered(payload: Row, event: ReadEvent) -> Row:
    envelope = event.envelope
    return {
        "realised_hours_saved_per_year": payload["realised_hours_saved_per_year"],
        "realised_money_saved_per_year": payload["realised_money_saved_per_year"],
        "delivered_on": envelope.effective_date or envelope.occurred_at.date(),
    }


def _status_only(payload: Row, event: ReadEvent) -> Row:
    return {}  # the new status (`STATUS_AFTER`) is all it changes


# Events that bring a process or candidate into the pipeline, and those that change one
# already there (its status from `STATUS_AFTER`, plus these fields). A test holds every
# redesign event to being in one of the two.
INTRODUCTIONS: dict[type[EventPayload], Callable[[Row | None, Row, ReadEvent], Row]] = {
    redesign.ProcessRegistered: _process_registered,
    redesign.CandidateIdentified: _candidate_identified,
}
CHANGES: dict[type[EventPayload], Callable[[Row, ReadEvent], Row]] = {
    redesign.ProcessReviewStarted: _review_started,
    redesign.CandidateAssessed: _assessed,
    redesign.CandidateApproved: _status_only,
    redesign.CandidateRejected: _rejected,
    redesign.CandidateDeliveryStarted: _status_only,
    redesign.CandidateDelivered: _delivered,
}
HANDLERS = {**INTRODUCTIONS, **CHANGES}


def _columns(table: Table) -> set[str]:
    return {column.name for column in table.columns}


def _ids(events: Sequence[ReadEvent], aggregate_type: str) -> set[str]:
    return {e.envelope.aggregate_id for e in events if e.envelope.aggregate_type == aggregate_type}


def _load(
    connection: Connection, table: Table, key: str, ids: set[str]
) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for part in chunks(sorted(ids)):
        for row in connection.execute(select(table).where(table.c[key].in_(part))).mappings():
            found[row[key]] = dict(row)
    return found


def _save(
    connection: Connection, table: Table, key: str, rows: dict[str, dict[str, Any]], ids: set[str]
) -> None:
    for part in chunks(sorted(ids)):
        connection.execute(delete(table).where(table.c[key].in_(part)))
    if ids:
        connection.execute(insert(table), [rows[i] for i in sorted(ids)])
