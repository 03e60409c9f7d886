"""A department lead's scope sign-off: HR's proposed scope for their own posts, to agree
or challenge (a challenge needs a reason). Another department's posts are never offered,
and HR's API refuses them anyway."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from services.console.adapters.services_api import ApiRefusal
from services.console.application.refusals import FieldError, refusal_error
from services.console.entrypoints.forms import Answers, posted, render_form
from services.console.entrypoints.posts import every_post
from services.console.entrypoints.session import (
    NotAllowed,
    SignedIn,
    User,
    console_of,
    flash,
    render,
)

router = APIRouter(include_in_schema=False)
RESPONSES = {"agreed": "Agree", "challenged": "Challenge"}
STATUSES = {"in_scope": "In scope", "out_of_scope": "Out of scope", "under_review": "Under review"}


def department_lead(user: SignedIn) -> User:
    """FastAPI dependency: only a department lead signs off their department's scope."""
    if user.role != "department_lead" or not user.department:
        raise NotAllowed("Only a department's lead can agree or challenge the scope of its posts")
    return user


Lead = Annotated[User, Depends(department_lead)]


@router.get("/lead/scope")
async def scope_list(request: Request, user: Lead) -> Response:
    """The lead's posts with a scope proposed by HR: awaiting them first, then answered."""
    workflow = console_of(request).services.workflow
    posts = await every_post(workflow, user, department=user.department)
    proposed = [post for post in posts if post.get("scope_status")]
    awaiting = [post for post in proposed if not post.get("scope_response")]
    answered = [post for post in proposed if post.get("scope_response")]
    return render(
        request,
        "lead_scope.html",
        title="Scope sign-off",
        department=user.department,
        awaiting=awaiting,
        answered=answered,
        statuses=STATUSES,
    )


@router.get("/lead/scope/{post_number}")
async def scope_form(request: Request, user: Lead, post_number: str) -> Response:
    return await _form(request, user, post_number, Answers())


@router.post("/lead/scope/{post_number}")
async def scope_response(request: Request, user: Lead, post_number: str) -> Response:
    form = await posted(request)
    response, reason = form.get("response", ""), form.get("reason", "")
    errors: list[FieldError] = []
    if response not in RESPONSES:
        errors.append(FieldError("response", "Select whether you agree or challenge"))
    if response == "challenged" and not reason:
        errors.append(FieldError("reason", "Enter why you challenge HR's proposal"))
    if not errors:
        body = {"response": response, "reason": reason}
        hr = console_of(request).services.hr
        try:
            await hr.post(user.token, f"/posts/{post_number}/scope/response", body)
        except ApiRefusal as refusal:
            errors = [refusal_error(refusal.message, {"reason": ("reason",)}, "response")]
        else:
            done = "agreed with" if response == "agreed" else "challenged"
            flash(request, f"You {done} HR's proposed scope for post {post_number}")
            return RedirectResponse("/lead/scope", status_code=303)
    return await _form(request, user, post_number, Answers(form, errors))


async def _form(request: Request, user: User, post_number: str, answers: Answers) -> Response:
    services = console_of(request).services
    # Workflow refuses (403) another department's post to a lead: the form is never shown.
    post: dict[str, Any] = await services.workflow.get(user.token, f"/posts/{post_number}")
    if post.get("department") != user.department:
        raise NotAllowed("You can sign off the scope of your own department's posts only")
    proposal = await services.hr.get(user.token, f"/posts/{post_number}/scope")
    return render_form(
        request,
        "lead_scope_form.html",
        answers,
        title=f"Scope of post {post_number}",
        post=post,
        proposal=proposal,
        responses=list(RESPONSES.items()),
        statuses=STATUSES,
    )
