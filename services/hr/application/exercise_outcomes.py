"""Closing a consultation exercise, and HR's decision after an outcome of not agreed."""

from __future__ import annotations

from dataclasses import asdict

from services.hr.application import exercise_commands as x
from services.hr.application.exercises import (
    change_exercise,
    emit_exercise_event,
    load_exercise,
)
from services.hr.application.posts import emit_post_event
from services.hr.application.unit_of_work import UnitOfWork
from services.hr.domain.errors import ConsultationNotAllowed
from services.hr.domain.exercise import Exercise
from services.hr.domain.transfer import Stage
from shared.events import consultation as events
from shared.events import hr


def close_exercise(uow: UnitOfWork, command: x.CloseExercise) -> Exercise:
    """Close the exercise and, with it, the consultation of each transfer it consulted on."""
    exercise = load_exercise(uow, command.exercise_id)
    if command.closed_on > command.today:
        raise ConsultationNotAllowed(
            f"the consultation cannot close on {command.closed_on:%d %B %Y}: that is after "
            f"today, {command.today:%d %B %Y}"
        )
    exercise.close(command.closed_on, command.outcome)
    uow.exercises.save(exercise)
    emit_exercise_event(
        uow,
        events.ConsultationExerciseClosed(
            exercise_id=exercise.exercise_id,
            closed_on=command.closed_on,
            outcome=command.outcome,  # checked by the domain
            notes=command.notes,
            questions_answered=len(exercise.questions),
        ),
    )
    for number in exercise.post_numbers:
        post = uow.posts.get(number)
        transfer = post.live_transfer if post else None
        # A transfer cancelled during the exercise has nothing left to close.
        if post is None or transfer is None or transfer.stage is not Stage.IN_CONSULTATION:
            continue
        transfer.close_consultation(command.closed_on, command.outcome, command.notes)
        uow.posts.save(post)
        payload = hr.ConsultationClosed(
            post_number=number,
            transfer_id=transfer.transfer_id,
            closed_on=command.closed_on,
            outcome=command.outcome,  # checked by the domain
            notes=command.notes,
            exercise_id=exercise.exercise_id,
        )
        emit_post_event(uow, post, payload, transfer.effective_date)
    return exercise


def record_decision(uow: UnitOfWork, command: x.RecordDecision) -> Exercise:
    """HR's decision after not agreed: `proceed` lets approval go on; `withdraw` keeps the
    transfers blocked (HR cancels them); `revise_and_reconsult` lets a new exercise consult
    on the same posts."""

    def decide(exercise: Exercise) -> events.ExerciseEvent:
        exercise.decide(command.decision, command.reason)
        return events.ConsultationDecisionRecorded(**asdict(command))

    return change_exercise(uow, command.exercise_id, decide)
