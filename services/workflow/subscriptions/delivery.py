"""Delivery: one worker task per subscription with a channel (a webhook or an email address).

A worker delivers its subscription's feed items one at a time, in feed order, so the order
of each post's events holds; an email subscription's worker also sends its digest when due.
The channel (`channels.py`) says how one message goes; everything else is shared. A failure
is retried with exponential backoff; after `max_attempts` failures in a row the delivery is
parked (the lead sees it and may redeliver) and the worker goes on. Workers are independent
tasks with their own channel (HTTP client, mail session) and timeout: a slow or dead
receiver holds up only its own subscription.

Delivery is at least once: a crash after the receiver's 2xx (or the mail server's 250) but
before the cursor is saved sends that event again, with the same `X-OneCouncil-Event-Id`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import structlog
from sqlalchemy import Connection, Engine

from services.workflow.subscriptions import digests, feed_store, subscription_store
from services.workflow.subscriptions.channels import OpenChannel
from services.workflow.subscriptions.destinations import Destinations
from services.workflow.subscriptions.digests import Digest
from services.workflow.subscriptions.feed import Bell
from services.workflow.subscriptions.feed_store import FeedItem
from services.workflow.subscriptions.kinds import ALL_KINDS
from services.workflow.subscriptions.rules import backoff_delay
from services.workflow.subscriptions.sealing import SecretSealer, SecretUnreadable
from services.workflow.subscriptions.subscription_store import DeliveryTarget
from services.workflow.subscriptions.webhook_client import Failure
from shared.persistence.replicas import Leadership
from shared.waiting import until_set

log = structlog.get_logger(__name__)
PAGE = 100
NO_CHANNEL = "not sent: this subscription has no channel to send to (the feed only)"
Clock = Callable[[], datetime]
Send = Callable[[FeedItem | Digest, str, int], Awaitable[Failure | None]]


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """How hard to try one delivery before parking it, and where deliveries may go."""

    max_attempts: int
    backoff_base_s: float
    backoff_max_s: float
    timeout_s: float
    destinations: Destinations = field(default_factory=Destinations)
    digest_hour: int = 7  # digests go from this hour (UTC) of the day they are due

    def delay(self, failures: int) -> float:
        return backoff_delay(failures, self.backoff_base_s, self.backoff_max_s)


@dataclass(frozen=True, slots=True)
class Job:
    """A feed item or a digest to deliver: new (no delivery id yet) or a parked one queued
    again."""

    item: FeedItem | Digest
    delivery_id: str | None = None


class DeliveryWorker:
    """Delivers one subscription's feed, in order, for as long as the subscription lasts."""

    def __init__(
        self,
        engine: Engine,
        target: DeliveryTarget,
        policy: RetryPolicy,
        bell: Bell,
        poll_s: float,
        open_channel: OpenChannel,
        clock: Clock,
    ) -> None:
        self._engine, self.target, self._policy = engine, target, policy
        self._bell, self._poll_s = bell, poll_s
        self._open_channel, self._clock = open_channel, clock
        self._cursor: int | None = None

    async def run(self) -> None:
        async with self._open_channel(self.target) as channel:
            while True:
                ring = self._bell.current()
                try:
                    jobs = await asyncio.to_thread(self._next_jobs)
                    for job in jobs:
                        await self._deliver(channel.send, job)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception(
                        "delivery.worker_failed", subscription_id=self.target.subscription_id
                    )
                    jobs = []
                if not jobs:
                    await until_set(ring, self._poll_s)

    def _next_jobs(self) -> list[Job]:
        sid, target = self.target.subscription_id, self.target
        with self._engine.connect() as connection:
            queued = subscription_store.parked_deliveries(connection, sid, ("queued",))
            if self._cursor is None:
                self._cursor = subscription_store.get_subscription(connection, sid).delivered_up_to
            if queued:
                return [Job(self._again(connection, row), row["delivery_id"]) for row in queued]
            found = []
            if target.channel == "webhook" or target.alerts:
                kinds = target.kinds if target.channel == "webhook" else ALL_KINDS
                found = feed_store.feed_after(
                    connection, self._cursor, target.department, kinds, PAGE, target.alerts
                )
            if not found and target.digest is not None:
                now = self._clock()
                due = digests.due_digest(connection, target, now, self._policy.digest_hour)
                return [Job(due)] if due is not None else []
        return [Job(item) for item in found]

    def _again(self, connection: Connection, row: dict[str, object]) -> FeedItem | Digest:
        if row["covers_after"] is not None:
            return digests.digest_again(connection, self.target, row)
        feed_id = int(str(row["feed_id"]))
        return feed_store.items_by_id(connection, [feed_id])[feed_id]

    async def _deliver(self, send: Send, job: Job) -> None:
        delivery_id = job.delivery_id or str(uuid.uuid4())
        failures, failure = 0, None
        while True:
            failure = await send(job.item, delivery_id, failures + 1)
            if failure is None:
                break
            failures += 1
            log.info(
                "delivery.failed",
                subscription_id=self.target.subscription_id,
                delivery_id=delivery_id,
                failures=failures,
                error=failure.detail,
            )
            if failures >= self._policy.max_attempts:
                break
            await asyncio.sleep(self._policy.delay(failures))
        error = None if failure is None else failure.shown
        await asyncio.to_thread(self._settle, job, delivery_id, failures, error)

    def _settle(self, job: Job, delivery_id: str, failures: int, error: str | None) -> None:
        sid = self.target.subscription_id
        with self._engine.begin() as connection:
            if job.delivery_id is not None:
                subscription_store.settle_redelivery(
                    connection, delivery_id, error is None, failures, error or ""
                )
                return
            item = job.item
            if error is not None:
                subscription_store.park(
                    connection,
                    {
                        "delivery_id": delivery_id,
                        "subscription_id": sid,
                        **item.parked_row(delivery_id),
                        "attempts": failures,
                        "last_error": error,
                        "parked_at": datetime.now(UTC).isoformat(),
                    },
                )
                log.warning("delivery.parked", subscription_id=sid, delivery_id=delivery_id)
            if isinstance(item, Digest):
                # Parked or sent, the period is done: a parked digest is redelivered whole.
                subscription_store.set_digest_sent(connection, sid, item.up_to, item.sent_on)
                return
            subscription_store.set_delivered_up_to(connection, sid, item.feed_id)
        self._cursor = item.feed_id


class DeliveryDispatcher:
    """Keeps one worker task per subscription with a channel (a background task), in the one
    replica that leads the deliveries (others keep none, and take over at their next look)."""

    def __init__(
        self,
        engine: Engine,
        policy: RetryPolicy,
        bell: Bell,
        poll_s: float,
        sealer: SecretSealer,
        open_channel: OpenChannel,
        clock: Clock,
    ) -> None:
        self._engine, self._policy, self._bell, self._poll_s = engine, policy, bell, poll_s
        self._sealer, self._open_channel, self._clock = sealer, open_channel, clock
        self.changed = Bell()  # rung when a subscription is created or deleted
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._leadership = Leadership(engine, "workflow:webhooks")

    async def run(self) -> None:
        try:
            while True:
                ring = self.changed.current()
                try:
                    leading = await asyncio.to_thread(self._leadership.try_lead)
                    self._sync(await asyncio.to_thread(self._targets) if leading else {})
                except Exception:
                    log.exception("delivery.dispatcher_failed")
                await until_set(ring, max(self._poll_s, 1.0) * 5)
        finally:
            for task in self._tasks.values():
                task.cancel()
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)
            self._leadership.resign()

    async def send_test(self, subscription_id: str, item: FeedItem) -> Failure | None:
        """Send one message now on the subscription's channel, once (no retry, no parking);
        None when the other end took it."""
        target = (await asyncio.to_thread(self._targets)).get(subscription_id)
        if target is None:
            return Failure(shown=NO_CHANNEL, detail="no channel, or its secret cannot be opened")
        async with self._open_channel(target) as channel:
            return await channel.send(item, str(uuid.uuid4()), 1)

    def _targets(self) -> dict[str, DeliveryTarget]:
        with self._engine.connect() as connection:
            stored = subscription_store.delivery_targets(connection)
        opened: dict[str, DeliveryTarget] = {}
        for sid, target in stored.items():
            if target.channel == "email":
                opened[sid] = target  # nothing sealed to open
                continue
            try:
                secret = self._sealer.open(sid, target.secret)
                # A chat's incoming-webhook URL is its secret: sealed whole, as hex.
                opened[sid] = (
                    replace(target, secret=secret)
                    if target.channel == "webhook"
                    else replace(target, url=bytes.fromhex(secret).decode(), secret="")
                )
            except SecretUnreadable as error:
                # Its deliveries wait (nothing is lost) until the right key is back.
                log.error("webhook.secret_unreadable", subscription_id=sid, error=str(error))
        return opened

    def _sync(self, targets: dict[str, DeliveryTarget]) -> None:
        for sid in [sid for sid in self._tasks if sid not in targets]:
            self._tasks.pop(sid).cancel()
        for sid, target in targets.items():
            task = self._tasks.get(sid)
            if task is None or task.done():
                worker = DeliveryWorker(
                    self._engine, target, self._policy, self._bell, self._poll_s,
                    self._open_channel, self._clock,
                )  # fmt: skip
                self._tasks[sid] = asyncio.create_task(worker.run(), name=f"delivery-{sid}")
