"""The demo's benefits register: approved candidates of Workflow's functions have a benefit
case; delivered ones a first measurement and the FTE they released, so the dashboard shows
savings realised and FTE released on first start."""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import Connection

from services.workflow.application.benefit_handlers import measure, record_case, release_fte
from services.workflow.application.commands import MeasureBenefit, RecordBenefitCase, ReleaseFte
from services.workflow.domain.benefits import ProcessEffort, WorkingTime, estimate_benefit
from services.workflow.domain.savings import financial_year_of
from shared.demo import DemoCandidate, DemoProcess
from shared.persistence.outbox import EventContext
from shared.reference import CENTRAL_TEAMS


def register_demo_benefit(
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
    freed = plan.realised_hours_saved_per_year / working.hours_per_fte
    ceiling = demo_process_fte(plan.process, working)
    return max(math.floor(min(freed, ceiling) * 100) / 100, 0.01)


def demo_process_fte(process: DemoProcess, working: WorkingTime) -> float:
    """The FTE a demo process takes as it is (Workflow's ceiling on what it can release)."""
    effort = ProcessEffort(
        volume_per_year=process.volume_per_year,
        minutes_per_case=process.minutes_per_case,
        rework_percent=process.rework_percent,
        average_grade_cost=process.average_grade_cost,
    )
    return estimate_benefit(effort, 0, working).fte_as_is
