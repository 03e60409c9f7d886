"""Consultation exercises: the list, one exercise's page, and HR answering an open question.

Everything shown is Workflow's view of HR's events (`/consultations…`); an answer goes to
HR's API and a refusal comes back in the GOV.UK error summary, next to that question's box.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.console.adapters.services_api import ApiRefusal
from services.console.application.refusals import FieldError, refusal_error
from services.console.entrypoints.actions import OUTCOMES
from services.console.entrypoints.forms import Answers, posted, render_form
from services.console.entrypoints.session import HrStaff, SignedIn, User, console_of, flash, render

router = APIRouter(include_in_schema=False)
DECISIONS = {
    "proceed": "Proceed, with reasons",
    "withdraw": "Withdraw",
    "revise_and_reconsult": "Revise and re-consult",
}


@router.get("/consultations")
async def consultation_list(request: Request, user: SignedIn, status: str = "") -> Response:
    """Exercises, newest first (leads: those consulting their own department)."""
    wanted = status if status in ("open", "closed") else None
    workflow = console_of(request).services.workflow
    found = await workflow.get(user.token, "/consultations", status=wanted)
    return render(
        request,
        "consultations.html",
        title="Consultation exercises",
        exercises=found["consultations"],
        outcomes=OUTCOMES,
        decisions=DECISIONS,
        showing=wanted or "",
    )


@router.get("/consultations/{exercise_id}")
async def exercise_page(request: Request, user: SignedIn, exercise_id: str) -> Response:
    return await _page(request, user, exercise_id, Answers())


@router.post("/consultations/{exercise_id}/questions/{question_id}/answer")
async def answer_question(
    request: Request, user: HrStaff, exercise_id: str, question_id: str
) -> Response:
    """HR's answer to one open question; refused answers keep the words typed."""
    form = await posted(request)
    field = f"answer-{question_id}"
    answer = form.get(field, "")
    errors: list[FieldError] = []
    if not answer:
        errors = [FieldError(field, "Enter the answer to the question")]
    else:
        hr = console_of(request).services.hr
        path = f"/consultation-exercises/{exercise_id}/questions/{question_id}/answer"
        try:
            await hr.post(user.token, path, {"answer": answer})
        except ApiRefusal as refusal:
            # Every refusal here is about this question's answer, whatever its words.
            errors = [refusal_error(refusal.message, {}, field)]
        else:
            flash(request, "Answer recorded. It is on the consultation's log from now on.")
            return RedirectResponse(f"/consultations/{exercise_id}#questions", status_code=303)
    return await _page(request, user, exercise_id, Answers(form, errors))


async def _page(request: Request, user: User, exercise_id: str, answers: Answers) -> Response:
    workflow = console_of(request).services.workflow
    exercise: dict[str, Any] = await workflow.get(user.token, f"/consultations/{exercise_id}")
    return render_form(
        request,
        "consultation.html",
        answers,
        title=f"Consultation {exercise_id}",
        exercise=exercise,
        outcomes=OUTCOMES,
        decisions=DECISIONS,
    )
