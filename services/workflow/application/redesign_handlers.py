"""Workflow's own redesign commands: decide, publish on `workflow.redesign` via the outbox,
and apply at once to the read model (marking the inbox, so consuming it back is a no-op)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from services.workflow.application.commands import (
    CandidateStep,
    IdentifyCandidate,
    RegisterProcess,
    StartReview,
)
from services.workflow.domain.candidate import check_step, check_workflow_may_publish
from services.workflow.domain.errors import (
    AlreadyRegistered,
    CandidateNotFound,
    NotWorkflowsToChange,
    ProcessNotFound,
)
from services.workflow.projections.pipeline import (
    candidate_row,
    process_row,
    publish_and_apply,
)
from shared.events import redesign as events
from shared.events import topics
from shared.events.base import EventPayload
from shared.persistence.outbox import EventContext, NewEvent


def register_process(
    connection: Connection, context: EventContext, command: RegisterProcess, now: datetime
) -> str:
    """Record a process of a function whose own service publishes no redesign events."""
    check_workflow_may_publish(command.function)
    process_id = command.process_id or f"PRC-{command.function}-W{uuid.uuid4().hex[:8]}"
    if process_row(connection, process_id) is not None:
        raise AlreadyRegistered(f"process {process_id} is already registered")
    payload = events.ProcessRegistered(
        process_id=process_id,
        function=command.function,
        team=command.function,  # each function's central team has the function's code
        name=command.name,
        volume_per_year=command.volume_per_year,
        minutes_per_case=command.minutes_per_case,
        rework_percent=command.rework_percent,
        average_grade_cost=command.average_grade_cost,
    )
    _publish(connection, context, payload, process_id, None, now)
    return process_id


def start_review(
    connection: Connection, context: EventContext, command: StartReview, now: datetime
) -> None:
    """Start reviewing one of those processes, recording what departments said they need."""
    process = _hosted_process(connection, command.process_id)
    payload = events.ProcessReviewStarted(
        process_id=command.process_id,
        team=process["team"],
        started_on=command.started_on,
        support_needs=[
            events.SupportNeed(department=department, need=need)
            for department, need in command.support_needs
        ],
    )
    _publish(connection, context, payload, command.process_id, None, now)


def identify_candidate(
    connection: Connection, context: EventContext, command: IdentifyCandidate, now: datetime
) -> str:
    """Record a redesign opportunity found in one of those processes."""
    process = _hosted_process(connection, command.process_id)
    candidate_id = command.candidate_id or f"CAN-{uuid.uuid4().hex[:10]}"
    if candidate_row(connection, candidate_id) is not None:
        raise AlreadyRegistered(f"candidate {candidate_id} is already recorded")
    payload = events.CandidateIdentified(
        candidate_id=candidate_id,
        process_id=command.process_id,
        team=process["team"],
        kind=command.kind,
        title=command.title,
        automation_potential_percent=command.automation_potential_percent,
        ease=command.ease,
        post_numbers=command.post_numbers,
        departments=command.departments,
    )
    department = command.departments[0] if len(command.departments) == 1 else None
    _publish(connection, context, payload, candidate_id, department, now)
    return candidate_id


def take_step(
    connection: Connection, context: EventContext, command: CandidateStep, now: datetime
) -> None:
    """Assess, approve, reject, start delivering or deliver a candidate Workflow recorded."""
    candidate = candidate_row(connection, command.candidate_id)
    if candidate is None:
        raise CandidateNotFound(command.candidate_id)
    if candidate["producer"] != "workflow":
        raise NotWorkflowsToChange(
            f"candidate {command.candidate_id} is recorded by the {candidate['producer']} "
            "service; only that service can change it"
        )
    check_step(command.candidate_id, candidate["status"], command.step)
    payload = _step_event(command, candidate)
    effective = now.date() if command.step == "deliver" else None
    _publish(connection, context, payload, command.candidate_id, None, now, effective)


def _step_event(command: CandidateStep, candidate: dict[str, Any]) -> EventPayload:
    key = {"candidate_id": command.candidate_id}
    if command.step == "assess":
        return events.CandidateAssessed(
            **key,
            automation_potential_percent=_or(
                command.automation_potential_percent, candidate["automation_potential_percent"]
            ),
            ease=_or(command.ease, candidate["ease"]),
            notes=command.notes,
        )
    if command.step == "approve":
        return events.CandidateApproved(**key)
    if command.step == "reject":
        return events.CandidateRejected(**key, reason=command.reason)
    if command.step == "start_delivery":
        return events.CandidateDeliveryStarted(**key)
    return events.CandidateDelivered(
        **key,
        realised_hours_saved_per_year=command.realised_hours_saved_per_year or 0,
        realised_money_saved_per_year=command.realised_money_saved_per_year or 0,
    )


def _hosted_process(connection: Connection, process_id: str) -> dict[str, Any]:
    """The process, if known and of a function Workflow publishes for."""
    process = process_row(connection, process_id)
    if process is None:
        raise ProcessNotFound(process_id)
    check_workflow_may_publish(process["function"])
    return process


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def _publish(
    connection: Connection,
    context: EventContext,
    payload: EventPayload,
    aggregate_id: str,
    department: str | None,
    now: datetime,
    effective_date: Any = None,
) -> None:
    event = NewEvent(
        payload=payload,
        aggregate_id=aggregate_id,
        department=department,
        effective_date=effective_date,
        topic=topics.WORKFLOW_REDESIGN,
    )
    publish_and_apply(connection, context, event, now)
