"""Apply process-redesign events from any producer to the pipeline's processes and candidates.

Each process and each candidate is its own stream, ordered by its sequence; an event at or
below the sequence already applied changes nothing. Benefits are not stored: they are
computed when read, from the candidate and its process, whichever arrived first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select

from services.workflow.adapters.tables import candidates, processes
from services.workflow.domain.candidate import STATUS_AFTER
from shared.chunks import chunks
from shared.events.catalogue import ReadEvent

REDESIGN_STREAMS = frozenset({"process", "candidate"})


def apply_redesign_events(connection: Connection, events: list[ReadEvent]) -> None:
    """The `apply` function of the redesign consumer."""
    wanted = [e for e in events if e.envelope.aggregate_type in REDESIGN_STREAMS]
    wanted.sort(
        key=lambda e: (e.envelope.aggregate_type, e.envelope.aggregate_id, e.envelope.sequence)
    )
    by_type = {
        "process": _load(connection, processes, "process_id", _ids(wanted, "process")),
        "candidate": _load(connection, candidates, "candidate_id", _ids(wanted, "candidate")),
    }
    changed: dict[str, set[str]] = {"process": set(), "candidate": set()}
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
    _save(connection, processes, "process_id", by_type["process"], changed["process"])
    _save(connection, candidates, "candidate_id", by_type["candidate"], changed["candidate"])


def _apply(current: dict[str, Any] | None, event: ReadEvent) -> dict[str, Any] | None:
    envelope, kind = event.envelope, event.envelope.event_type
    payload = event.payload.model_dump(mode="python")
    stamp = {"sequence": envelope.sequence}
    if kind == "ProcessRegistered":
        return {
            **{key: payload[key] for key in _columns(processes) if key in payload},
            "review_started_on": current["review_started_on"] if current else None,
            "producer": envelope.producer,
            **stamp,
        }
    if kind == "CandidateIdentified":
        row = {key: payload[key] for key in _columns(candidates) if key in payload}
        row.update(
            post_numbers=json.dumps(payload["post_numbers"]),
            departments=json.dumps(payload["departments"]),
            identified_on=envelope.occurred_at.date(),
            status=STATUS_AFTER[kind].value,
            producer=envelope.producer,
            **{name: None for name in _LATER_FIELDS},
            **stamp,
        )
        return row
    if current is None:
        return None  # a later step of something never introduced: nothing to attach it to
    return {**current, **_changes(kind, payload, event), **stamp}


_LATER_FIELDS = (
    "delivered_on",
    "realised_hours_saved_per_year",
    "realised_money_saved_per_year",
    "rejected_reason",
)


def _changes(kind: str, payload: dict[str, Any], event: ReadEvent) -> dict[str, Any]:
    if kind == "ProcessReviewStarted":
        return {"review_started_on": payload["started_on"]}
    changes: dict[str, Any] = {"status": STATUS_AFTER[kind].value}
    if kind == "CandidateAssessed":
        changes["automation_potential_percent"] = payload["automation_potential_percent"]
        changes["ease"] = payload["ease"]
    elif kind == "CandidateRejected":
        changes["rejected_reason"] = payload["reason"]
    elif kind == "CandidateDelivered":
        changes["realised_hours_saved_per_year"] = payload["realised_hours_saved_per_year"]
        changes["realised_money_saved_per_year"] = payload["realised_money_saved_per_year"]
        changes["delivered_on"] = event.envelope.effective_date or event.envelope.occurred_at.date()
    return changes


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
