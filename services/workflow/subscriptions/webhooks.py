"""Webhook delivery: one worker task per subscription with a webhook URL.

A worker delivers its subscription's feed items one at a time, in feed order, so the order
of each post's events holds. A failure is retried with exponential backoff; after
`max_attempts` failures in a row the delivery is parked (the lead sees it and may redeliver)
and the worker goes on. Workers are independent tasks with their own HTTP client and
timeout: a slow or dead receiver holds up only its own subscription.

Delivery is at least once: a crash after the receiver's 2xx but before the cursor is saved
sends that event again, with the same `X-OneCouncil-Event-Id`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import httpx
import structlog
from sqlalchemy import Engine

from services.workflow.subscriptions import feed_store, subscription_store
from services.workflow.subscriptions.destinations import Destinations
from services.workflow.subscriptions.feed import Bell
from services.workflow.subscriptions.feed_store import FeedItem
from services.workflow.subscriptions.rules import backoff_delay
from services.workflow.subscriptions.sealing import SecretSealer, SecretUnreadable
from services.workflow.subscriptions.subscription_store import WebhookTarget
from services.workflow.subscriptions.webhook_client import post_delivery
from shared.persistence.replicas import Leadership
from shared.waiting import until_set

log = structlog.get_logger(__name__)
PAGE = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """How hard to try one delivery before parking it, and where deliveries may go."""

    max_attempts: int
    backoff_base_s: float
    backoff_max_s: float
    timeout_s: float
    destinations: Destinations = field(default_factory=Destinations)

    def delay(self, failures: int) -> float:
        return backoff_delay(failures, self.backoff_base_s, self.backoff_max_s)


@dataclass(frozen=True, slots=True)
class Job:
    """A feed item to deliver: new (no delivery id yet) or a parked one queued again."""

    item: FeedItem
    delivery_id: str | None = None


class WebhookWorker:
    """Delivers one subscription's feed, in order, for as long as the subscription lasts."""

    def __init__(
        self, engine: Engine, target: WebhookTarget, policy: RetryPolicy, bell: Bell, poll_s: float
    ) -> None:
        self._engine, self.target, self._policy = engine, target, policy
        self._bell, self._poll_s = bell, poll_s
        self._cursor: int | None = None

    async def run(self) -> None:
        # Redirects are not followed (httpx's default, said here): only a checked URL is called.
        client = httpx.AsyncClient(timeout=self._policy.timeout_s, follow_redirects=False)
        async with client:
            while True:
                ring = self._bell.current()
                try:
                    jobs = await asyncio.to_thread(self._next_jobs)
                    for job in jobs:
                        await self._deliver(client, job)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception(
                        "webhook.worker_failed", subscription_id=self.target.subscription_id
                    )
                    jobs = []
                if not jobs:
                    await until_set(ring, self._poll_s)

    def _next_jobs(self) -> list[Job]:
        sid = self.target.subscription_id
        with self._engine.connect() as connection:
            queued = subscription_store.parked_deliveries(connection, sid, ("queued",))
            if self._cursor is None:
                self._cursor = subscription_store.get_subscription(connection, sid).delivered_up_to
            if queued:
                items = feed_store.items_by_id(connection, [row["feed_id"] for row in queued])
                return [Job(items[row["feed_id"]], row["delivery_id"]) for row in queued]
            found = feed_store.feed_after(
                connection, self._cursor, self.target.department, self.target.kinds, PAGE
            )
        return [Job(item) for item in found]

    async def _deliver(self, client: httpx.AsyncClient, job: Job) -> None:
        delivery_id = job.delivery_id or str(uuid.uuid4())
        failures, failure = 0, None
        while True:
            failure = await post_delivery(
                client, self.target, job.item, delivery_id, failures + 1, self._policy.destinations
            )
            if failure is None:
                break
            failures += 1
            log.info(
                "webhook.failed",
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
            if error is not None:
                subscription_store.park(
                    connection,
                    {
                        "delivery_id": delivery_id,
                        "subscription_id": sid,
                        "feed_id": job.item.feed_id,
                        "event_id": job.item.event_id,
                        "event_type": job.item.event_type,
                        "attempts": failures,
                        "last_error": error,
                        "parked_at": datetime.now(UTC).isoformat(),
                    },
                )
                log.warning("webhook.parked", subscription_id=sid, delivery_id=delivery_id)
            subscription_store.set_delivered_up_to(connection, sid, job.item.feed_id)
        self._cursor = job.item.feed_id


class WebhookDispatcher:
    """Keeps one worker task per subscription with a webhook (a background task), in the one
    replica that leads the webhooks (others keep none, and take over at their next look)."""

    def __init__(
        self,
        engine: Engine,
        policy: RetryPolicy,
        bell: Bell,
        poll_s: float,
        sealer: SecretSealer,
        worker: Callable[..., WebhookWorker] = WebhookWorker,
    ) -> None:
        self._engine, self._policy, self._bell, self._poll_s = engine, policy, bell, poll_s
        self._sealer, self._worker = sealer, worker
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
                    log.exception("webhook.dispatcher_failed")
                await until_set(ring, max(self._poll_s, 1.0) * 5)
        finally:
            for task in self._tasks.values():
                task.cancel()
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)
            self._leadership.resign()

    def _targets(self) -> dict[str, WebhookTarget]:
        with self._engine.connect() as connection:
            stored = subscription_store.webhook_targets(connection)
        opened: dict[str, WebhookTarget] = {}
        for sid, target in stored.items():
            try:
                opened[sid] = replace(target, secret=self._sealer.open(sid, target.secret))
            except SecretUnreadable as error:
                # Its deliveries wait (nothing is lost) until the right key is back.
                log.error("webhook.secret_unreadable", subscription_id=sid, error=str(error))
        return opened

    def _sync(self, targets: dict[str, WebhookTarget]) -> None:
        for sid in [sid for sid in self._tasks if sid not in targets]:
            self._tasks.pop(sid).cancel()
        for sid, target in targets.items():
            task = self._tasks.get(sid)
            if task is None or task.done():
                worker = self._worker(self._engine, target, self._policy, self._bell, self._poll_s)
                self._tasks[sid] = asyncio.create_task(worker.run(), name=f"webhook-{sid}")
