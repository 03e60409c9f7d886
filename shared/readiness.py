"""Whether a service may be sent work: its database and Kafka answer, its schema is at this
release's revision, and every consumer has been given its partitions by its group.

`/health/live` asks only whether the process answers (restart it if not); `/health/ready`
asks all of this (send it no traffic until it is). An instance that its group gave no
partition (more instances than partitions) stays not ready: it would apply nothing.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from alembic.runtime.migration import MigrationContext

from shared.persistence.engine import database_is_reachable

if TYPE_CHECKING:
    from shared.runtime import ServiceRuntime


async def readiness(runtime: ServiceRuntime) -> dict[str, Any]:
    """The readiness report: `status` is "ready" only when every check passes."""
    database_ok = await asyncio.to_thread(database_is_reachable, runtime.engine)
    kafka_ok = await runtime.kafka_answers()
    schema = await asyncio.to_thread(_schema, runtime) if database_ok else {"status": "unknown"}
    consumers = consumer_assignments(runtime)
    ready = (
        database_ok
        and kafka_ok
        and schema["status"] == "at head"
        and all(consumer["status"] == "assigned" for consumer in consumers.values())
    )
    return {
        "service": runtime.name,
        "status": "ready" if ready else "not ready",
        "database": "connected" if database_ok else "unreachable",
        "kafka": "connected" if kafka_ok else "unreachable",
        "schema": schema,
        "consumers": consumers,
    }


def consumer_assignments(runtime: ServiceRuntime) -> dict[str, dict[str, Any]]:
    """Each consumer group of this service: the partitions this instance holds now."""
    groups: dict[str, dict[str, Any]] = {}
    for subscriber in runtime.broker.subscribers:
        # Kafka subscribers: the group they joined and the client they consume with.
        consumer = getattr(subscriber, "consumer", None)
        held = consumer.assignment() if consumer is not None else set()
        groups[str(getattr(subscriber, "group_id", ""))] = {
            "partitions": len(held),
            "status": "assigned" if held else "waiting for assignment",
        }
    return groups


def _schema(runtime: ServiceRuntime) -> dict[str, Any]:
    with runtime.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    head = runtime.schema_head
    status = "at head" if current == head else "not at head: run `onecouncil db upgrade`"
    return {"revision": current, "head": head, "status": status}
