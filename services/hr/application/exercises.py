"""Handlers for consultation exercises: load → decide → save → emit, one verb each.

Opening an exercise puts each post's proposed transfer into consultation (its own stream
says so, naming the exercise); closing it closes each. A refusal writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from services.hr.application import exercise_commands as x
from services.hr.application.posts import emit_post_event, load_post
from services.hr.application.unit_of_work import UnitOfWork
from services.hr.domain.consultation_clock import collective_duty, consultation_clock
from services.hr.domain.errors import ConsultationNotAllowed, ExerciseNotFound
from services.hr.domain.exercise import Exercise, Question, SharedDocument, new_exercise
from services.hr.domain.post import Post
from services.hr.domain.transfer import Stage, Transfer
from shared.events import consultation as events
from shared.events import hr
from shared.persistence.outbox import NewEvent


def open_exercise(uow: UnitOfWork, command: x.OpenExercise) -> Exercise:
    """Open an exercise on posts whose transfers are proposed (or to be re-consulted)."""
    at_risk = set(command.at_risk_post_numbers)
    if not at_risk <= set(command.post_numbers):
        strays = ", ".join(sorted(at_risk - set(command.post_numbers)))
        raise ConsultationNotAllowed(f"posts at risk must be consulted on too: {strays}")
    posts = [_consultable(uow, number) for number in command.post_numbers]
    # A post a delivered redesign put at risk is consulted on as redundant, with no transfer.
    ending = {p.post_number: uow.endings.get(p.post_number) for p, t in posts if t is None}
    ends = {
        n: e.planned_end
        for n, e in ending.items()
        if e and e.at_risk_on and e.planned_end and e.disestablished_on is None
    }
    missing = [n for n in ending if n not in ends]
    if missing:
        raise ConsultationNotAllowed(
            f"posts {', '.join(missing)} have no proposed transfer to consult on, nor are they "
            "at risk: propose first"
        )
    at_risk |= set(ends)
    transfers = {p.post_number: t for p, t in posts if t is not None}
    # Only an exercise proposing redundancies carries the statutory duty; the others (a
    # transfer's own consultation among them) need not count the 90 days' proposals.
    proposals = uow.exercises.at_risk_proposals() + [command.opened_on] * len(at_risk)
    duty = collective_duty(proposals, command.opened_on) if at_risk else None
    dismissals = [ends[n] if n in ends else transfers[n].effective_date for n in at_risk]
    clock = consultation_clock(
        opened_on=command.opened_on,
        policy_minimum_days=command.minimum_days,
        duty=duty,
        first_dismissal=min(dismissals) if dismissals else None,
    )
    exercise = new_exercise(
        exercise_id=command.exercise_id,
        purpose=command.purpose,
        post_numbers=command.post_numbers,
        clock=clock,
        proposed_close=command.proposed_close,
        representatives=command.representatives,
    )
    consulted = {p.post_number: t.transfer_id if t else None for p, t in posts}
    uow.exercises.add(exercise, consulted, at_risk)
    emit_exercise_event(
        uow,
        events.ConsultationExerciseOpened(
            exercise_id=exercise.exercise_id,
            purpose=exercise.purpose,
            post_numbers=list(exercise.post_numbers),
            departments=sorted({p.department for p, _ in posts}),
            opened_on=clock.opened_on,
            proposed_close=exercise.proposed_close,
            earliest_close=clock.earliest_close,
            minimum_days=clock.minimum_days,
            rule=clock.rule,
            representatives=list(exercise.representatives),
            at_risk_posts=duty.posts_counted if duty else len(at_risk),
            hr1_due=clock.hr1_due,
            at_risk_post_numbers=sorted(at_risk),
        ),
    )
    for post, transfer in posts:
        if transfer is None:
            continue  # at risk, with no transfer: its own stream says so already
        if transfer.stage is Stage.PROPOSED:
            transfer.open_consultation(command.opened_on, exercise.proposed_close)
        else:
            transfer.reconsult(command.opened_on, exercise.proposed_close)
        uow.posts.save(post)
        payload = hr.ConsultationOpened(
            post_number=post.post_number,
            transfer_id=transfer.transfer_id,
            opened_on=command.opened_on,
            closes_by=exercise.proposed_close,
            exercise_id=exercise.exercise_id,
        )
        emit_post_event(uow, post, payload, transfer.effective_date)
    return exercise


def _consultable(uow: UnitOfWork, post_number: str) -> tuple[Post, Transfer | None]:
    """The post and the transfer an exercise may consult on (None when there is none)."""
    post = load_post(uow, post_number)
    already = uow.exercises.open_exercise_of(post_number)
    if already is not None:
        raise ConsultationNotAllowed(
            f"post {post_number} is already consulted on in open exercise {already}"
        )
    live = post.live_transfer
    if live is None:
        return post, None
    if live.stage is Stage.PROPOSED:
        return post, live
    previous_id = uow.exercises.exercise_of_transfer(live.transfer_id)
    previous = uow.exercises.get(previous_id) if previous_id else None
    reconsulting = previous is not None and previous.decision == "revise_and_reconsult"
    return post, live if live.stage is Stage.CONSULTATION_CLOSED and reconsulting else None


def change_exercise(
    uow: UnitOfWork, exercise_id: str, change: Callable[[Exercise], events.ExerciseEvent]
) -> Exercise:
    """Load the exercise, let `change` decide (returning its event), save it and emit that."""
    exercise = load_exercise(uow, exercise_id)
    payload = change(exercise)
    uow.exercises.save(exercise)
    emit_exercise_event(uow, payload)
    return exercise


def share_document(uow: UnitOfWork, command: x.ShareDocument) -> Exercise:
    document = SharedDocument(
        title=command.title,
        version=command.version,
        link=command.link,
        sha256=command.sha256,
        shared_on=command.shared_on,
    )

    def share(exercise: Exercise) -> events.ExerciseEvent:
        exercise.share_document(document)
        return events.ConsultationDocumentShared(
            exercise_id=exercise.exercise_id, **asdict(document)
        )

    return change_exercise(uow, command.exercise_id, share)


def ask_question(uow: UnitOfWork, command: x.AskQuestion) -> Exercise:
    question = Question(
        question_id=command.question_id,
        asked_by=command.asked_by,
        text=command.question,
        asked_at=command.asked_at,
    )

    def ask(exercise: Exercise) -> events.ExerciseEvent:
        exercise.ask(question)
        return events.ConsultationQuestionAsked(**asdict(command))

    return change_exercise(uow, command.exercise_id, ask)


def answer_question(uow: UnitOfWork, command: x.AnswerQuestion) -> Exercise:
    def answer(exercise: Exercise) -> events.ExerciseEvent:
        exercise.answer(command.question_id, command.answer, command.answered_at)
        return events.ConsultationQuestionAnswered(**asdict(command))

    return change_exercise(uow, command.exercise_id, answer)


def extend_exercise(uow: UnitOfWork, command: x.ExtendExercise) -> Exercise:
    if not command.reason.strip():
        raise ConsultationNotAllowed("extending a consultation needs a reason")

    def extend(exercise: Exercise) -> events.ExerciseEvent:
        previous = exercise.extend(command.proposed_close)
        return events.ConsultationExtended(**asdict(command), previous_close=previous)

    return change_exercise(uow, command.exercise_id, extend)


def load_exercise(uow: UnitOfWork, exercise_id: str) -> Exercise:
    exercise = uow.exercises.get(exercise_id)
    if exercise is None:
        raise ExerciseNotFound(exercise_id)
    return exercise


def emit_exercise_event(uow: UnitOfWork, payload: events.ExerciseEvent) -> None:
    """Into the exercise's stream: it spans departments, so the envelope names none."""
    uow.emit(NewEvent(payload=payload, aggregate_id=payload.exercise_id))
