"""`/subscriptions`: leads create, list and delete their department's subscriptions (feed
only, a webhook, or email); see and redeliver parked deliveries. `GET /feed` pages through a
department's feed."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import AnyHttpUrl, BaseModel, Field

from services.workflow.entrypoints.dependencies import read
from services.workflow.subscriptions import feed_store, subscription_store
from services.workflow.subscriptions.channel_fields import alerting_fields
from services.workflow.subscriptions.context import feed_state, write
from services.workflow.subscriptions.email_rules import ALERTS
from services.workflow.subscriptions.kinds import ALL_KINDS, parse_kinds
from services.workflow.subscriptions.rules import (
    check_may_manage,
    department_named,
    feed_scope,
)
from shared.auth import CurrentPrincipal, Principal
from shared.request_guards import MAX_OFFSET

router = APIRouter(tags=["subscriptions"])


class NewSubscription(BaseModel):
    """A lead's request to follow their department's changes."""

    department: str = Field(description="Department code or name, e.g. CS or Children's Services")
    kinds: list[str] = Field(
        default_factory=lambda: list(ALL_KINDS), description=f"Any of {', '.join(ALL_KINDS)}."
    )
    webhook_url: AnyHttpUrl | None = Field(None, description="Where to POST each event, signed.")
    email_address: str | None = Field(
        None, max_length=320, description="Where to email alerts and digests (not with a webhook)."
    )
    chat: Literal["teams", "slack"] | None = Field(
        None, description="Post alerts and digests to a Teams or Slack channel instead."
    )
    chat_url: AnyHttpUrl | None = Field(
        None, description="The channel's incoming webhook URL (an allowed host only)."
    )
    alerts: list[str] = Field(
        default_factory=list,
        description=f"Email at once when any of these happen: {', '.join(ALERTS)}.",
    )
    digest: Literal["daily", "weekly"] | None = Field(
        None, description="Email the rest of the chosen kinds once a day or once a week."
    )
    description: str = Field("", max_length=300)


def _scope(principal: Principal, department: str | None) -> str | None:
    wanted = department_named(department) if department else None
    return feed_scope(principal.role, principal.department, wanted)


@router.post("/subscriptions", status_code=201)
async def create_subscription(
    body: NewSubscription, request: Request, principal: CurrentPrincipal
) -> dict[str, Any]:
    """Subscribe (leads, own department only). The webhook secret is shown here, once."""
    department = department_named(body.department)
    check_may_manage(principal.role, principal.department, department)
    kinds = parse_kinds(body.kinds)
    state = feed_state(request)
    subscription_id = str(uuid.uuid4())
    alerting = await alerting_fields(state, subscription_id, body.model_dump())
    url = str(body.webhook_url) if body.webhook_url else None
    if url is not None:
        await state.destinations.check(url)
    row: dict[str, Any] = {
        "subscription_id": subscription_id,
        "department": department,
        "kinds": kinds,
        "webhook_url": url,
        "secret": secrets.token_hex(32) if url else None,
        "description": body.description,
        "created_by": principal.user_id,
        "created_at": datetime.now(UTC).isoformat(),
        "channel": "webhook" if url else None,
        **alerting,
    }
    secret = row["secret"]
    stored = {**row, "secret": state.sealer.seal(subscription_id, secret) if url else secret}

    def add(connection: Any) -> Any:
        # A new channel starts with the events that arrive after it was created.
        latest = feed_store.latest_feed_id(connection)
        subscription_store.add_subscription(
            connection,
            {**stored, "delivered_up_to": latest, "digest_up_to": latest if alerting else None},
        )
        return subscription_store.get_subscription(connection, row["subscription_id"])

    created = await write(request, add)
    state.dispatcher.changed.ring()
    return {**created.view(), **({"secret": row["secret"]} if url else {})}


@router.get("/subscriptions")
async def list_subscriptions(
    request: Request, principal: CurrentPrincipal, department: str | None = None
) -> dict[str, Any]:
    """Leads: their department's subscriptions; auditors: any department's, or all."""
    scope = _scope(principal, department)
    found = await read(request, lambda c: subscription_store.list_subscriptions(c, scope))
    return {"subscriptions": [subscription.view() for subscription in found]}


async def _visible(request: Request, principal: Principal, subscription_id: str) -> Any:
    found = await read(request, lambda c: subscription_store.get_subscription(c, subscription_id))
    feed_scope(principal.role, principal.department, found.department)
    return found


@router.get("/subscriptions/{subscription_id}")
async def get_subscription(
    subscription_id: str, request: Request, principal: CurrentPrincipal
) -> dict[str, Any]:
    view: dict[str, Any] = (await _visible(request, principal, subscription_id)).view()
    return view


@router.delete("/subscriptions/{subscription_id}", status_code=204)
async def delete_subscription(
    subscription_id: str, request: Request, principal: CurrentPrincipal
) -> Response:
    """Stop a subscription (its webhook stops; its parked deliveries are dropped)."""
    found = await _visible(request, principal, subscription_id)
    check_may_manage(principal.role, principal.department, found.department)
    await write(request, lambda c: subscription_store.remove_subscription(c, subscription_id))
    feed_state(request).dispatcher.changed.ring()
    return Response(status_code=204)


@router.get("/subscriptions/{subscription_id}/parked")
async def list_parked(
    subscription_id: str, request: Request, principal: CurrentPrincipal
) -> dict[str, Any]:
    """Deliveries that failed every attempt (and those queued to be tried again)."""
    await _visible(request, principal, subscription_id)
    rows = await read(request, lambda c: subscription_store.parked_deliveries(c, subscription_id))
    return {"parked": rows}


@router.post("/subscriptions/{subscription_id}/parked/{delivery_id}/redeliver", status_code=202)
async def redeliver(
    subscription_id: str, delivery_id: str, request: Request, principal: CurrentPrincipal
) -> dict[str, Any]:
    """Queue a parked delivery to be sent again (before newer events), by the same worker."""
    found = await _visible(request, principal, subscription_id)
    check_may_manage(principal.role, principal.department, found.department)
    await write(
        request, lambda c: subscription_store.queue_redelivery(c, subscription_id, delivery_id)
    )
    feed_state(request).bell.ring()
    return {"delivery_id": delivery_id, "status": "queued"}


@router.get("/feed")
async def feed_page(
    request: Request,
    principal: CurrentPrincipal,
    department: str | None = None,
    kinds: str | None = Query(None, description="Comma-separated kinds; default all."),
    after: int = Query(0, ge=0, le=MAX_OFFSET, description="Feed id to continue after."),
    limit: int = Query(100, ge=1, le=1000),
) -> dict[str, Any]:
    """A page of the feed (the same items the stream sends), oldest first."""
    scope = _scope(principal, department)
    wanted = parse_kinds(kinds.split(",") if kinds else None)
    items = await read(request, lambda c: feed_store.feed_after(c, after, scope, wanted, limit))
    return {"items": [item.notification() for item in items]}
