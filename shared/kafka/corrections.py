"""A correction of another service's event needs two people: one proposes, another approves.

A corrected redrive applies bytes that were never on the log in place of an event another
service published: in one person's hands that is a way to write any fact into this service's
database. So the first redrive with a corrected body only stores it as a proposal (who, when,
why); someone else must approve it before it is applied. The letter stays open meanwhile;
a later proposal replaces an earlier one (and the approver must differ from its author).
Correcting an event this service itself published (Workflow reading its own programme
topic) needs one person, as before.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, update

from shared.events.catalogue import read_event
from shared.events.envelope import Actor
from shared.kafka.consuming import EventConsumer
from shared.kafka.interventions import owner_of
from shared.kafka.letters import ResolutionRefused


def corrects_another_service(consumer: EventConsumer, corrected: bytes) -> bool:
    """True when the corrected event was published by a service other than this one."""
    try:
        producer = read_event(corrected).envelope.producer
    except Exception:  # unreadable corrections are refused later, with the reason
        return False
    return producer != owner_of(consumer)


def store_proposal(
    connection: Connection,
    consumer: EventConsumer,
    letter: Any,
    who: Actor,
    reason: str,
    corrected: bytes,
    now: datetime,
) -> None:
    """Keep the corrected body as a proposal; nothing is applied."""
    table = consumer.tables.dead_letters
    connection.execute(
        update(table)
        .where(table.c.id == letter.id)
        .values(
            corrected_body=corrected,
            proposed_by=who.id,
            proposed_at=now,
            proposal_reason=reason,
        )
    )


def approved_proposal(letter: Any, who: Actor) -> tuple[bytes, str]:
    """The proposed body and its proposer, if `who` may approve it; else refused with why."""
    if letter.proposed_by is None or letter.corrected_body is None:
        raise ResolutionRefused(
            f"no correction is proposed for dead letter {letter.id}: redrive it with a "
            "corrected body first"
        )
    if letter.proposed_by == who.id:
        raise ResolutionRefused(
            f"{who.id} proposed this correction, so someone else must approve it"
        )
    return bytes(letter.corrected_body), str(letter.proposed_by)
