"""Process-redesign handlers for Finance's own processes, published on `finance.redesign`."""

from __future__ import annotations

import uuid

from services.finance.application.commands import IdentifyCandidate, RegisterProcess, StartReview
from services.finance.application.ports import UnitOfWork
from services.finance.domain.errors import NotAllowed, NotFound
from services.finance.domain.redesign import CandidateStatus, next_status
from shared.events import redesign as ev
from shared.events.base import EventPayload
from shared.persistence.outbox import NewEvent

FUNCTION = "FIN"
TEAM = "FIN"  # Central Finance runs every finance process
TOPIC = ev.REDESIGN_TOPIC_OF_PRODUCER["finance"]


def register_process(uow: UnitOfWork, command: RegisterProcess) -> None:
    """Record a finance process with its volumes."""
    if uow.processes.process_team(command.process_id) is not None:
        raise NotAllowed(f"process {command.process_id} is already registered")
    uow.processes.add_process(command.process_id, TEAM, command.name)
    _emit(
        uow,
        ev.ProcessRegistered(
            process_id=command.process_id,
            function=FUNCTION,
            team=TEAM,
            name=command.name,
            volume_per_year=command.volume_per_year,
            minutes_per_case=command.minutes_per_case,
            rework_percent=command.rework_percent,
            average_grade_cost=command.average_grade_cost,
        ),
    )


def start_review(uow: UnitOfWork, command: StartReview) -> None:
    _process_team(uow, command.process_id)
    uow.processes.start_review(command.process_id)
    _emit(
        uow,
        ev.ProcessReviewStarted(
            process_id=command.process_id, team=TEAM, started_on=command.started_on
        ),
    )


def identify_candidate(uow: UnitOfWork, command: IdentifyCandidate) -> str:
    """Record an opportunity found in a process; return the new candidate's id."""
    team = _process_team(uow, command.process_id)
    candidate_id = f"C-FIN-{uuid.uuid4().hex[:10]}"
    uow.processes.add_candidate(candidate_id, command.process_id, team)
    _emit(
        uow,
        ev.CandidateIdentified(
            candidate_id=candidate_id,
            process_id=command.process_id,
            team=team,
            kind=command.kind,
            title=command.title,
            automation_potential_percent=command.automation_potential_percent,
            ease=command.ease,
            post_numbers=list(command.post_numbers),
            departments=list(command.departments),
        ),
    )
    return candidate_id


def move_candidate(uow: UnitOfWork, candidate_id: str, action: str, event: EventPayload) -> str:
    """Apply a status change the state machine allows, and publish its event."""
    current = uow.processes.candidate(candidate_id)
    if current is None:
        raise NotFound(f"there is no finance redesign candidate {candidate_id}")
    after: CandidateStatus = next_status(candidate_id, current, action)
    uow.processes.set_candidate(candidate_id, after)
    _emit(uow, event)
    return after.value


def _process_team(uow: UnitOfWork, process_id: str) -> str:
    team = uow.processes.process_team(process_id)
    if team is None:
        raise NotFound(f"there is no finance process {process_id}")
    return team


def _emit(uow: UnitOfWork, payload: EventPayload) -> None:
    aggregate = getattr(payload, "candidate_id", None) or getattr(payload, "process_id", "")
    uow.emit(NewEvent(payload=payload, aggregate_id=str(aggregate), topic=TOPIC))
