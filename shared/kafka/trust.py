"""What a consumer checks before it trusts an event: a well-formed message is not enough.

- **The producer owns the topic.** Topics are `<owner>.<name>`; only `hr` publishes on
  `hr.*`, and so on. An event on `hr.posts` whose envelope says `finance` is refused.
- **The event type belongs on the topic** (`catalogue.events_on`): a `BudgetCheckPassed`
  on `hr.posts` is refused, wherever it claims to come from.
- **The hash matches the content**: an event altered after it was written is refused.
- **The producer signed it** (`shared/events/keys.py`): the signature over the hash
  verifies with a key the registry gives to that producer, valid when it was recorded. An
  unsigned event is refused while signatures are required (the default). This is what
  stops a process that can write to the broker from speaking for another service: the
  checks above only stop an event that contradicts itself.

A refused event is a dead letter with the reason, never an effect.
"""

from __future__ import annotations

from functools import cache

from shared.events.catalogue import ReadEvent, UnreadableEvent, events_on
from shared.events.envelope import hash_is_valid
from shared.events.keys import current_registry

# The codes of the refusals below: such a dead letter may be discarded, never redriven as is.
DISTRUST_CODES = frozenset(
    {"wrong_producer", "wrong_topic", "hash_mismatch", "unsigned", "unknown_key", "bad_signature"}
)


def distrust(event: ReadEvent, physical_topic: str, prefix: str) -> UnreadableEvent | None:
    """Why this event must not be applied, read from this topic; None when it may."""
    logical = physical_topic.removeprefix(prefix)
    owner = logical.split(".", 1)[0]
    envelope = event.envelope
    if envelope.producer != owner:
        return UnreadableEvent(
            "wrong_producer",
            f"{envelope.event_type} from {envelope.producer!r} on {logical}, which only "
            f"{owner!r} publishes",
        )
    if envelope.event_type not in event_types_on(logical):
        return UnreadableEvent("wrong_topic", f"{envelope.event_type} is not an event of {logical}")
    if not hash_is_valid(event.document):
        return UnreadableEvent(
            "hash_mismatch", "the event's hash does not match its content (altered)"
        )
    unsigned = current_registry().refusal(event.document)
    if unsigned is not None:
        return UnreadableEvent(*unsigned)
    return None


@cache
def event_types_on(logical_topic: str) -> frozenset[str]:
    return frozenset(payload_type.EVENT_TYPE for payload_type in events_on(logical_topic))
