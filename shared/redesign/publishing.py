"""The handlers: record a process, start its review, identify candidates, move them on.

Each decides, changes the owner's catalogue of processes and candidates, and adds the event
to the unit of work's outbox, on the owner's topic.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from shared.demo.candidates import REJECTED_BECAUSE, DemoCandidate, demo_candidates
from shared.events import redesign as ev
from shared.events.base import EventPayload
from shared.events.candidate_stages import CandidateStatus, status_after_step
from shared.persistence.outbox import NewEvent
from shared.redesign.commands import IdentifyCandidate, RegisterProcess, StartReview


class RedesignNotFound(Exception):
    """The process or candidate is not known to this service (HTTP 404)."""


class RedesignNotAllowed(Exception):
    """The change is illegal now (HTTP 409)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RedesignOwner:
    """The service that owns a function, and so publishes its processes' redesign."""

    producer: str  # "hr" or "finance": also picks the topic
    function: str  # support-function code, e.g. "HR"
    words: str  # how a refusal names the function: "HR", "finance"

    @property
    def team(self) -> str:
        return self.function  # the function's central team runs every one of its processes

    @property
    def topic(self) -> str:
        return ev.REDESIGN_TOPIC_OF_PRODUCER[self.producer]


class Processes(Protocol):
    """The owner's processes and their redesign candidates."""

    def process_team(self, process_id: str) -> str | None: ...
    def add_process(self, process_id: str, team: str, name: str) -> None: ...
    def start_review(self, process_id: str) -> None: ...
    def candidate(self, candidate_id: str) -> CandidateStatus | None: ...
    def add_candidate(self, candidate_id: str, process_id: str, team: str) -> None: ...
    def set_candidate(self, candidate_id: str, status: CandidateStatus) -> None: ...


class RedesignWork(Protocol):
    """The part of a unit of work the handlers use."""

    @property
    def processes(self) -> Processes: ...

    def emit(self, event: NewEvent) -> None: ...


def register_process(owner: RedesignOwner, uow: RedesignWork, command: RegisterProcess) -> None:
    """Record one of the function's processes with its volumes."""
    if uow.processes.process_team(command.process_id) is not None:
        raise RedesignNotAllowed(f"process {command.process_id} is already registered")
    uow.processes.add_process(command.process_id, owner.team, command.name)
    payload = ev.ProcessRegistered(
        process_id=command.process_id,
        function=owner.function,
        team=owner.team,
        name=command.name,
        volume_per_year=command.volume_per_year,
        minutes_per_case=command.minutes_per_case,
        rework_percent=command.rework_percent,
        average_grade_cost=command.average_grade_cost,
    )
    _emit(owner, uow, payload)


def start_review(owner: RedesignOwner, uow: RedesignWork, command: StartReview) -> None:
    """Start reviewing a process, recording what departments said they need."""
    _process_team(owner, uow, command.process_id)
    uow.processes.start_review(command.process_id)
    payload = ev.ProcessReviewStarted(
        process_id=command.process_id,
        team=owner.team,
        started_on=command.started_on,
        support_needs=list(command.support_needs),
    )
    _emit(owner, uow, payload)


def identify_candidate(owner: RedesignOwner, uow: RedesignWork, command: IdentifyCandidate) -> str:
    """Record an opportunity found in a process; return the new candidate's id."""
    team = _process_team(owner, uow, command.process_id)
    candidate_id = f"C-{owner.function}-{uuid.uuid4().hex[:10]}"
    uow.processes.add_candidate(candidate_id, command.process_id, team)
    payload = ev.CandidateIdentified(
        candidate_id=candidate_id,
        process_id=command.process_id,
        team=team,
        kind=command.kind,
        title=command.title,
        automation_potential_percent=command.automation_potential_percent,
        ease=command.ease,
        post_numbers=list(command.post_numbers),
        departments=list(command.departments),
    )
    _emit(owner, uow, payload)
    return candidate_id


def move_candidate(
    owner: RedesignOwner, uow: RedesignWork, candidate_id: str, step: str, event: EventPayload
) -> str:
    """Take a step the candidate's lifecycle allows, and publish its event."""
    current = uow.processes.candidate(candidate_id)
    if current is None:
        raise RedesignNotFound(f"there is no {owner.words} redesign candidate {candidate_id}")
    after, refusal = status_after_step(candidate_id, current, step)
    if after is None:
        raise RedesignNotAllowed(refusal)
    uow.processes.set_candidate(candidate_id, after)
    _emit(owner, uow, event)
    return after.value


def _process_team(owner: RedesignOwner, uow: RedesignWork, process_id: str) -> str:
    team = uow.processes.process_team(process_id)
    if team is None:
        raise RedesignNotFound(f"there is no {owner.words} process {process_id}")
    return team


def _emit(owner: RedesignOwner, uow: RedesignWork, payload: EventPayload) -> None:
    aggregate = getattr(payload, "candidate_id", None) or getattr(payload, "process_id", "")
    uow.emit(NewEvent(payload=payload, aggregate_id=str(aggregate), topic=owner.topic))


def seed_demo_candidates(owner: RedesignOwner, uow: RedesignWork, seed: int) -> int:
    """Publish the demo's candidates of the owner's function, each taken along its path;
    their processes must be registered already. Return how many."""
    planned = demo_candidates(seed, owner.function)
    for plan in planned:
        command = IdentifyCandidate(**plan.identified())
        candidate_id = identify_candidate(owner, uow, command)
        for step in plan.path:
            move_candidate(owner, uow, candidate_id, step, _demo_step(candidate_id, step, plan))
    return len(planned)


def _demo_step(candidate_id: str, step: str, plan: DemoCandidate) -> EventPayload:
    if step == "assess":
        return ev.CandidateAssessed(
            candidate_id=candidate_id,
            automation_potential_percent=plan.automation_potential_percent,
            ease=plan.ease,
        )
    if step == "reject":
        return ev.CandidateRejected(candidate_id=candidate_id, reason=REJECTED_BECAUSE)
    if step == "deliver":
        return ev.CandidateDelivered(
            candidate_id=candidate_id,
            realised_hours_saved_per_year=plan.realised_hours_saved_per_year,
            realised_money_saved_per_year=plan.realised_money_saved_per_year,
        )
    steps = {"approve": ev.CandidateApproved, "start_delivery": ev.CandidateDeliveryStarted}
    return steps[step](candidate_id=candidate_id)
