"""Daily and weekly digests of an email subscription: when one is due, and what it holds.

A digest holds what arrived in the department's feed since the last one (by feed id, so a
late event is in the next digest, never in none), of the subscription's kinds, less the
changes already sent at once as alerts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from services.workflow.subscriptions import feed_store, subscription_store
from services.workflow.subscriptions.email_rules import digest_due, period_of
from services.workflow.subscriptions.feed_store import FeedItem
from services.workflow.subscriptions.subscription_store import DeliveryTarget

DIGEST_EVENT_TYPE = "Digest"  # what a parked digest shows as its event type


@dataclass(frozen=True, slots=True, kw_only=True)
class Digest:
    """A period's changes for one subscription, sent as one email."""

    period: str
    items: tuple[FeedItem, ...]
    covers_after: int
    up_to: int
    sent_on: str  # the day it is sent (ISO): the next is due from the day (or week) after

    def parked_row(self, delivery_id: str) -> dict[str, Any]:
        return {
            "feed_id": self.up_to,
            "event_id": delivery_id,
            "event_type": DIGEST_EVENT_TYPE,
            "covers_after": self.covers_after,
            "period": self.period,
        }


def due_digest(
    connection: Connection, target: DeliveryTarget, now: datetime, hour: int
) -> Digest | None:
    """The subscription's next digest, if it is due now."""
    if target.digest is None:
        return None
    after, sent_on = subscription_store.digest_state(connection, target.subscription_id)
    if not digest_due(target.digest, sent_on, now, hour):
        return None
    up_to = feed_store.latest_feed_id(connection)
    return Digest(
        period=period_of(target.digest, sent_on, now.date()),
        items=tuple(_items(connection, target, after, up_to)),
        covers_after=after,
        up_to=up_to,
        sent_on=now.date().isoformat(),
    )


def digest_again(connection: Connection, target: DeliveryTarget, row: dict[str, Any]) -> Digest:
    """A parked digest, rebuilt as it was (its feed rows do not change)."""
    after, up_to = int(row["covers_after"]), int(row["feed_id"])
    return Digest(
        period=str(row["period"]),
        items=tuple(_items(connection, target, after, up_to)),
        covers_after=after,
        up_to=up_to,
        sent_on=date.fromisoformat(str(row["parked_at"])[:10]).isoformat(),
    )


def _items(
    connection: Connection, target: DeliveryTarget, after: int, up_to: int
) -> list[FeedItem]:
    return feed_store.feed_between(
        connection, after, up_to, target.department, target.kinds, target.alerts
    )
