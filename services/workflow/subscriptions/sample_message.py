"""`POST /subscriptions/{id}/test-message`: a lead checks their channel works. One message,
sent now on the subscription's own channel (webhook, email, Teams or Slack), once: the
answer says whether the other end took it, in the words a parked delivery would show."""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi import APIRouter, Request

from services.workflow.entrypoints.dependencies import read
from services.workflow.subscriptions import subscription_store
from services.workflow.subscriptions.context import feed_state
from services.workflow.subscriptions.feed_store import FeedItem
from services.workflow.subscriptions.rules import check_may_manage
from shared.auth import CurrentPrincipal

router = APIRouter(tags=["subscriptions"])
TEST_EVENT_TYPE = "TestMessage"


@router.post("/subscriptions/{subscription_id}/test-message")
async def send_test_message(
    subscription_id: str, request: Request, principal: CurrentPrincipal
) -> dict[str, Any]:
    """Send a test message now (the lead's own department's subscriptions only)."""
    found = await read(request, lambda c: subscription_store.get_subscription(c, subscription_id))
    check_may_manage(principal.role, principal.department, found.department)
    state = feed_state(request)
    now = state.clock().isoformat()
    item = FeedItem(
        feed_id=0, department=found.department, kind="test", event_id=str(uuid.uuid4()),
        event_type=TEST_EVENT_TYPE, aggregate_id="your subscription works", occurred_at=now,
        summary="a test message from One Council",
        document=json.dumps({"event_type": TEST_EVENT_TYPE, "occurred_at": now}),
    )  # fmt: skip
    failure = await state.dispatcher.send_test(subscription_id, item)
    if failure is not None:
        return {"sent": False, "reason": failure.shown}
    return {"sent": True}
