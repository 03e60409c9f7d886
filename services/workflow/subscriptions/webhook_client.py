"""Posting one signed delivery to a receiver's URL, at the address that was checked."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from services.workflow.subscriptions.destinations import DestinationRefused, Destinations, Pinned
from services.workflow.subscriptions.feed_store import FeedItem
from services.workflow.subscriptions.signing import (
    DELIVERY_HEADER,
    EVENT_ID_HEADER,
    SIGNATURE_HEADER,
    sign,
)
from services.workflow.subscriptions.subscription_store import DeliveryTarget

# What a lead is shown of a failure: no network detail, which would tell them whether a
# port is open or a name resolves. Operators find the detail in the `delivery.failed` log.
FAILED = "delivery failed: the receiver did not take it"
NOT_ALLOWED = "not sent: the receiver's address is not allowed for webhooks"


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """Why a delivery failed: in words for the lead, and in detail for the operator."""

    shown: str
    detail: str


async def post_delivery(
    client: httpx.AsyncClient,
    target: DeliveryTarget,
    item: FeedItem,
    delivery_id: str,
    attempt: int,
    destinations: Destinations,
) -> Failure | None:
    """POST the item; None when the receiver took it (2xx), else what went wrong."""
    try:
        pinned = await destinations.check(target.url)
    except DestinationRefused as refused:
        return Failure(shown=NOT_ALLOWED, detail=f"not sent: {refused}")
    body = item.body()
    headers = {
        SIGNATURE_HEADER: sign(target.secret, body),  # signed afresh for every attempt
        EVENT_ID_HEADER: item.event_id,
        DELIVERY_HEADER: delivery_id,
        "X-OneCouncil-Attempt": str(attempt),
    }
    return await post_json(client, pinned, body, headers)


async def post_json(
    client: httpx.AsyncClient, pinned: Pinned, body: bytes, headers: dict[str, str]
) -> Failure | None:
    """POST JSON bytes to a checked receiver; None when it took them (2xx)."""
    headers = {
        **headers,
        "Host": pinned.host_header(),
        "Content-Type": "application/json",
        "User-Agent": "OneCouncil-Webhooks/1",
    }
    try:
        # The checked address, with the name kept for TLS (SNI and the certificate check).
        response = await client.post(
            pinned.request_url(),
            content=body,
            headers=headers,
            extensions={"sni_hostname": pinned.host},
        )
    except httpx.TimeoutException:
        return Failure(shown=FAILED, detail="the receiver did not answer in time")
    except httpx.HTTPError as error:
        detail = f"could not reach the receiver: {type(error).__name__}: {error}"
        return Failure(shown=FAILED, detail=detail)
    if 200 <= response.status_code < 300:
        return None
    return Failure(shown=FAILED, detail=f"the receiver answered HTTP {response.status_code}")
