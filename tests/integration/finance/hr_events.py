"""Write HR's events straight to the topic, as HR's relay would: sealed envelopes, each post's
stream numbered 1, 2, 3… with its hash chain."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

from aiokafka import AIOKafkaProducer

from shared.events import hr
from shared.events.base import EventPayload
from shared.events.envelope import seal


class HrStream:
    """Makes envelope documents for HR's post streams, continuing each post's chain."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[int, str | None]] = {}

    def document(
        self, payload: EventPayload, department: str = "CS", event_type: str | None = None
    ) -> dict[str, Any]:
        post = str(getattr(payload, "post_number"))  # noqa: B009 - every HR payload has one
        sequence, prev_hash = self._last.get(post, (0, None))
        now = datetime.now(UTC).isoformat()
        sealed = seal(
            {
                "event_id": str(uuid.uuid4()),
                "event_type": event_type or payload.EVENT_TYPE,
                "schema_version": payload.SCHEMA_VERSION,
                "occurred_at": now,
                "recorded_at": now,
                "effective_date": None,
                "producer": "hr",
                "aggregate_type": "post",
                "aggregate_id": post,
                "sequence": sequence + 1,
                "correlation_id": str(uuid.uuid4()),
                "causation_id": None,
                "actor": {"id": "hr-officer-1", "role": "hr_staff", "department": None},
                "department": department,
                "payload": payload.model_dump(mode="json"),
                "prev_hash": prev_hash,
            }
        )
        self._last[post] = (sequence + 1, sealed["hash"])
        return sealed


async def write(
    bootstrap: str, topic: str, messages: list[tuple[str, bytes | dict[str, Any]]]
) -> None:
    """Write (key, document or raw bytes) to the topic, in order, and wait until Kafka has them."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True)
    await producer.start()
    try:
        for key, body in messages:
            value = body if isinstance(body, bytes) else json.dumps(body).encode()
            await producer.send_and_wait(topic, value, key=key.encode())
    finally:
        await producer.stop()


def proposed(
    post: str, transfer: str, cost: int, cost_centre: str = "CS-FIN-01", department: str = "CS"
) -> hr.TransferProposed:
    return hr.TransferProposed(
        post_number=post,
        transfer_id=transfer,
        function="FIN",
        from_department=department,
        target_team="FIN",
        effective_date=date(2026, 10, 1),
        reason="One Council",
        cost_centre=cost_centre,
        annual_cost=cost,
        fte=1.0,
    )


def approved(post: str, transfer: str) -> hr.TransferApproved:
    return hr.TransferApproved(
        post_number=post, transfer_id=transfer, target_team="FIN", effective_date=date(2026, 10, 1)
    )


def effective(post: str, transfer: str, cost: int, on: date) -> hr.TransferEffective:
    return hr.TransferEffective(
        post_number=post,
        transfer_id=transfer,
        from_department="CS",
        target_team="FIN",
        effective_date=on,
        annual_cost=cost,
        fte=1.0,
        cost_centre="CS-FIN-01",
    )


def cancelled(post: str, transfer: str) -> hr.TransferCancelled:
    return hr.TransferCancelled(
        post_number=post, transfer_id=transfer, reason="restructure paused", stage="approved"
    )
