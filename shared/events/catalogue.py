"""The event catalogue: every integration event by wire name, upcasters, and the reader.

`read_event` is the one way a consumer turns bytes into a typed event. It refuses with an
`UnreadableEvent` (carrying a reason code and words) anything it cannot trust, so the caller
can set the message aside on a dead-letter topic and go on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NamedTuple

import orjson
from pydantic import ValidationError

from shared.events import (
    benefits,
    consultation,
    finance,
    hr,
    interventions,
    milestones,
    programme,
    redesign,
    transparency,
)
from shared.events.base import EventPayload
from shared.events.envelope import Envelope
from shared.events.erasure import EVENTS as ERASURE_EVENTS
from shared.events.post_corrections import EVENTS as CORRECTION_EVENTS

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]

CATALOGUE: dict[str, type[EventPayload]] = {
    cls.EVENT_TYPE: cls
    for cls in (
        *hr.EVENTS,
        *consultation.EVENTS,
        *finance.EVENTS,
        *redesign.EVENTS,
        *milestones.EVENTS,
        *programme.EVENTS,
        *benefits.EVENTS,
        *interventions.EVENTS,
        *CORRECTION_EVENTS,
        *transparency.EVENTS,
        *ERASURE_EVENTS,
    )
}


def events_on(topic: str) -> list[type[EventPayload]]:
    """Every event class that may travel on this logical topic (redesign events travel on
    the topic of whichever service owns the process, interventions on the resolver's)."""
    return [
        payload_type
        for payload_type in CATALOGUE.values()
        if topic == payload_type.TOPIC or topic in payload_type.TOPIC_OF_PRODUCER.values()
    ]


# (event_type, from_version) -> function turning that version's payload into the next one.
# Add one whenever a payload changes in a way that is not purely additive.
UPCASTERS: dict[tuple[str, int], Upcaster] = {}

# Kafka's default limit is 1 MiB; our events are well under 2 KB. Anything this big is a
# mistake or an attack, and must not be parsed.
MAX_EVENT_BYTES = 256 * 1024


class UnreadableEvent(Exception):
    """A message that cannot be applied; `code` is machine-readable, the message is for people."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class ReadEvent(NamedTuple):
    """A message read and validated: the envelope, its typed payload, the raw document, and
    the event id as text (consumers key inboxes, facts and feeds by it: formatted once).

    A named tuple rather than a frozen dataclass: one is made per event read (the audit
    replay reads millions), and a tuple is made several times faster."""

    envelope: Envelope
    payload: EventPayload
    document: dict[str, Any]
    event_id: str


def upcast(event_type: str, version: int, payload: dict[str, Any]) -> dict[str, Any]:
    """Bring an old payload up to the current schema version, one step at a time."""
    current = CATALOGUE[event_type].SCHEMA_VERSION
    if version > current:
        raise UnreadableEvent(
            "unknown_schema_version",
            f"{event_type} version {version} is newer than this reader knows ({current})",
        )
    while version < current:
        step = UPCASTERS.get((event_type, version))
        if step is None:
            raise UnreadableEvent(
                "unknown_schema_version", f"no upcaster for {event_type} version {version}"
            )
        payload, version = step(payload), version + 1
    return payload


def read_event(body: bytes | None) -> ReadEvent:
    """Parse and validate one message body, or raise `UnreadableEvent` saying why not."""
    if body is None:
        raise UnreadableEvent("empty", "the message has no body")
    if len(body) > MAX_EVENT_BYTES:
        raise UnreadableEvent("too_large", f"{len(body)} bytes is over {MAX_EVENT_BYTES}")
    try:
        document = _decode(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableEvent("malformed_json", f"not JSON: {error}") from None
    if not isinstance(document, dict):
        raise UnreadableEvent("malformed_json", "the message is JSON but not an object")
    return read_document(document)


def _decode(body: bytes) -> Any:
    # orjson decodes several times faster; it refuses a few things the standard library
    # accepts (NaN, lone surrogates, huge integers), so on refusal the standard library
    # decides and the answer is exactly what it always was.
    try:
        return orjson.loads(body)
    except ValueError:
        return json.loads(body)


def read_document(document: dict[str, Any]) -> ReadEvent:
    """Validate an already-decoded envelope document and its payload."""
    try:
        envelope = Envelope.model_validate(document)
    except ValidationError as error:
        raise UnreadableEvent("invalid_envelope", _first_error(error)) from None
    payload_type = CATALOGUE.get(envelope.event_type)
    if payload_type is None:
        raise UnreadableEvent("unknown_event_type", f"unknown event type {envelope.event_type!r}")
    current = envelope.payload
    if not isinstance(current, dict):  # the envelope leaves the payload to its own model
        raise UnreadableEvent("invalid_envelope", "payload: Input should be a valid dictionary")
    if envelope.schema_version != payload_type.SCHEMA_VERSION:
        current = upcast(envelope.event_type, envelope.schema_version, current)
    try:
        payload = payload_type.model_validate(current)
    except ValidationError as error:
        raise UnreadableEvent("invalid_payload", _first_error(error)) from None
    event_id = _event_id_text(document.get("event_id"), envelope)
    return ReadEvent(envelope=envelope, payload=payload, document=document, event_id=event_id)


def _event_id_text(raw: object, envelope: Envelope) -> str:
    # The producer's text when it is already canonical (what `str(UUID)` gives): formatting
    # a UUID costs more than checking the text that was just validated as one.
    if isinstance(raw, str) and len(raw) == 36 and raw == raw.lower():  # noqa: SIM102
        if raw[8] == raw[13] == raw[18] == raw[23] == "-":
            return raw
    return str(envelope.event_id)


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "message"
    return f"{where}: {first['msg']} ({error.error_count()} error(s))"
