"""Fast JSON decoding for the replay loop (the hash check, `hash_is_valid`, is shared with
every consumer in `shared.events.envelope`).

orjson (when installed) decodes several times faster than the standard library.
"""

from __future__ import annotations

import json
from typing import Any

from shared.events.catalogue import MAX_EVENT_BYTES, UnreadableEvent

try:
    import orjson
except ImportError:  # pragma: no cover - the standard library is the fallback
    orjson = None  # type: ignore[assignment]


def decode(body: bytes | None) -> dict[str, Any]:
    """The message body as a JSON object, or `UnreadableEvent` saying why not."""
    if body is None:
        raise UnreadableEvent("empty", "the message has no body")
    if len(body) > MAX_EVENT_BYTES:
        raise UnreadableEvent("too_large", f"{len(body)} bytes is over {MAX_EVENT_BYTES}")
    try:
        document = orjson.loads(body) if orjson is not None else json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise UnreadableEvent("malformed_json", f"not JSON: {error}") from None
    if not isinstance(document, dict):
        raise UnreadableEvent("malformed_json", "the message is JSON but not an object")
    return document
