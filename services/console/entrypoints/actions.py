"""HR's actions on one post: propose, open and close consultation, approve, cancel.

Each form works without JavaScript. Refusals come back from HR's API in its own words and
are shown in the error summary and next to the field they are about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from services.console.adapters.services_api import ApiRefusal
from services.console.application.dates import read_date
from services.console.application.refusals import FieldError, field_errors, refusal_error
from services.console.entrypoints.forms import Answers, posted, render_form
from services.console.entrypoints.session import HrStaff, console_of, flash
from shared.reference import CENTRAL_TEAMS

router = APIRouter(include_in_schema=False)
OUTCOMES = {
    "agreed": "Agreed",
    "agreed_with_changes": "Agreed with changes",
    "not_agreed": "Not agreed",
}


@dataclass(frozen=True, kw_only=True)
class Action:
    """One HR action: its page title, HR's path, labels, and which words point at which field."""

    title: str
    path: str
    done: str
    labels: dict[str, str]
    about: dict[str, tuple[str, ...]]


ACTIONS: dict[str, Action] = {
    "propose": Action(
        title="Propose a transfer",
        path="/transfer",
        done="Transfer proposed",
        labels={
            "target_team": "the centralised team",
            "effective_date": "the effective date",
            "reason": "the reason",
        },
        about={
            "target_team": ("cannot move to", "team"),
            "effective_date": ("effective", "date"),
            "reason": ("reason",),
        },
    ),
    "open-consultation": Action(
        title="Open consultation",
        path="/transfer/consultation/open",
        done="Consultation opened",
        labels={"closes_by": "the date consultation closes by"},
        about={"closes_by": ("close", "date")},
    ),
    "close-consultation": Action(
        title="Close consultation",
        path="/transfer/consultation/close",
        done="Consultation closed",
        labels={"outcome": "the outcome", "notes": "notes"},
        about={"outcome": ("outcome",), "notes": ("notes",)},
    ),
    "approve": Action(
        title="Approve the transfer",
        path="/transfer/approve",
        done="Transfer approved",
        labels={},
        about={},
    ),
    "cancel": Action(
        title="Cancel the transfer",
        path="/transfer/cancel",
        done="Transfer cancelled",
        labels={"reason": "the reason"},
        about={"reason": ("reason",)},
    ),
}


def _action(name: str) -> Action:
    if name not in ACTIONS:
        raise HTTPException(404, "there is no such action")
    return ACTIONS[name]


@router.get("/posts/{post_number}/{name}")
async def action_form(request: Request, user: HrStaff, post_number: str, name: str) -> Response:
    action = _action(name)
    post = await console_of(request).services.hr.get(user.token, f"/posts/{post_number}")
    return _form(request, name, action, post, Answers())


@router.post("/posts/{post_number}/{name}")
async def take_action(request: Request, user: HrStaff, post_number: str, name: str) -> Response:
    action = _action(name)
    form = await posted(request)
    hr = console_of(request).services.hr
    body, errors = _body(name, form)
    if not errors:
        try:
            await hr.post(user.token, f"/posts/{post_number}{action.path}", body)
        except ApiRefusal as refusal:
            if refusal.field_errors:
                errors = field_errors(refusal.field_errors, action.labels, "confirm")
            else:
                errors = [refusal_error(refusal.message, action.about, "confirm")]
        else:
            flash(request, f"{action.done} for post {post_number}")
            return RedirectResponse(f"/posts/{post_number}", status_code=303)
    post = await hr.get(user.token, f"/posts/{post_number}")
    return _form(request, name, action, post, Answers(form, errors))


def _body(name: str, form: dict[str, str]) -> tuple[dict[str, Any], list[FieldError]]:
    errors: list[FieldError] = []
    body: dict[str, Any] = {}
    if name == "propose":
        day, problem = read_date(form, "effective_date", "the effective date")
        if problem:
            errors.append(FieldError("effective_date", problem))
        body = {"target_team": form.get("target_team") or None, "reason": form.get("reason", "")}
        body["effective_date"] = day.isoformat() if day else None
    if name == "open-consultation":
        day, problem = read_date(form, "closes_by", "the date consultation closes by")
        if problem:
            errors.append(FieldError("closes_by", problem))
        body = {"closes_by": day.isoformat() if day else None}
    if name == "close-consultation":
        if form.get("outcome") not in OUTCOMES:
            errors.append(FieldError("outcome", "Select the outcome of the consultation"))
        body = {"outcome": form.get("outcome"), "notes": form.get("notes", "")}
    if name in ("propose", "cancel"):
        body["reason"] = form.get("reason", "")
        if not body["reason"]:
            errors.append(FieldError("reason", "Enter the reason"))
    return body, errors


def _form(
    request: Request,
    name: str,
    action: Action,
    post: dict[str, Any],
    answers: Answers,
) -> Response:
    return render_form(
        request,
        "action.html",
        answers,
        title=action.title,
        action=action,
        name=name,
        post=post,
        teams=list(CENTRAL_TEAMS.items()),
        outcomes=list(OUTCOMES.items()),
    )
