"""Subscriptions, their delivery cursors and parked deliveries, in Workflow's database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from services.workflow.subscriptions.email_rules import alert_names
from services.workflow.subscriptions.rules import DeliveryNotParked, SubscriptionNotFound
from services.workflow.subscriptions.tables import subscriptions, webhook_parked


@dataclass(frozen=True, slots=True, kw_only=True)
class Subscription:
    """A lead's subscription to their department's feed (the secret is not in it)."""

    subscription_id: str
    department: str
    kinds: tuple[str, ...]
    webhook_url: str | None
    description: str
    created_by: str
    created_at: str
    delivered_up_to: int
    channel: str | None = None
    email_address: str | None = None
    alerts: tuple[str, ...] = ()
    digest: str | None = None

    def view(self) -> dict[str, Any]:
        return {
            "subscription_id": self.subscription_id,
            "department": self.department,
            "kinds": list(self.kinds),
            "webhook_url": self.webhook_url,
            "description": self.description,
            "created_by": self.created_by,
            "created_at": self.created_at,
            "channel": self.channel or "feed",
            **(
                {"alerts": alert_names(self.alerts), "digest": self.digest}
                if self.channel in ("email", "teams", "slack")
                else {}
            ),
            **({"email_address": self.email_address} if self.channel == "email" else {}),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryTarget:
    """What the delivery worker needs: the channel, where to, what, signed with which secret.

    A webhook gets its `kinds` one by one; an email address gets its `alerts` (event types)
    one by one and the rest of its `kinds` in a digest, if it has one."""

    subscription_id: str
    department: str
    kinds: tuple[str, ...]
    channel: str = "webhook"
    url: str = ""
    secret: str = ""
    email_address: str = ""
    alerts: tuple[str, ...] = ()
    digest: str | None = None


def _subscription(row: Any) -> Subscription:
    return Subscription(
        subscription_id=row.subscription_id,
        department=row.department,
        kinds=tuple(json.loads(row.kinds)),
        webhook_url=row.webhook_url,
        description=row.description,
        created_by=row.created_by,
        created_at=row.created_at,
        delivered_up_to=int(row.delivered_up_to),
        channel=row.channel,
        email_address=row.email_address,
        alerts=tuple(json.loads(row.alerts or "[]")),
        digest=row.digest,
    )


def add_subscription(connection: Connection, row: dict[str, Any]) -> None:
    alerts = json.dumps(list(row["alerts"])) if row.get("alerts") is not None else None
    connection.execute(
        insert(subscriptions),
        {**row, "kinds": json.dumps(list(row["kinds"])), "alerts": alerts},
    )


def get_subscription(connection: Connection, subscription_id: str) -> Subscription:
    query = select(subscriptions).where(subscriptions.c.subscription_id == subscription_id)
    row = connection.execute(query).first()
    if row is None:
        raise SubscriptionNotFound(subscription_id)
    return _subscription(row)


def list_subscriptions(connection: Connection, department: str | None) -> list[Subscription]:
    query = select(subscriptions).order_by(subscriptions.c.created_at)
    if department is not None:
        query = query.where(subscriptions.c.department == department)
    return [_subscription(row) for row in connection.execute(query)]


def remove_subscription(connection: Connection, subscription_id: str) -> None:
    connection.execute(
        delete(webhook_parked).where(webhook_parked.c.subscription_id == subscription_id)
    )
    connection.execute(
        delete(subscriptions).where(subscriptions.c.subscription_id == subscription_id)
    )


def delivery_targets(connection: Connection) -> dict[str, DeliveryTarget]:
    """Every subscription with a channel (a webhook or an email address), by id."""
    query = select(subscriptions).where(subscriptions.c.channel.is_not(None))
    return {
        row.subscription_id: DeliveryTarget(
            subscription_id=row.subscription_id,
            department=row.department,
            kinds=tuple(json.loads(row.kinds)),
            channel=row.channel,
            url=row.webhook_url or "",
            secret=row.secret or "",
            email_address=row.email_address or "",
            alerts=tuple(json.loads(row.alerts or "[]")),
            digest=row.digest,
        )
        for row in connection.execute(query)
    }


def digest_state(connection: Connection, subscription_id: str) -> tuple[int, date]:
    """The last feed id a digest covered, and the day it was sent (or subscribed)."""
    query = select(subscriptions.c.digest_up_to, subscriptions.c.digest_sent_on).where(
        subscriptions.c.subscription_id == subscription_id
    )
    row = connection.execute(query).one()
    return int(row.digest_up_to or 0), date.fromisoformat(row.digest_sent_on)


def set_digest_sent(connection: Connection, subscription_id: str, up_to: int, sent_on: str) -> None:
    connection.execute(
        update(subscriptions)
        .where(subscriptions.c.subscription_id == subscription_id)
        .values(digest_up_to=up_to, digest_sent_on=sent_on)
    )


def set_delivered_up_to(connection: Connection, subscription_id: str, feed_id: int) -> None:
    connection.execute(
        update(subscriptions)
        .where(subscriptions.c.subscription_id == subscription_id)
        .values(delivered_up_to=feed_id)
    )


def park(connection: Connection, row: dict[str, Any]) -> None:
    connection.execute(insert(webhook_parked), {**row, "status": "parked"})


def parked_deliveries(
    connection: Connection, subscription_id: str, statuses: tuple[str, ...] = ("parked", "queued")
) -> list[dict[str, Any]]:
    query = (
        select(webhook_parked)
        .where(webhook_parked.c.subscription_id == subscription_id)
        .where(webhook_parked.c.status.in_(statuses))
        .order_by(webhook_parked.c.feed_id)
    )
    return [dict(row) for row in connection.execute(query).mappings()]


def queue_redelivery(connection: Connection, subscription_id: str, delivery_id: str) -> None:
    """Mark a parked delivery for the worker to try again."""
    done = connection.execute(
        update(webhook_parked)
        .where(webhook_parked.c.subscription_id == subscription_id)
        .where(webhook_parked.c.delivery_id == delivery_id)
        .where(webhook_parked.c.status == "parked")
        .values(status="queued")
    )
    if done.rowcount != 1:
        raise DeliveryNotParked(delivery_id)


def settle_redelivery(
    connection: Connection, delivery_id: str, delivered: bool, failures: int, error: str
) -> None:
    """After a redelivery: delivered, or parked again with its failures added."""
    row = webhook_parked.c
    values: dict[str, Any] = {"status": "redelivered"}
    if not delivered:
        values = {"status": "parked", "attempts": row.attempts + failures, "last_error": error}
    connection.execute(update(webhook_parked).where(row.delivery_id == delivery_id).values(values))
