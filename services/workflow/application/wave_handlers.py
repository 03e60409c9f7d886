"""The programme office's commands: plan a wave and re-plan it (every version kept).

Each decides with the domain, publishes on `workflow.programme` through the outbox and
applies to the programme read model in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import Connection

from services.workflow.domain.waves import (
    EqualityAssessment,
    WaveAlreadyPlanned,
    WaveNotFound,
    WavePlan,
    check_assessment,
    check_plan,
    check_replan,
)
from services.workflow.projections.programme import load_waves, publish_and_apply_wave
from shared.events import programme
from shared.persistence.outbox import EventContext, NewEvent


@dataclass(frozen=True, kw_only=True)
class PlanWave:
    """Plan a new wave, or re-plan one (`reason` then says why)."""

    wave_id: str
    name: str
    functions: list[str]
    departments: list[str]
    consultation_starts_on: date
    approval_by: date
    effective_on: date
    target_saving: int
    owner_role: str
    status: str = "planned"
    decision_reference_required: bool = False
    equality_assessment_required: bool = False
    reason: str = ""


def plan_wave(
    connection: Connection, context: EventContext, command: PlanWave, now: datetime
) -> int:
    """Record plan version 1 of a new wave; return the version."""
    if load_waves(connection, command.wave_id):
        raise WaveAlreadyPlanned(command.wave_id)
    plan = _plan(command, version=1)
    check_plan(plan)
    _publish(connection, context, programme.WavePlanned(**_fields(command, 1)), now)
    return plan.version


def replan_wave(
    connection: Connection, context: EventContext, command: PlanWave, now: datetime
) -> int:
    """Record the next plan version of a wave, keeping the earlier ones; return it."""
    found = load_waves(connection, command.wave_id)
    if not found:
        raise WaveNotFound(command.wave_id)
    wave = found[0]
    version = wave.current.version + 1
    check_replan(wave, _plan(command, version))
    payload = programme.WaveReplanned(**_fields(command, version), reason=command.reason)
    _publish(connection, context, payload, now)
    return version


def record_equality_assessment(
    connection: Connection,
    context: EventContext,
    wave_id: str,
    assessment: EqualityAssessment,
    now: datetime,
) -> None:
    """Record where the wave's equality impact assessment stands."""
    found = load_waves(connection, wave_id)
    if not found:
        raise WaveNotFound(wave_id)
    check_assessment(found[0], assessment)
    payload = programme.EqualityImpactAssessmentRecorded(
        wave_id=wave_id,
        status=assessment.status,
        assessed_on=assessment.assessed_on,
        link=assessment.link,
        document_sha256=assessment.document_sha256,
    )
    _publish(connection, context, payload, now)


def _plan(command: PlanWave, version: int) -> WavePlan:
    return WavePlan(
        version=version,
        name=command.name,
        functions=tuple(command.functions),
        departments=tuple(command.departments),
        consultation_starts_on=command.consultation_starts_on,
        approval_by=command.approval_by,
        effective_on=command.effective_on,
        target_saving=command.target_saving,
        owner_role=command.owner_role,
        status=command.status,
        decision_reference_required=command.decision_reference_required,
        equality_assessment_required=command.equality_assessment_required,
        reason=command.reason,
    )


def _fields(command: PlanWave, version: int) -> dict[str, object]:
    fields = {k: v for k, v in vars(replace(command)).items() if k != "reason"}
    return {**fields, "plan_version": version}


def _publish(
    connection: Connection, context: EventContext, payload: programme.WaveEvent, now: datetime
) -> None:
    event = NewEvent(payload=payload, aggregate_id=payload.wave_id)
    publish_and_apply_wave(connection, context, event, now)
