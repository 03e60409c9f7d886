"""Fast JSON decoding and hash checking for the replay loop.

orjson (when installed) decodes and serialises several times faster than the standard
library. The hash is defined over `shared.events.envelope.canonical_json` (standard-library
form); orjson's sorted-keys output is byte-identical for ordinary events. When the fast hash
does not match, the standard-library check decides, so a difference in float or escape
formatting can never turn into a false "altered" finding.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from shared.events.catalogue import MAX_EVENT_BYTES, UnreadableEvent
from shared.events.envelope import hash_is_valid

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


def hash_check(document: dict[str, Any]) -> bool:
    """True when the document's `hash` matches its content (same answer as `hash_is_valid`)."""
    stated = document.get("hash")
    if orjson is not None and isinstance(stated, str):
        # Take `hash` out and put it back rather than copy the document: this runs per event.
        del document["hash"]
        try:
            canonical = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
        except TypeError:
            canonical = b""
        finally:
            document["hash"] = stated
        if hashlib.sha256(canonical).hexdigest() == stated:
            return True
    return hash_is_valid(document)
