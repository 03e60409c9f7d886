"""What a redesign API accepts, Workflow can apply: the contract as a property, for the
redesign routes HR and Finance serve (`shared.redesign.api`).

Requests are drawn from the routes' own models, handed to the shared redesign handlers as
the routes hand them, sealed and read back as consumers read them, then applied to
Workflow's redesign read model and priced by its benefit method. None may raise; a step the
candidate's lifecycle refuses (with its reason, nothing written) is a fine answer.
"""

from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from sqlalchemy import Engine

from services.workflow.adapters.tables import metadata
from services.workflow.domain.benefits import (
    ProcessEffort,
    WorkingTime,
    estimate_benefit,
    priority_score,
)
from services.workflow.projections.redesign import apply_redesign_events
from shared.events import redesign as ev
from shared.events.base import EventPayload
from shared.events.catalogue import read_document
from shared.persistence.engine import make_engine
from shared.redesign import publishing
from shared.redesign.api import AssessIn, CandidateIn, DeliverIn, ProcessIn, ReviewIn
from shared.redesign.commands import IdentifyCandidate, RegisterProcess, StartReview
from tests.support.envelopes import StreamWriter
from tests.support.model_strategies import valid
from tests.unit.hr.fakes import FakeUnitOfWork

HR = publishing.RedesignOwner(producer="hr", function="HR", words="HR")
REFUSALS = (publishing.RedesignNotFound, publishing.RedesignNotAllowed)


def workflow_applies(engine: Engine, hr: FakeUnitOfWork) -> list[EventPayload]:
    """Seal HR's events as the outbox does, read them as a consumer does, and apply each to
    Workflow's redesign read model in its own transaction, as its consumer does."""
    writer = StreamWriter("hr")
    read: list[EventPayload] = []
    for new in hr.committed:
        document = writer.document(new.payload, new.aggregate_id, new.department)
        # JSON every reader takes (Python's own writes `Infinity`, which no other reader,
        # and no HTTP answer showing it, can take).
        found = read_document(json.loads(json.dumps(document, allow_nan=False)))
        with engine.begin() as connection:
            apply_redesign_events(connection, [found])
        read.append(found.payload)
    return read


@settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow,
                           HealthCheck.function_scoped_fixture],
)  # fmt: skip
@given(
    process=valid(ProcessIn),
    review=valid(ReviewIn),
    candidate=valid(CandidateIn),
    assessment=valid(AssessIn),
    delivery=valid(DeliverIn),
)
def test_every_redesign_request_accepted_makes_events_workflow_applies(
    tmp_path: Path,
    process: ProcessIn,
    review: ReviewIn,
    candidate: CandidateIn,
    assessment: AssessIn,
    delivery: DeliverIn,
) -> None:
    hr = FakeUnitOfWork()
    with hr:
        publishing.register_process(HR, hr, RegisterProcess(**process.model_dump()))
    needs = tuple(ev.SupportNeed(**need.model_dump()) for need in review.support_needs)
    with hr:
        publishing.start_review(HR, hr, StartReview(process.process_id, review.started_on, needs))
    fields = candidate.model_dump() | {
        "post_numbers": tuple(candidate.post_numbers),
        "departments": tuple(candidate.departments),
    }
    with hr:
        command = IdentifyCandidate(process_id=process.process_id, **fields)
        candidate_id = publishing.identify_candidate(HR, hr, command)
    steps = [
        ("assess", ev.CandidateAssessed(candidate_id=candidate_id, **assessment.model_dump())),
        ("approve", ev.CandidateApproved(candidate_id=candidate_id)),
        ("start_delivery", ev.CandidateDeliveryStarted(candidate_id=candidate_id)),
        ("deliver", ev.CandidateDelivered(candidate_id=candidate_id, **delivery.model_dump())),
    ]
    for step, payload in steps:
        with suppress(*REFUSALS), hr:
            publishing.move_candidate(HR, hr, candidate_id, step, payload)

    engine = make_engine(f"sqlite:///{tmp_path}/workflow.db")
    metadata.drop_all(engine)
    metadata.create_all(engine)
    read = workflow_applies(engine, hr)
    registered = next(p for p in read if isinstance(p, ev.ProcessRegistered))
    effort = ProcessEffort(
        volume_per_year=registered.volume_per_year,
        minutes_per_case=registered.minutes_per_case,
        rework_percent=registered.rework_percent,
        average_grade_cost=registered.average_grade_cost,
    )
    benefit = estimate_benefit(effort, assessment.automation_potential_percent, WorkingTime())
    score = priority_score(benefit.money_saved, assessment.ease)
    event(f"furthest: {read[-1].EVENT_TYPE}")
    assert score >= 0
