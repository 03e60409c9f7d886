"""Publish milestones exactly once: a `published_milestones` row guards each, written in the
same transaction as its outbox row, so redelivered or refolded events never publish twice."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from services.workflow.adapters.journey_store import chunks
from services.workflow.adapters.tables import messaging, published_milestones
from shared.events.envelope import Actor
from shared.persistence.outbox import EventContext, NewEvent, record_events

SYSTEM_ACTOR = Actor(id="workflow", role="system")


@dataclass(frozen=True, slots=True)
class Milestone:
    """A milestone Workflow has decided on, and the key that makes it happen once."""

    key: str
    event: NewEvent


def publish_once(
    connection: Connection, milestones: Sequence[Milestone], topic_prefix: str, now: datetime
) -> int:
    """Put the milestones not yet published in the outbox; return how many were new."""
    keys = sorted({milestone.key for milestone in milestones})
    done: set[str] = set()
    for part in chunks(keys):
        query = select(published_milestones.c.milestone_key).where(
            published_milestones.c.milestone_key.in_(part)
        )
        done.update(connection.scalars(query))
    fresh: list[Milestone] = []
    for milestone in milestones:
        if milestone.key not in done:
            done.add(milestone.key)
            fresh.append(milestone)
    if not fresh:
        return 0
    context = EventContext(
        producer="workflow",
        actor=SYSTEM_ACTOR,
        correlation_id=uuid.uuid4(),
        topic_prefix=topic_prefix,
    )
    documents = record_events(connection, messaging, context, [m.event for m in fresh], now)
    connection.execute(
        insert(published_milestones),
        [
            {"milestone_key": m.key, "event_id": d["event_id"], "published_at": now.isoformat()}
            for m, d in zip(fresh, documents, strict=True)
        ],
    )
    return len(fresh)
