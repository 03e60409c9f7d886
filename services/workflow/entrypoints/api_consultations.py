"""Consultation exercises as HR's events describe them: the clock, the evidence, the outcome.

Department leads see only exercises consulting their own department, and of those only
their own department's posts; HR, finance staff and auditors see all.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request

from services.workflow.adapters.exercise_queries import (
    exercise_timeline,
    get_exercise,
    list_exercises,
    posts_of,
)
from services.workflow.domain.exercise_view import ExerciseView
from services.workflow.entrypoints.dependencies import context_of, department_scope, read
from shared.auth import CurrentPrincipal, own_department

router = APIRouter(tags=["consultations"])


@router.get("/consultations")
async def list_consultations(
    request: Request,
    principal: CurrentPrincipal,
    department: str | None = None,
    status: Literal["open", "closed"] | None = None,
) -> dict[str, Any]:
    """Exercises, newest first: status, posts, departments, clock, questions, outcome."""
    scope = department_scope(principal, department)
    found = await read(request, lambda c: list_exercises(c, scope, status))
    today = context_of(request).clock().date()
    return {"consultations": [_summary(view, today) for view in found]}


@router.get("/consultations/{exercise_id}")
async def get_consultation(
    exercise_id: str, request: Request, principal: CurrentPrincipal
) -> dict[str, Any]:
    """One exercise: its posts, documents, questions and answers, representatives, timeline."""
    view = await read(request, lambda c: get_exercise(c, exercise_id))
    if view is None:
        raise HTTPException(404, f"consultation exercise {exercise_id} has not been seen")
    own = own_department(principal)
    if own is not None and own not in view.departments:
        raise HTTPException(
            403, f"department leads see only exercises consulting their own department ({own})"
        )

    def details(connection: Any) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
        return posts_of(connection, view.post_numbers), exercise_timeline(connection, exercise_id)

    known, timeline = await read(request, details)
    posts = [
        known.get(number, {"post_number": number, "department": None})
        for number in view.post_numbers
    ]
    if own is not None:  # another department's posts stay that department's business
        posts = [post for post in posts if post["department"] == own]
    return {
        **_summary(view, context_of(request).clock().date()),
        "posts": posts,
        "representatives": view.representatives,
        "documents": view.documents,
        "questions": view.questions,
        "extensions": view.extensions,
        "notes": view.notes,
        "decision_reason": view.decision_reason,
        "timeline": timeline,
    }


def _summary(view: ExerciseView, today: date) -> dict[str, Any]:
    unanswered = view.questions_unanswered
    return {
        "exercise_id": view.exercise_id,
        "purpose": view.purpose,
        "status": view.status,
        "posts_count": len(view.post_numbers),
        "departments": view.departments,
        "clock": {
            "opened_on": view.opened_on,
            "proposed_close": view.proposed_close,
            "earliest_close": view.earliest_close,
            "minimum_days": view.minimum_days,
            "rule": view.rule,
            "days_left": view.days_left(today),
            "may_close_from_today": view.earliest_close is not None
            and today >= view.earliest_close,
            "hr1_due": view.hr1_due,
            "at_risk_posts": view.at_risk_posts,
        },
        "documents_shared": len(view.documents),
        "questions_asked": len(view.questions),
        "questions_unanswered": unanswered,
        "outcome": view.outcome,
        "closed_on": view.closed_on,
        "decision": view.decision,
    }
