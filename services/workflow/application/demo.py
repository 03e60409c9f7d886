"""Seed the demo redesign pipeline: processes of functions whose service publishes none
(everything but HR and Finance), and in each function a candidate in every status
(`shared.demo.candidates`, the plan HR and Finance publish theirs from)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Connection, Engine

from services.workflow.application.commands import (
    CandidateStep,
    IdentifyCandidate,
    RegisterProcess,
)
from services.workflow.application.demo_benefits import register_demo_benefit
from services.workflow.application.redesign_handlers import (
    identify_candidate,
    register_process,
    take_step,
)
from services.workflow.domain.candidate import FUNCTIONS_WITH_OWN_PUBLISHER
from services.workflow.projections.pipeline import has_processes
from shared.demo import DemoCandidate, DemoProcess, demo_candidates, generate_processes
from shared.demo.candidates import REJECTED_BECAUSE
from shared.events.envelope import Actor
from shared.persistence.outbox import EventContext

DEMO_ACTOR = Actor(id="workflow-demo", role="system")


def seed_demo_pipeline(engine: Engine, seed: int, topic_prefix: str, now: datetime) -> int:
    """Register the demo processes and candidates unless processes of the functions Workflow
    hosts exist; return how many."""
    context = EventContext(
        producer="workflow",
        actor=DEMO_ACTOR,
        correlation_id=uuid.uuid4(),
        topic_prefix=topic_prefix,
    )
    with engine.begin() as connection:
        # HR's and Finance's processes may come in first: the seed looks at its own only.
        if has_processes(connection, besides=frozenset(FUNCTIONS_WITH_OWN_PUBLISHER)):
            return 0
        chosen = [
            p for p in generate_processes(seed) if p.function not in FUNCTIONS_WITH_OWN_PUBLISHER
        ]
        for process in chosen:
            register_process(connection, context, _registration(process), now)
        for function in sorted({p.function for p in chosen}):
            for plan in demo_candidates(seed, function):
                _seed_candidate(connection, context, plan, now)
        return len(chosen)


def _seed_candidate(
    connection: Connection, context: EventContext, plan: DemoCandidate, now: datetime
) -> None:
    candidate_id = f"CAN-DEMO-{plan.process.function}-{plan.number:02d}"
    command = IdentifyCandidate(**plan.identified(), candidate_id=candidate_id)
    identify_candidate(connection, context, command, now)
    for step in plan.path:
        take_step(connection, context, _step(candidate_id, step, plan), now)
    if "approve" in plan.path:
        register_demo_benefit(connection, context, candidate_id, plan, now)


def _registration(process: DemoProcess) -> RegisterProcess:
    return RegisterProcess(
        function=process.function,
        name=process.name,
        volume_per_year=process.volume_per_year,
        minutes_per_case=process.minutes_per_case,
        average_grade_cost=process.average_grade_cost,
        rework_percent=process.rework_percent,
        process_id=process.process_id,
    )


def _step(candidate_id: str, step: str, plan: DemoCandidate) -> CandidateStep:
    if step == "reject":
        return CandidateStep(candidate_id=candidate_id, step=step, reason=REJECTED_BECAUSE)
    if step == "deliver":
        return CandidateStep(
            candidate_id=candidate_id,
            step=step,
            realised_hours_saved_per_year=plan.realised_hours_saved_per_year,
            realised_money_saved_per_year=plan.realised_money_saved_per_year,
        )
    return CandidateStep(candidate_id=candidate_id, step=step)
