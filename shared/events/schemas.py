"""Typed envelopes, one per event, for documentation (the AsyncAPI catalogue).

On the wire every event is an `Envelope` whose `payload` is the event's own model. These
classes spell that out per event type, so the generated AsyncAPI document shows each
event's fields and descriptions. Readers still go through `catalogue.read_event`.
"""

from __future__ import annotations

from typing import Any, Literal, cast

from pydantic import Field, create_model

from shared.events.base import EventPayload
from shared.events.catalogue import CATALOGUE
from shared.events.envelope import Envelope


def typed_envelope(payload_type: type[EventPayload]) -> type[Envelope]:
    """`<EventType>Event`: the envelope with this event's type and payload filled in."""
    model: type[Envelope] = create_model(
        f"{payload_type.EVENT_TYPE}Event",
        __base__=Envelope,
        __doc__=payload_type.__doc__,
        event_type=(cast(Any, Literal[payload_type.EVENT_TYPE]), Field(description="Wire name.")),
        schema_version=(
            cast(Any, Literal[payload_type.SCHEMA_VERSION]),
            Field(description="Version."),
        ),
        payload=(payload_type, ...),
    )
    return model


TYPED_ENVELOPES: dict[str, type[Envelope]] = {
    name: typed_envelope(payload_type) for name, payload_type in CATALOGUE.items()
}


def events_published_by(producer: str) -> dict[str, list[type[EventPayload]]]:
    """Logical topic → the event types this producer publishes on it."""
    by_topic: dict[str, list[type[EventPayload]]] = {}
    for payload_type in CATALOGUE.values():
        topic = payload_type.TOPIC or payload_type.TOPIC_OF_PRODUCER.get(producer, "")
        if topic.split(".", 1)[0] == producer:
            by_topic.setdefault(topic, []).append(payload_type)
    return by_topic


def topic_schema(payload_types: list[type[EventPayload]]) -> Any:
    """The union of the typed envelopes that may appear on one topic."""
    members = tuple(TYPED_ENVELOPES[p.EVENT_TYPE] for p in payload_types)
    if len(members) == 1:
        return members[0]
    from typing import Union

    return Union[members]  # noqa: UP007 - built at run time from a tuple
