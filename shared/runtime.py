"""What every service process runs around its own code: database, broker, relay, health.

A service's `app.py` builds a `ServiceRuntime`, adds its subscribers and background tasks,
and hands `runtime.lifespan` to FastAPI. uvicorn turns SIGTERM into a clean shutdown:
background tasks are cancelled, the broker stops (committing nothing it has not applied)
and the relay's producer is flushed and closed.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import structlog
from fastapi import FastAPI
from sqlalchemy import Engine, MetaData

from shared.config import ServiceSettings
from shared.events.keys import install_registry
from shared.events.signing import install_signer
from shared.events.topics import ALL_TOPICS, physical
from shared.kafka.asyncapi import declare_publications
from shared.kafka.broker import make_broker
from shared.kafka.checkpoints import Checkpointer
from shared.kafka.provisioning import ensure_topics
from shared.kafka.relay import OutboxRelay
from shared.persistence.engine import database_is_reachable, make_engine
from shared.persistence.migrations import SchemaNotCurrent, ServiceSchema
from shared.persistence.replicas import SingleReplica
from shared.persistence.tables import MessagingTables
from shared.tracing import configure_tracing

log = structlog.get_logger(__name__)

BackgroundTask = Callable[[], Coroutine[Any, Any, None]]


class ServiceRuntime:
    """The infrastructure one service process owns, started and stopped together."""

    def __init__(
        self,
        name: str,
        settings: ServiceSettings,
        metadata: MetaData,
        tables: MessagingTables,
        *,
        migrations: Path,
    ) -> None:
        self.name = name
        self.settings = settings
        self.metadata = metadata
        self.tables = tables
        self.schema = ServiceSchema(service=name, metadata=metadata, scripts=migrations)
        self._schema_head: str | None = None
        configure_tracing(name, settings.otel_exporter_otlp_endpoint)  # off when empty
        # The outbox signs as this service; its consumers trust the registry's keys.
        self.signer = settings.signer(name)
        install_signer(self.signer)
        install_registry(settings.key_registry())
        self.engine: Engine = make_engine(settings.database_url_for(name))
        self.broker = make_broker(settings, name)
        declare_publications(self.broker, name, settings.topic_prefix)
        self.relay = OutboxRelay(
            self.engine,
            tables,
            settings,
            f"onecouncil-{name}-relay",
            interval_s=settings.relay_interval_ms / 1000,
            service=name,
        )
        self.single_replica = SingleReplica(self.engine, name)
        self.checkpointer = Checkpointer(
            engine=self.engine,
            tables=tables,
            signer=self.signer,
            topic_prefix=settings.topic_prefix,
            interval_s=settings.checkpoint_interval_s,
            folder=settings.checkpoint_folder(),
        )
        self._background: list[BackgroundTask] = [self.relay.run, self.checkpointer.run]
        self._tasks: list[asyncio.Task[None]] = []

    def topic(self, logical: str) -> str:
        """The physical name of a logical topic in this deployment."""
        return physical(logical, self.settings.topic_prefix)

    def add_background(self, task: BackgroundTask) -> None:
        """Run this coroutine function for the life of the process."""
        self._background.append(task)

    @property
    def schema_head(self) -> str:
        """This release's newest revision (read once: a release's revisions are fixed)."""
        if self._schema_head is None:
            self._schema_head = self.schema.head()
        return self._schema_head

    def schema_refusal(self) -> str | None:
        """Why this service must not start on its database (behind, empty, unknown
        revision), naming the command to run; None when the schema is at this release's head."""
        return self.schema.refusal(self.engine)

    async def start(self) -> None:
        """Check the schema, create topics, connect the broker, start background tasks."""
        self.single_replica.claim()  # SQLite: refuse to be a second replica on one file
        refusal = await asyncio.to_thread(self.schema_refusal)
        if refusal:
            self.single_replica.release()
            raise SchemaNotCurrent(refusal)
        await _retrying(
            "kafka.topics",
            lambda: ensure_topics(
                self.settings,
                [self.topic(name) for name in ALL_TOPICS],
                self.settings.topic_partitions,
            ),
        )
        await _retrying("kafka.connect", self.broker.start)
        self._tasks = [asyncio.create_task(task()) for task in self._background]
        quieten_garbage_collector()
        log.info("service.started", service=self.name, port=self.settings.http_port)

    async def stop(self) -> None:
        """Stop background tasks and the broker; safe to call once started."""
        for task in self._tasks:
            task.cancel()
        await _within_grace("background", asyncio.gather(*self._tasks, return_exceptions=True))
        if self._tasks:  # started: sign a last checkpoint over everything published
            await _within_grace("checkpoint", self._last_checkpoint())
        await _within_grace("kafka.broker", self.broker.stop())
        self.engine.dispose()
        self.single_replica.release()
        log.info("service.stopped", service=self.name)

    async def _last_checkpoint(self) -> None:
        try:
            await self.relay.drain()
            await asyncio.to_thread(self.checkpointer.sign)
            await self.relay.drain()  # the checkpoint itself, while Kafka answers
        except Exception as error:  # it stays in the outbox and the file: published next start
            log.warning("checkpoint.last_not_published", error=str(error))

    async def kafka_answers(self) -> bool:
        """Whether the broker answers a ping within two seconds."""
        try:
            return bool(await self.broker.ping(timeout=2.0))
        except Exception:
            return False

    async def health(self) -> dict[str, Any]:
        """Whether Kafka and the database answer right now."""
        kafka_ok = await self.kafka_answers()
        database_ok = await asyncio.to_thread(database_is_reachable, self.engine)
        return {
            "service": self.name,
            "status": "ok" if kafka_ok and database_ok else "degraded",
            "kafka": "connected" if kafka_ok else "unreachable",
            "database": "connected" if database_ok else "unreachable",
        }

    @asynccontextmanager
    async def lifespan(self, app: FastAPI) -> AsyncIterator[None]:
        """FastAPI lifespan: start with the app, stop on shutdown (SIGTERM)."""
        app.state.token_verifier = self.settings.token_verifier()
        app.state.runtime = self
        await self.start()
        try:
            yield
        finally:
            await self.stop()


def quieten_garbage_collector() -> None:
    """Take what start-up built (modules, app, broker) out of the collector's sight, and let
    it run less often.

    Consumers allocate many short-lived objects per batch (decoded events, pydantic models,
    rows) and almost none of them form cycles: with the default thresholds the collector
    ran every 700 allocations and went over every long-lived object again and again —
    a fifth to a quarter of the Workflow tracker's CPU time in-process. Cycles
    are still collected, a little later."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


GC_YOUNG_THRESHOLD = 10_000


# How long each shutdown step may take. aiokafka's consumer can wait for ever for a group
# coordinator that is gone (a broker stopped first): the process must still exit, and
# anything applied but not committed is read again and skipped by the inbox.
STOP_GRACE_S = 20.0


async def _within_grace(step: str, stopping: Awaitable[Any]) -> None:
    try:
        await asyncio.wait_for(stopping, STOP_GRACE_S)
    except TimeoutError:
        log.warning("service.stop_overran", step=step, grace_s=STOP_GRACE_S)


async def _retrying(step: str, attempt: Callable[[], Awaitable[Any]], tries: int = 12) -> None:
    """Start-up steps that need Kafka: a broker restarting is waited for, not fatal at once."""
    delay = 0.5
    for remaining in range(tries - 1, -1, -1):
        try:
            await attempt()
            return
        except Exception as error:
            if remaining == 0:
                raise
            log.warning("service.start_retry", step=step, error=str(error), retry_in_s=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
