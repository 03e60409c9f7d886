"""The demo's programme plan: four waves for the functions not yet central (HR's and the
programme office's posts already are), dated around the demo's today so the board sees one
wave slipped, one re-planned, and two to come — one of them needing a Cabinet decision and a
completed equality impact assessment before any approval. Before them, "a year in", an
early-start wave already complete (`early_start_wave`)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import Engine

from services.workflow.application.wave_handlers import (
    PlanWave,
    plan_wave,
    record_equality_assessment,
    replan_wave,
)
from services.workflow.domain.waves import EqualityAssessment
from services.workflow.projections.programme import has_waves
from shared.demo import generate_posts
from shared.demo.moves import early_moves
from shared.events.envelope import Actor
from shared.persistence.outbox import EventContext
from shared.reference import DEPARTMENTS

DEMO_ACTOR = Actor(id="programme-office-demo", role="system")


def demo_waves(today: date) -> list[PlanWave]:
    """The waves, by the demo's HR transfers: PLACE's finance posts in consultation (their
    approval date has passed: slipped), CS's communications consulted, CST's policy proposed."""

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    return [
        PlanWave(wave_id="W1", name="Wave 1: Finance (Place)", functions=["FIN"],
                 departments=["PLACE"], consultation_starts_on=day(-40), approval_by=day(-5),
                 effective_on=day(120), target_saving=450_000, owner_role="Director of Finance",
                 status="in_progress"),
        PlanWave(wave_id="W2", name="Wave 2: Communications (Children's Services)",
                 functions=["COMMS"], departments=["CS"], consultation_starts_on=day(-40),
                 approval_by=day(10), effective_on=day(90), target_saving=180_000,
                 owner_role="Head of Communications", status="in_progress"),
        PlanWave(wave_id="W3", name="Wave 3: Policy and Research", functions=["POL"],
                 departments=["CST"], consultation_starts_on=day(30), approval_by=day(75),
                 effective_on=day(150), target_saving=220_000,
                 owner_role="Director of Policy and Research", status="planned",
                 decision_reference_required=True, equality_assessment_required=True),
        PlanWave(wave_id="W4", name="Wave 4: ICT, Procurement and Business Support",
                 functions=["ICT", "PROC", "BUS"], departments=[],
                 consultation_starts_on=day(120), approval_by=day(180), effective_on=day(240),
                 target_saving=1_350_000, owner_role="Director of Corporate Services",
                 status="planned"),
    ]  # fmt: skip


def early_start_wave(seed: int, support_posts: int, today: date) -> PlanWave:
    """The wave already done "a year in" (`shared/demo/moves.py`): one department's finance
    posts, moved 90 days ago; its target is 5% of their cost."""
    moves = early_moves(seed, today)
    cost = sum(
        post.annual_cost
        for post in generate_posts(seed, support_posts)
        if (post.department, post.function) == (moves.department, moves.function)
    )
    return PlanWave(
        wave_id="W0", name=f"Early start: Finance ({DEPARTMENTS[moves.department]})",
        functions=[moves.function], departments=[moves.department],
        consultation_starts_on=moves.consulted_on, approval_by=moves.decided_on,
        effective_on=moves.effective_on, target_saving=int(round(cost * 0.05, -3)),
        owner_role="Director of Finance", status="complete",
    )  # fmt: skip


def seed_demo_waves(
    engine: Engine,
    topic_prefix: str,
    now: datetime,
    seed: int | None = None,
    support_posts: int = 0,
) -> int:
    """Plan the demo's waves unless any wave was ever planned; return how many. With the
    demo's seed, the early-start wave already done comes first."""
    context = EventContext(
        producer="workflow", actor=DEMO_ACTOR, correlation_id=uuid.uuid4(),
        topic_prefix=topic_prefix,
    )  # fmt: skip
    waves = demo_waves(now.date())
    early = [] if seed is None else [early_start_wave(seed, support_posts, now.date())]
    with engine.begin() as connection:
        if has_waves(connection):
            return 0
        for wave in [*early, *waves]:
            plan_wave(connection, context, wave, now)
        later = waves[1]
        replan = PlanWave(**{**vars(later), "effective_on": later.effective_on + timedelta(30),
                             "reason": "Consultation extended at the unions' request"})  # fmt: skip
        replan_wave(connection, context, replan, now)
        assessment = EqualityAssessment(
            status="in_progress", assessed_on=now.date(), link="", document_sha256=None
        )
        record_equality_assessment(connection, context, "W3", assessment, now)
    return len(early) + len(waves)
