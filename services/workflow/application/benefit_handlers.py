"""The benefits register's commands: record a candidate's case, its health, what it realised.

Each decides with the register's rules (`domain/benefit_rules.py`), then publishes on
`workflow.redesign` in the candidate's `benefit` stream and applies it at once, like
Workflow's other redesign commands. A refusal writes and publishes nothing.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from services.workflow.application.commands import MeasureBenefit, RecordBenefitCase, ReleaseFte
from services.workflow.domain.benefit_case import BenefitYear
from services.workflow.domain.benefit_rules import (
    BenefitConflict,
    check_entry,
    check_measurable,
    check_not_double_counted,
)
from services.workflow.domain.benefits import ProcessEffort, WorkingTime, estimate_benefit
from services.workflow.domain.errors import CandidateNotFound
from services.workflow.domain.fte_release import check_release
from services.workflow.domain.savings import financial_year_of
from services.workflow.projections.benefits import benefit_case, benefit_claims, peak_hours
from services.workflow.projections.fte import post_share, released_by
from services.workflow.projections.pipeline import candidate_row, process_row, publish_and_apply
from shared.events import benefits as events
from shared.events import topics
from shared.persistence.outbox import EventContext, NewEvent


def record_case(
    connection: Connection,
    context: EventContext,
    command: RecordBenefitCase,
    working: WorkingTime,
    now: datetime,
) -> None:
    """Record a candidate's benefit case, refusing one that counts posts or hours twice."""
    candidate = _live_candidate(connection, command.candidate_id)
    profile = [BenefitYear(financial_year=y, cashable_money=m, hours_freed=h)
               for y, m, h in command.profile]  # fmt: skip
    check_entry(
        owner_role=command.owner_role,
        baseline_date=command.baseline_date,
        profile=profile,
        one_off_cost=command.one_off_cost,
        running_cost_per_year=command.running_cost_per_year,
    )
    check_not_double_counted(
        command.candidate_id,
        candidate["process_id"],
        command.post_numbers,
        peak_hours(profile),
        _hours_as_is(connection, candidate["process_id"], working),
        benefit_claims(connection),
    )
    payload = events.BenefitCaseRecorded(
        candidate_id=command.candidate_id,
        owner_role=command.owner_role.strip(),
        baseline_measure=command.baseline_measure,
        baseline_value=command.baseline_value,
        baseline_date=command.baseline_date,
        profile=[events.ExpectedBenefit(**asdict(year)) for year in profile],
        one_off_cost=command.one_off_cost,
        running_cost_per_year=command.running_cost_per_year,
        post_numbers=sorted(set(command.post_numbers)),
    )
    _publish(connection, context, payload, now)


def change_health(
    connection: Connection,
    context: EventContext,
    candidate_id: str,
    health: events.BenefitHealth,
    reason: str,
    now: datetime,
) -> None:
    """Mark the benefit on track, on hold, at risk or delayed."""
    _case(connection, candidate_id)
    payload = events.BenefitHealthChanged(candidate_id=candidate_id, health=health, reason=reason)
    _publish(connection, context, payload, now)


def measure(
    connection: Connection, context: EventContext, command: MeasureBenefit, now: datetime
) -> None:
    """Record a realised measurement of a delivered candidate's benefit."""
    _case(connection, command.candidate_id)
    candidate = candidate_row(connection, command.candidate_id)
    assert candidate is not None  # a case exists only for a known candidate
    check_measurable(command.candidate_id, candidate["status"])
    payload = events.BenefitMeasured(
        candidate_id=command.candidate_id,
        measured_on=command.measured_on,
        financial_year=financial_year_of(command.measured_on),
        cashable_money=command.cashable_money,
        hours_freed=command.hours_freed,
        note=command.note,
    )
    _publish(connection, context, payload, now, effective=command.measured_on)


def release_fte(
    connection: Connection,
    context: EventContext,
    command: ReleaseFte,
    working: WorkingTime,
    now: datetime,
) -> None:
    """Record FTE a delivered candidate released, refusing FTE counted twice."""
    case = _case(connection, command.candidate_id)
    candidate = candidate_row(connection, command.candidate_id)
    assert candidate is not None  # a case exists only for a known candidate
    claimed = frozenset(json.loads(candidate["post_numbers"])) | set(case["post_numbers"])
    number = command.post_number
    process = _process_effort(connection, candidate["process_id"])
    check_release(
        candidate_id=command.candidate_id,
        status=candidate["status"],
        fte=command.fte,
        claimed=claimed,
        post=post_share(connection, number) if number else None,
        released_by_candidate=released_by(connection, command.candidate_id),
        process_fte=estimate_benefit(process, 0, working).fte_as_is if process else None,
    )
    payload = events.FteReleased(
        candidate_id=command.candidate_id,
        team=candidate["team"],
        released_on=command.released_on,
        financial_year=financial_year_of(command.released_on),
        fte=command.fte,
        post_number=number,
        note=command.note,
    )
    _publish(connection, context, payload, now, effective=command.released_on)


def _live_candidate(connection: Connection, candidate_id: str) -> dict[str, Any]:
    candidate = candidate_row(connection, candidate_id)
    if candidate is None:
        raise CandidateNotFound(candidate_id)
    if candidate["status"] == "rejected":
        raise BenefitConflict(
            f"candidate {candidate_id} was rejected; it has no benefit to register"
        )
    return candidate


def _case(connection: Connection, candidate_id: str) -> dict[str, Any]:
    case = benefit_case(connection, candidate_id)
    if case is None:
        if candidate_row(connection, candidate_id) is None:
            raise CandidateNotFound(candidate_id)
        raise BenefitConflict(f"candidate {candidate_id} has no benefit case in the register yet")
    return case


def _hours_as_is(connection: Connection, process_id: str, working: WorkingTime) -> float | None:
    effort = _process_effort(connection, process_id)
    if effort is None:
        return None  # its process has not arrived yet: only posts can be checked
    return estimate_benefit(effort, 0, working).hours_as_is


def _process_effort(connection: Connection, process_id: str) -> ProcessEffort | None:
    process = process_row(connection, process_id)
    if process is None:
        return None
    return ProcessEffort(
        volume_per_year=process["volume_per_year"],
        minutes_per_case=process["minutes_per_case"],
        rework_percent=process["rework_percent"],
        average_grade_cost=process["average_grade_cost"],
    )


def _publish(
    connection: Connection,
    context: EventContext,
    payload: events.BenefitEvent,
    now: datetime,
    effective: Any = None,
) -> None:
    event = NewEvent(
        payload=payload,
        aggregate_id=payload.candidate_id,
        effective_date=effective,
        topic=topics.WORKFLOW_REDESIGN,
    )
    publish_and_apply(connection, context, event, now)
