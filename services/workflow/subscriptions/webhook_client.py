"""Posting one signed delivery to a receiver's URL."""

from __future__ import annotations

import httpx

from services.workflow.subscriptions.destinations import DestinationRefused, Destinations
from services.workflow.subscriptions.feed_store import FeedItem
from services.workflow.subscriptions.signing import (
    DELIVERY_HEADER,
    EVENT_ID_HEADER,
    SIGNATURE_HEADER,
    sign,
)
from services.workflow.subscriptions.subscription_store import WebhookTarget


async def post_delivery(
    client: httpx.AsyncClient,
    target: WebhookTarget,
    item: FeedItem,
    delivery_id: str,
    attempt: int,
    destinations: Destinations,
) -> str | None:
    """POST the item; None when the receiver took it (2xx), else what went wrong."""
    try:
        await destinations.check(target.url)
    except DestinationRefused as refused:
        return f"not sent: {refused}"
    body = item.body()
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(target.secret, body),  # signed afresh for every attempt
        EVENT_ID_HEADER: item.event_id,
        DELIVERY_HEADER: delivery_id,
        "X-OneCouncil-Attempt": str(attempt),
        "User-Agent": "OneCouncil-Webhooks/1",
    }
    try:
        response = await client.post(target.url, content=body, headers=headers)
    except httpx.TimeoutException:
        return "the receiver did not answer in time"
    except httpx.HTTPError as error:
        return f"could not reach the receiver: {type(error).__name__}: {error}"
    if 200 <= response.status_code < 300:
        return None
    return f"the receiver answered HTTP {response.status_code}"
