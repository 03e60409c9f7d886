"""A transfer's own consultation: an exercise of one post, on the same clock as any other.

So HR's decision after `not_agreed` is recorded the same way (on the exercise), and approval
waits for it. A transfer consulted in a larger exercise closes with that exercise.
"""

from __future__ import annotations

import uuid

from services.hr.application import commands as c
from services.hr.application import exercise_commands as x
from services.hr.application.exercise_outcomes import close_exercise
from services.hr.application.exercises import load_exercise, open_exercise
from services.hr.application.posts import load_post
from services.hr.application.transfers import current, ids, record
from services.hr.application.unit_of_work import UnitOfWork
from services.hr.domain.errors import ConsultationNotAllowed
from services.hr.domain.transfer import Transfer
from shared.events import hr as events


def open_consultation(uow: UnitOfWork, command: c.OpenConsultation) -> Transfer:
    """Open the transfer's consultation as an exercise of its one post."""
    post, transfer = current(uow, command.post_number)
    transfer.open_consultation(command.opened_on, command.closes_by)  # its refusals, as before
    open_exercise(
        uow,
        x.OpenExercise(
            exercise_id=f"CX-{uuid.uuid4().hex[:8]}",
            purpose=f"Consultation on moving post {post.post_number} to {transfer.team_name}",
            post_numbers=[post.post_number],
            opened_on=command.opened_on,
            proposed_close=command.closes_by,
            representatives=[],
            at_risk_post_numbers=[],
            minimum_days=command.minimum_days,
        ),
    )
    return load_post(uow, command.post_number).current_transfer()


def close_consultation(uow: UnitOfWork, command: c.CloseConsultation) -> Transfer:
    """Close the transfer's own exercise (one post); a larger exercise closes as a whole."""
    post, transfer = current(uow, command.post_number)
    transfer.close_consultation(  # its refusals, as before
        command.closed_on,
        command.outcome,
        command.notes,
        today=command.today,
        minimum_days=command.minimum_days,
    )
    exercise_id = uow.exercises.open_exercise_of(post.post_number)
    if exercise_id is None:  # opened before consultations were exercises
        payload = events.ConsultationClosed(
            **ids(transfer),
            closed_on=command.closed_on,
            outcome=command.outcome,  # checked by the domain
            notes=command.notes,
        )
        record(uow, post, transfer, payload)
        return transfer
    if len(load_exercise(uow, exercise_id).post_numbers) > 1:
        raise ConsultationNotAllowed(
            f"post {post.post_number} is consulted in exercise {exercise_id} with other "
            "posts: close the exercise"
        )
    close_exercise(
        uow,
        x.CloseExercise(
            exercise_id=exercise_id,
            closed_on=command.closed_on,
            outcome=command.outcome,
            notes=command.notes,
            today=command.today or command.closed_on,
        ),
    )
    return load_post(uow, command.post_number).current_transfer()
