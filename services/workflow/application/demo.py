"""Seed the demo redesign pipeline: processes of functions whose service publishes none
(everything but HR and Finance), and in each function a candidate in every status
(`shared.demo.candidates`, the plan HR and Finance publish theirs from)."""

from __future__ import annotations

import math
import uuid
from datetime import datetime

from sqlalchemy import Connection, Engine

from services.workflow.application.benefit_handlers import measure, record_case, release_fte
from services.workflow.application.commands import (
    CandidateStep,
    IdentifyCandidate,
    MeasureBenefit,
    RecordBenefitCase,
    RegisterProcess,
    ReleaseFte,
)
from services.workflow.application.redesign_handlers import (
    identify_candidate,
    register_process,
    take_step,
)
from services.workflow.domain.benefits import ProcessEffort, WorkingTime, estimate_benefit
from services.workflow.domain.candidate import FUNCTIONS_WITH_OWN_PUBLISHER
from services.workflow.domain.savings import financial_year_of
from services.workflow.projections.pipeline import has_processes
from shared.demo import DemoCandidate, DemoProcess, demo_candidates, generate_processes
from shared.demo.candidates import REJECTED_BECAUSE
from shared.events.envelope import Actor
from shared.persistence.outbox import EventContext
from shared.reference import CENTRAL_TEAMS

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
        _register_benefit(connection, context, candidate_id, plan, now)


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


def _register_benefit(
    connection: Connection,
    context: EventContext,
    candidate_id: str,
    plan: DemoCandidate,
    now: datetime,
) -> None:
    """Approved demo candidates have a benefit case; delivered ones a first measurement
    and the FTE they released."""
    money, hours = plan.realised_money_saved_per_year, plan.realised_hours_saved_per_year
    start = int(financial_year_of(now.date())[:4])
    years = [f"{y}/{(y + 1) % 100:02d}" for y in range(start, start + 3)]
    case = RecordBenefitCase(
        candidate_id=candidate_id,
        owner_role=f"Head of {CENTRAL_TEAMS[plan.process.function]}",
        baseline_measure=f"Hours a year on {plan.process.name.lower()}",
        baseline_value=round(plan.process.volume_per_year * plan.process.minutes_per_case / 60),
        baseline_date=now.date(),
        profile=[(year, money * (n + 1) // 3, 0.0) for n, year in enumerate(years)],
        one_off_cost=money // 2,
        running_cost_per_year=money // 10,
    )
    record_case(connection, context, case, WorkingTime(), now)
    if "deliver" in plan.path:
        measured = MeasureBenefit(
            candidate_id=candidate_id,
            measured_on=now.date(),
            cashable_money=money // 3,
            hours_freed=hours,
            note="first measurement after go-live",
        )
        measure(connection, context, measured, now)
        release = ReleaseFte(
            candidate_id=candidate_id,
            released_on=now.date(),
            fte=demo_fte_released(plan, WorkingTime()),
            note="vacancies not refilled after go-live",
        )
        release_fte(connection, context, release, WorkingTime(), now)


def demo_fte_released(plan: DemoCandidate, working: WorkingTime) -> float:
    """The FTE a delivered demo candidate released: the hours it freed in full-time years,
    to the hundredth below, never more than its process takes as it is (nor under 0.01)."""
    process = plan.process
    effort = ProcessEffort(
        volume_per_year=process.volume_per_year,
        minutes_per_case=process.minutes_per_case,
        rework_percent=process.rework_percent,
        average_grade_cost=process.average_grade_cost,
    )
    freed = plan.realised_hours_saved_per_year / working.hours_per_fte
    ceiling = estimate_benefit(effort, 0, working).fte_as_is
    return max(math.floor(min(freed, ceiling) * 100) / 100, 0.01)
