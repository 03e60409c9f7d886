"""HR's HTTP API for consultation exercises: `/consultation-exercises/...` (HR staff).

Each route builds one command and hands it to `give` (see `context`).
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import Connection

from services.hr.adapters.exercises import ExerciseRepository
from services.hr.adapters.queries import post_numbers_selected
from services.hr.application import exercise_commands as x
from services.hr.domain.errors import ConsultationNotAllowed, ExerciseNotFound
from services.hr.domain.exercise import Exercise
from services.hr.entrypoints.context import HrStaff, Officers, give, hr_of
from services.hr.entrypoints.exercise_schemas import (
    AnswerIn,
    CloseExerciseIn,
    DecisionIn,
    DocumentIn,
    ExerciseIn,
    ExtendIn,
    QuestionIn,
)
from shared.auth import Principal

router = APIRouter(prefix="/consultation-exercises", tags=["consultation"])


def exercise_view(exercise: Exercise, today: date) -> dict[str, Any]:
    """The exercise as HR and the console see it, with its clock as of today."""
    clock = exercise.clock
    return {
        "exercise_id": exercise.exercise_id,
        "purpose": exercise.purpose,
        "status": exercise.status.value,
        "post_numbers": list(exercise.post_numbers),
        "representatives": list(exercise.representatives),
        "proposed_close": exercise.proposed_close.isoformat(),
        "clock": {
            "opened_on": clock.opened_on.isoformat(),
            "rule": clock.rule,
            "minimum_days": clock.minimum_days,
            "earliest_close": clock.earliest_close.isoformat(),
            "days_left": clock.days_left(today),
            "hr1_due": clock.hr1_due.isoformat() if clock.hr1_due else None,
        },
        "documents": [asdict(d) for d in exercise.documents],
        "questions": [asdict(q) for q in exercise.questions.values()],
        "outcome": exercise.outcome,
        "closed_on": exercise.closed_on.isoformat() if exercise.closed_on else None,
        "decision": exercise.decision,
        "blocks_approval": exercise.blocks_approval,
    }


async def _give(request: Request, principal: Principal, command: Any) -> dict[str, Any]:
    exercise: Exercise = await give(request, principal, command)
    return exercise_view(exercise, hr_of(request).clock.today())


@router.post("", status_code=201)
async def open_exercise(body: ExerciseIn, request: Request, principal: HrStaff) -> dict[str, Any]:
    """Open an exercise on posts (by number, or a department's or function's posts)."""
    hr = hr_of(request)
    today = hr.clock.today()
    if body.opened_on is not None and body.opened_on > today:
        raise ConsultationNotAllowed(f"an exercise cannot open after today, {today:%d %B %Y}")
    numbers = body.post_numbers
    if body.selection is not None:
        chosen = body.selection

        def select(connection: Connection) -> list[str]:
            return post_numbers_selected(connection, chosen.department, chosen.function)

        numbers = await hr.read(select)
    command = x.OpenExercise(
        exercise_id=f"CX-{uuid.uuid4().hex[:8]}",
        purpose=body.purpose,
        post_numbers=list(numbers or []),
        opened_on=body.opened_on or today,
        proposed_close=body.proposed_close,
        representatives=body.representatives,
        at_risk_post_numbers=body.at_risk_post_numbers,
        minimum_days=hr.consultation_minimum_days,
    )
    return await _give(request, principal, command)


# Leads read exercises through Workflow's `/consultations`, scoped to their department; an
# exercise spans departments, so HR's own view is for the officers who run and check it.


@router.get("/{exercise_id}")
async def get_exercise(exercise_id: str, request: Request, principal: Officers) -> dict[str, Any]:
    """The exercise: posts, documents, questions and answers, its clock and outcome."""
    hr = hr_of(request)
    exercise = await hr.read(lambda connection: ExerciseRepository(connection).get(exercise_id))
    if exercise is None:
        raise ExerciseNotFound(exercise_id)
    return exercise_view(exercise, hr.clock.today())


@router.post("/{exercise_id}/documents")
async def share_document(
    exercise_id: str, body: DocumentIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Record a document shared with those consulted (its link or hash, not the file)."""
    shared_on = body.shared_on or hr_of(request).clock.today()
    fields = body.model_dump(exclude={"shared_on"})
    command = x.ShareDocument(exercise_id=exercise_id, **fields, shared_on=shared_on)
    return await _give(request, principal, command)


@router.post("/{exercise_id}/questions")
async def ask_question(
    exercise_id: str, body: QuestionIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Log a question from staff or a representative (no names: a reference or a union)."""
    command = x.AskQuestion(
        exercise_id=exercise_id,
        question_id=f"Q-{uuid.uuid4().hex[:8]}",
        asked_by=body.asked_by,
        question=body.question,
        asked_at=datetime.now(UTC),
    )
    return await _give(request, principal, command)


@router.post("/{exercise_id}/questions/{question_id}/answer")
async def answer_question(
    exercise_id: str, question_id: str, body: AnswerIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """HR's answer to a question (once)."""
    command = x.AnswerQuestion(
        exercise_id=exercise_id,
        question_id=question_id,
        answer=body.answer,
        answered_at=datetime.now(UTC),
    )
    return await _give(request, principal, command)


@router.post("/{exercise_id}/extend")
async def extend(
    exercise_id: str, body: ExtendIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Move the planned close later, with the reason."""
    command = x.ExtendExercise(
        exercise_id=exercise_id, proposed_close=body.proposed_close, reason=body.reason
    )
    return await _give(request, principal, command)


@router.post("/{exercise_id}/close")
async def close(
    exercise_id: str, body: CloseExerciseIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Close with the outcome: refused before the clock ends or with questions open."""
    today = hr_of(request).clock.today()
    command = x.CloseExercise(
        exercise_id=exercise_id,
        closed_on=body.closed_on or today,
        outcome=body.outcome,
        notes=body.notes,
        today=today,
    )
    return await _give(request, principal, command)


@router.post("/{exercise_id}/decision")
async def record_decision(
    exercise_id: str, body: DecisionIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """HR's decision after not agreed: proceed, withdraw, or revise and re-consult."""
    command = x.RecordDecision(exercise_id=exercise_id, decision=body.decision, reason=body.reason)
    return await _give(request, principal, command)
