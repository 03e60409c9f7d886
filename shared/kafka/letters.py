"""The dead letter an operator means, and what a redrive of it may apply.

Read under the consumer's lock, in the resolving transaction (`resolving.py`).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select

from shared.events.catalogue import ReadEvent, UnreadableEvent, read_event
from shared.kafka.consuming import EventConsumer
from shared.kafka.parking import OPEN
from shared.kafka.trust import DISTRUST_CODES, distrust


class DeadLetterNotFound(Exception):
    """No dead letter with this id for this consumer."""


class ResolutionRefused(Exception):
    """The dead letter cannot be resolved this way; the message says why, nothing changed."""


def first_open_letter(connection: Connection, consumer: EventConsumer, letter_id: int) -> Any:
    table = consumer.tables.dead_letters
    letter = connection.execute(
        select(table).where(table.c.id == letter_id, table.c.consumer == consumer.name)
    ).first()
    if letter is None:
        raise DeadLetterNotFound(f"there is no dead letter {letter_id} for {consumer.name}")
    if letter.status != OPEN:
        raise ResolutionRefused(
            f"dead letter {letter_id} was already {letter.status} by {letter.resolved_by}"
        )
    if letter.aggregate_key is not None:
        earlier = connection.scalar(
            select(table.c.id).where(
                table.c.consumer == consumer.name,
                table.c.status == OPEN,
                table.c.aggregate_key == letter.aggregate_key,
                table.c.id < letter_id,
            )
        )
        if earlier is not None:
            raise ResolutionRefused(
                f"resolve dead letter {earlier} first: it came earlier for {letter.aggregate_key!r}"
            )
    return letter


def redrivable(consumer: EventConsumer, letter: Any, corrected: bytes | None) -> ReadEvent:
    """The event a redrive may apply: never one the consumer distrusted as it was, and a
    correction changes the payload only (trust.py: who sent it, where, about what)."""
    if corrected is None:
        if letter.code in DISTRUST_CODES:
            raise ResolutionRefused(
                f"dead letter {letter.id} was refused as untrustworthy ({letter.code}: "
                f"{letter.reason}); it can be discarded, not redriven"
            )
        return _readable(letter.id, letter.body)
    event = _readable(letter.id, corrected)
    if letter.aggregate_key and event.envelope.aggregate_id != letter.aggregate_key:
        raise ResolutionRefused(
            f"the corrected event is about {event.envelope.aggregate_id!r}, "
            f"not {letter.aggregate_key!r}"
        )
    refused = distrust(event, letter.source_topic, consumer.dead_letters.prefix)
    if refused is not None and refused.code not in CORRECTION_BREAKS:
        raise ResolutionRefused(f"the corrected event cannot be applied: {refused.reason}")
    _only_the_payload_changed(letter, event)
    return event


def _only_the_payload_changed(letter: Any, corrected: ReadEvent) -> None:
    # Compared as sent, not as validated: an invalid payload must not hide the envelope.
    try:
        original = json.loads(letter.body)
    except ValueError:
        return  # not JSON at all: the aggregate check above still holds
    if not isinstance(original, dict):
        return
    changed = [name for name in UNCHANGEABLE if original.get(name) != corrected.document.get(name)]
    if changed:
        raise ResolutionRefused(
            "a correction may change the payload only, not the event's "
            + ", ".join(name.replace("_", " ") for name in changed)
        )


# A correction changes the payload, so its hash and the producer's signature no longer hold:
# its authority is the resolution recorded (and signed) on the resolving service's topic.
CORRECTION_BREAKS = frozenset({"hash_mismatch", "bad_signature", "unsigned"})

# What a corrected redrive may never change: which event it is, who sent it, about what.
UNCHANGEABLE = ("event_id", "event_type", "producer", "aggregate_type", "aggregate_id", "actor")


def _readable(letter_id: int, body: bytes) -> ReadEvent:
    try:
        return read_event(body)
    except UnreadableEvent as error:
        raise ResolutionRefused(
            f"dead letter {letter_id} is still unreadable ({error.code}: {error.reason}); "
            "redrive it with a corrected body, or discard it"
        ) from None
