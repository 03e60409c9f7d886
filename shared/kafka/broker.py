"""The FastStream broker each service uses, and the one way its subscribers are declared.

Ack policy is chosen explicitly: NACK_ON_ERROR commits a batch's offsets only after the
handler returned, i.e. after its effect (and inbox rows) committed to the database. An
error rewinds to the batch's first record instead of skipping it. Auto-creation of topics
is off: topics are provisioned, with their partitions and retention, at start-up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from faststream import BaseMiddleware
from faststream.kafka import KafkaBroker
from faststream.middlewares import AckPolicy

from shared.config import ServiceSettings
from shared.events.topics import physical
from shared.kafka.security import kafka_security

log = structlog.get_logger(__name__)

BATCH_SIZE = 500


class LogContextMiddleware(BaseMiddleware):
    """Binds topic, partition and first offset of every handled batch to the log context."""

    async def consume_scope(self, call_next: Callable[[Any], Awaitable[Any]], msg: Any) -> Any:
        records = msg.raw_message if isinstance(msg.raw_message, tuple) else (msg.raw_message,)
        first = records[0] if records else None
        with structlog.contextvars.bound_contextvars(
            topic=getattr(first, "topic", None),
            partition=getattr(first, "partition", None),
            offset=getattr(first, "offset", None),
            batch=len(records),
        ):
            return await call_next(msg)


def make_broker(settings: ServiceSettings, service: str) -> KafkaBroker:
    """A broker for one service process; nothing is connected until `start()`."""
    # A list: FastStream passes a string on whole, and aiokafka would take "a:9092,b:9092"
    # for one host name (aiokafka's own clients split it; FastStream's broker does not).
    servers = [server.strip() for server in settings.kafka_bootstrap_servers.split(",")]
    return KafkaBroker(
        servers,
        client_id=f"onecouncil-{service}",
        allow_auto_create_topics=False,
        middlewares=[LogContextMiddleware],
        enable_idempotence=True,
        request_timeout_ms=15000,
        logger=None,
        security=kafka_security(settings),
    )


async def keep_raw(message: Any) -> Any:
    """A decoder that leaves bodies as bytes: `read_event` parses them once, properly."""
    return message.raw_message


def event_subscriber(
    broker: KafkaBroker,
    settings: ServiceSettings,
    logical_topics: tuple[str, ...],
    group_id: str,
    **options: Any,
) -> Callable[[Callable[..., Awaitable[None]]], Any]:
    """Declare a batch subscriber with the house ack policy and an explicit consumer group."""
    subscriber: Callable[[Callable[..., Awaitable[None]]], Any] = broker.subscriber(
        *(physical(name, settings.topic_prefix) for name in logical_topics),
        batch=True,
        max_records=options.pop("max_records", BATCH_SIZE),
        batch_timeout_ms=options.pop("batch_timeout_ms", 100),
        group_id=settings.topic_prefix + group_id,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.NACK_ON_ERROR,
        decoder=keep_raw,
        **options,
    )
    return subscriber
