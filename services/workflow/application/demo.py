"""Seed the demo redesign pipeline: processes of functions whose service publishes none
(everything but HR and Finance), and a handful of candidates in different statuses."""

from __future__ import annotations

import random
import uuid
from datetime import datetime

from sqlalchemy import Engine

from services.workflow.application.commands import CandidateStep, IdentifyCandidate, RegisterProcess
from services.workflow.application.redesign_handlers import (
    identify_candidate,
    register_process,
    take_step,
)
from services.workflow.domain.candidate import FUNCTIONS_WITH_OWN_PUBLISHER
from services.workflow.projections.pipeline import has_processes
from shared.demo import DemoProcess, generate_processes
from shared.events.envelope import Actor
from shared.persistence.outbox import EventContext

DEMO_ACTOR = Actor(id="workflow-demo", role="system")
# The steps each demo candidate has been through, so every status shows up once.
DEMO_PATHS: tuple[tuple[str, ...], ...] = (
    (),
    ("assess",),
    ("assess", "approve"),
    ("assess", "approve", "start_delivery"),
    ("assess", "approve", "start_delivery", "deliver"),
    ("reject",),
)
KINDS = ("streamline", "automate", "digitise")


def seed_demo_pipeline(engine: Engine, seed: int, topic_prefix: str, now: datetime) -> int:
    """Register the demo processes and candidates unless processes exist; return how many."""
    context = EventContext(
        producer="workflow",
        actor=DEMO_ACTOR,
        correlation_id=uuid.uuid4(),
        topic_prefix=topic_prefix,
    )
    with engine.begin() as connection:
        if has_processes(connection):
            return 0
        chosen = [
            p for p in generate_processes(seed) if p.function not in FUNCTIONS_WITH_OWN_PUBLISHER
        ]
        for process in chosen:
            register_process(connection, context, _registration(process), now)
        rng = random.Random(f"{seed}:workflow-candidates")
        firsts = {p.function: p for p in reversed(chosen)}  # each function's first process
        for number, (process, path) in enumerate(zip(firsts.values(), DEMO_PATHS, strict=False)):
            candidate_id = f"CAN-DEMO-{number + 1:02d}"
            command = IdentifyCandidate(
                process_id=process.process_id,
                kind=KINDS[number % len(KINDS)],
                title=f"{KINDS[number % len(KINDS)].capitalize()} {process.name.lower()}",
                automation_potential_percent=rng.choice((20, 30, 40, 50, 60)),
                ease=rng.randint(1, 5),
                candidate_id=candidate_id,
            )
            identify_candidate(connection, context, command, now)
            for step in path:
                take_step(connection, context, _step(candidate_id, step, rng), now)
        return len(chosen)


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


def _step(candidate_id: str, step: str, rng: random.Random) -> CandidateStep:
    if step == "reject":
        return CandidateStep(
            candidate_id=candidate_id, step=step, reason="benefit too small for the effort"
        )
    if step == "deliver":
        return CandidateStep(
            candidate_id=candidate_id,
            step=step,
            realised_hours_saved_per_year=round(rng.uniform(200, 900), 1),
            realised_money_saved_per_year=rng.randrange(8_000, 30_000, 500),
        )
    return CandidateStep(candidate_id=candidate_id, step=step)
