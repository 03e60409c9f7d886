"""Handlers for ending posts a delivered candidate no longer needs: mark at risk (a filled
post, which then goes to consultation) and disestablish. A refusal writes nothing."""

from __future__ import annotations

from services.hr.application.commands import Disestablish, MarkAtRisk
from services.hr.application.posts import emit_post_event, load_post
from services.hr.application.unit_of_work import UnitOfWork
from services.hr.domain import ending as rules
from services.hr.domain.ending import PostEnding
from shared.events import hr as events


def mark_at_risk(uow: UnitOfWork, command: MarkAtRisk) -> PostEnding:
    post = load_post(uow, command.post_number)
    candidate = rules.delivered_claimant(
        post, command.candidate_id, uow.candidates.get(command.candidate_id)
    )
    ending = rules.mark_at_risk(
        post, uow.endings.get(post.post_number), candidate, command.on, command.planned_end,
        command.reason,
    )  # fmt: skip
    uow.endings.save(ending)
    payload = events.PostMarkedAtRisk(
        post_number=post.post_number, candidate_id=candidate.candidate_id, team=candidate.team,
        planned_end=command.planned_end, reason=command.reason,
    )  # fmt: skip
    emit_post_event(uow, post, payload, command.on)
    return ending


def disestablish(uow: UnitOfWork, command: Disestablish) -> PostEnding:
    post = load_post(uow, command.post_number)
    candidate = rules.delivered_claimant(
        post, command.candidate_id, uow.candidates.get(command.candidate_id)
    )
    exercise_id = uow.exercises.consulted_at_risk(post.post_number)
    exercise = uow.exercises.get(exercise_id) if exercise_id else None
    ending = rules.disestablish(
        post, uow.endings.get(post.post_number), candidate, command.effective_date, exercise
    )
    uow.endings.save(ending)
    payload = events.PostDisestablished(
        post_number=post.post_number,
        candidate_id=candidate.candidate_id,
        team=candidate.team,
        effective_date=command.effective_date,
        function=post.function,
        department=post.department,
        cost_centre=post.cost_centre,
        annual_cost=post.annual_cost,
        fte=post.fte,
        was_filled=post.employee_ref is not None,
        exercise_id=ending.exercise_id,
        reason=command.reason,
    )
    emit_post_event(uow, post, payload, command.effective_date)
    return ending
