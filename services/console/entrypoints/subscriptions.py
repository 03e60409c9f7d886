"""A department lead's subscriptions to their department's changes: what they follow and
where it goes (the feed, a webhook, email, Teams or Slack), a webhook's signing secret shown
once when it is made, a test message, stopping one, and the deliveries never taken, to send
again. Workflow's API decides and scopes every answer."""

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
# Workflow's alerts (services/workflow/subscriptions/email_rules.py), sent at once.
ALERTS = {
    "post_stalled": "A post's transfer stalled",
    "transfer_approved": "A transfer approved",
    "transfer_rejected": "A transfer rejected",
    "transfer_cancelled": "A transfer cancelled",
    "transfer_rescinded": "A transfer rescinded",
    "post_moved": "A post's move completed",
    "post_at_risk": "A post put at risk",
    "wave_slipped": "A wave slipped",
    "budget_check_failed": "A budget check failed",
}
CHANNELS = (("feed", "The feed only"), ("webhook", "Your system's web address (a webhook)"),
            ("email", "Email"), ("teams", "A Microsoft Teams channel"),
            ("slack", "A Slack channel"))  # fmt: skip
DIGESTS = (("", "No digest"), ("daily", "Daily"), ("weekly", "Weekly (Mondays)"))
# Which field a Workflow refusal is about, by its words, for the channel chosen.
Fields = dict[str, tuple[str, ...]]
WHERE: dict[str, Fields] = {
    "webhook": {"webhook_url": ("url", "address", "receiver", "host")},
    "email": {"email_address": ("address", "email", "mail"), "alerts": ("alert", "digest")},
    "chat": {"chat_url": ("url", "receiver", "host", "chat"), "alerts": ("alert", "digest")},
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
    channel = form.get("channel") or ("webhook" if form.get("webhook_url") else "feed")
    if not errors:
        body = {"department": user.department, "kinds": kinds,
                "description": form.get("description", ""), **_channel(form, channel)}  # fmt: skip
        workflow = console_of(request).services.workflow
        try:
            made: dict[str, Any] = await workflow.post(user.token, "/subscriptions", body)
        except ApiRefusal as refusal:
            where = WHERE.get("chat" if channel in ("teams", "slack") else channel, {})
            errors = [refusal_error(refusal.message, where, "kinds")]
        else:
            # The secret is shown on this page only: Workflow keeps it sealed and never says it.
            return render(request, "lead_subscription_made.html", title="Subscribed", made=made)
    return await _page(request, user, Answers(form, errors))


def _channel(form: dict[str, str], channel: str) -> dict[str, Any]:
    """What the chosen channel sends Workflow: where to, and which alerts and digest."""
    alerting = {"alerts": [name for name in ALERTS if form.get(f"alert-{name}")],
                "digest": form.get("digest") or None}  # fmt: skip
    if channel == "webhook":
        return {"webhook_url": form.get("webhook_url") or None}
    if channel == "email":
        return {"email_address": form.get("email_address") or None, **alerting}
    if channel in ("teams", "slack"):
        return {"chat": channel, "chat_url": form.get("chat_url") or None, **alerting}
    return {}


@router.post(HOME + "/{subscription_id}/test")
async def send_test(request: Request, user: Lead, subscription_id: str) -> Response:
    await posted(request)
    path = f"/subscriptions/{subscription_id}/test-message"
    answer = await console_of(request).services.workflow.post(user.token, path)
    sent = answer.get("sent") is True
    flash(request, "Test message sent" if sent else f"Test message {answer.get('reason')}")
    return RedirectResponse(HOME, status_code=303)


@router.post(HOME + "/{subscription_id}/stop")
async def stop(request: Request, user: Lead, subscription_id: str) -> Response:
    await posted(request)
    await console_of(request).services.workflow.delete(
        user.token, f"/subscriptions/{subscription_id}"
    )
    flash(request, "Subscription stopped: nothing more is sent to it")
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
        alerts=ALERTS, channels=CHANNELS, digests=DIGESTS,
    )  # fmt: skip
