"""A department lead's subscriptions to their department's changes: what they follow, a
webhook's signing secret shown once when it is made, stopping one, and the deliveries a
receiver never took, to send again. Workflow's API decides and scopes every answer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.console.adapters.services_api import ApiRefusal
from services.console.application.refusals import FieldError, refusal_error
from services.console.entrypoints.forms import Answers, posted, render_form
from services.console.entrypoints.scope import Lead
from services.console.entrypoints.session import User, console_of, flash, render

router = APIRouter(include_in_schema=False)
# Workflow's kinds (services/workflow/subscriptions/kinds.py), as a lead reads them; Workflow
# refuses a kind it does not know, so a stale list here is a refusal, never a silent miss.
KINDS = {
    "posts": "Posts: registered, changed, scope proposed and answered",
    "transfers": "Transfers: proposed, consulted, approved, effective, cancelled",
    "budgets": "Budgets: checks, money held and moved",
    "milestones": "Milestones: moves completed, transfers stalled, waves slipped",
    "candidates": "Redesign candidates touching your department",
    "consultations": "Consultation exercises consulting your department",
}
HOME = "/lead/subscriptions"


@router.get(HOME)
async def subscriptions(request: Request, user: Lead) -> Response:
    return await _page(request, user, Answers())


@router.post(HOME)
async def subscribe(request: Request, user: Lead) -> Response:
    form = await posted(request)
    kinds = [kind for kind in KINDS if form.get(f"kind-{kind}")]
    errors: list[FieldError] = []
    if not kinds:
        errors.append(FieldError("kinds", "Select at least one kind of change to follow"))
    if not errors:
        body = {"department": user.department, "kinds": kinds,
                "webhook_url": form.get("webhook_url") or None,
                "description": form.get("description", "")}  # fmt: skip
        workflow = console_of(request).services.workflow
        try:
            made: dict[str, Any] = await workflow.post(user.token, "/subscriptions", body)
        except ApiRefusal as refusal:
            where = {"webhook_url": ("url", "address", "receiver", "host")}
            errors = [refusal_error(refusal.message, where, "kinds")]
        else:
            # The secret is shown on this page only: Workflow keeps it sealed and never says it.
            return render(request, "lead_subscription_made.html", title="Subscribed", made=made)
    return await _page(request, user, Answers(form, errors))


@router.post(HOME + "/{subscription_id}/stop")
async def stop(request: Request, user: Lead, subscription_id: str) -> Response:
    await posted(request)
    await console_of(request).services.workflow.delete(
        user.token, f"/subscriptions/{subscription_id}"
    )
    flash(request, "Subscription stopped: its webhook gets nothing more")
    return RedirectResponse(HOME, status_code=303)


@router.get(HOME + "/{subscription_id}")
async def parked(request: Request, user: Lead, subscription_id: str) -> Response:
    workflow = console_of(request).services.workflow
    found = await workflow.get(user.token, f"/subscriptions/{subscription_id}")
    rows = await workflow.get(user.token, f"/subscriptions/{subscription_id}/parked")
    return render(
        request, "lead_subscription.html", title="Deliveries not taken", found=found,
        parked=rows["parked"], kinds=KINDS,
    )  # fmt: skip


@router.post(HOME + "/{subscription_id}/parked/{delivery_id}")
async def redeliver(
    request: Request, user: Lead, subscription_id: str, delivery_id: str
) -> Response:
    await posted(request)
    path = f"/subscriptions/{subscription_id}/parked/{delivery_id}/redeliver"
    await console_of(request).services.workflow.post(user.token, path)
    flash(request, "Queued to be sent again, before newer changes")
    return RedirectResponse(f"{HOME}/{subscription_id}", status_code=303)


async def _page(request: Request, user: User, answers: Answers) -> Response:
    found = await console_of(request).services.workflow.get(user.token, "/subscriptions")
    return render_form(
        request, "lead_subscriptions.html", answers, title="Subscriptions",
        department=user.department, subscriptions=found["subscriptions"], kinds=KINDS,
    )  # fmt: skip
