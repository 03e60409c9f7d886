"""Apply benefits-register events to the register: each candidate's case and health, and
every realised measurement. A `benefit` stream is ordered by its sequence; an event at or
below the sequence already applied changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update

from services.workflow.adapters.tables import (
    benefit_cases,
    benefit_measurements,
    candidates,
    fte_releases,
)
from services.workflow.domain.benefit_case import BenefitYear
from services.workflow.domain.benefit_rules import Claim
from shared.events import benefits
from shared.events.base import EventPayload
from shared.events.catalogue import ReadEvent

Row = dict[str, Any]


def apply_benefit_events(connection: Connection, events: list[ReadEvent]) -> None:
    """Apply the `benefit` streams' events in order, each at most once."""
    wanted = [e for e in events if e.envelope.aggregate_type == "benefit"]
    wanted.sort(key=lambda e: (e.envelope.aggregate_id, e.envelope.sequence))
    for event in wanted:
        candidate_id, sequence = event.envelope.aggregate_id, event.envelope.sequence
        query = select(benefit_cases.c.sequence).where(benefit_cases.c.candidate_id == candidate_id)
        applied = connection.execute(query).scalar_one_or_none()
        if applied is not None and applied >= sequence:
            continue
        HANDLERS[type(event.payload)](connection, event)
        if applied is not None or type(event.payload) is not benefits.BenefitCaseRecorded:
            connection.execute(
                update(benefit_cases)
                .where(benefit_cases.c.candidate_id == candidate_id)
                .values(sequence=sequence)
            )


def _case_recorded(connection: Connection, event: ReadEvent) -> None:
    payload = event.payload.model_dump(mode="json")
    table = benefit_cases
    before = connection.execute(
        select(table.c.health, table.c.health_reason).where(
            table.c.candidate_id == event.envelope.aggregate_id
        )
    ).first()
    connection.execute(delete(table).where(table.c.candidate_id == event.envelope.aggregate_id))
    connection.execute(
        insert(table).values(
            candidate_id=event.envelope.aggregate_id,
            owner_role=payload["owner_role"],
            baseline_measure=payload["baseline_measure"],
            baseline_value=payload["baseline_value"],
            baseline_date=event.payload.model_dump()["baseline_date"],
            profile=json.dumps(payload["profile"]),
            one_off_cost=payload["one_off_cost"],
            running_cost_per_year=payload["running_cost_per_year"],
            post_numbers=json.dumps(payload["post_numbers"]),
            health=before.health if before else "on_track",
            health_reason=before.health_reason if before else "",
            sequence=event.envelope.sequence,
        )
    )


def _health_changed(connection: Connection, event: ReadEvent) -> None:
    payload = event.payload
    assert isinstance(payload, benefits.BenefitHealthChanged)
    connection.execute(
        update(benefit_cases)
        .where(benefit_cases.c.candidate_id == event.envelope.aggregate_id)
        .values(health=payload.health, health_reason=payload.reason)
    )


def _row_in(table: Table) -> Callable[[Connection, ReadEvent], None]:
    """A handler keeping each event of the stream as a row of `table` (a measurement, an FTE
    release), by candidate and sequence."""

    def keep(connection: Connection, event: ReadEvent) -> None:
        row: Row = event.payload.model_dump()
        row.pop("candidate_id")
        connection.execute(
            insert(table).values(
                candidate_id=event.envelope.aggregate_id, sequence=event.envelope.sequence, **row
            )
        )

    return keep


# A test holds every benefits-register event to being here.
HANDLERS: dict[type[EventPayload], Callable[[Connection, ReadEvent], None]] = {
    benefits.BenefitCaseRecorded: _case_recorded,
    benefits.BenefitHealthChanged: _health_changed,
    benefits.BenefitMeasured: _row_in(benefit_measurements),
    benefits.FteReleased: _row_in(fte_releases),
}


def benefit_case(connection: Connection, candidate_id: str) -> Row | None:
    """The candidate's case as the register holds it (profile and posts parsed), or None."""
    query = select(benefit_cases).where(benefit_cases.c.candidate_id == candidate_id)
    row = connection.execute(query).mappings().first()
    if row is None:
        return None
    case = dict(row)
    case["profile"] = json.loads(case["profile"])
    case["post_numbers"] = json.loads(case["post_numbers"])
    return case


def measurements(connection: Connection, candidate_id: str | None = None) -> list[Row]:
    """Realised measurements, oldest first (one candidate's, or every one)."""
    table = benefit_measurements
    query = select(table).order_by(table.c.candidate_id, table.c.sequence)
    if candidate_id is not None:
        query = query.where(table.c.candidate_id == candidate_id)
    return [dict(row) for row in connection.execute(query).mappings()]


def benefit_claims(connection: Connection) -> list[Claim]:
    """What every live (not rejected) candidate's case claims: posts, and hours a year."""
    query = (
        select(benefit_cases, candidates.c.process_id)
        .join_from(
            benefit_cases, candidates, benefit_cases.c.candidate_id == candidates.c.candidate_id
        )
        .where(candidates.c.status != "rejected")
    )
    return [
        Claim(
            candidate_id=row["candidate_id"],
            process_id=row["process_id"],
            post_numbers=tuple(json.loads(row["post_numbers"])),
            hours_freed_per_year=peak_hours(profile_of(row["profile"])),
        )
        for row in connection.execute(query).mappings()
    ]


def profile_of(stored: str | list[Row]) -> list[BenefitYear]:
    """The expected profile as the domain reads it."""
    years = json.loads(stored) if isinstance(stored, str) else stored
    return [BenefitYear(**year) for year in years]


def peak_hours(profile: list[BenefitYear]) -> float:
    """The most hours a year the profile frees: what the case claims of its process."""
    return max((year.hours_freed for year in profile), default=0.0)


def benefit_case_ids(connection: Connection) -> list[str]:
    """Every candidate with a case in the register, in id order."""
    query = select(benefit_cases.c.candidate_id).order_by(benefit_cases.c.candidate_id)
    return list(connection.execute(query).scalars())
