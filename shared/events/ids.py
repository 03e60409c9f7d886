"""Event ids: UUIDs that sort by the time they were made (UUIDv7, RFC 9562).

Every consumer indexes events by id (inboxes, the feed, the tracker's facts). With random
(version 4) ids each insert lands on a random page of those indexes, so a batch of a few
thousand events dirties a few thousand pages and the commit writes them all; ids that grow
with time are appended at the end of the index instead. Still globally unique: 74 random
bits per millisecond."""

from __future__ import annotations

import os
import time
import uuid

_VERSION_7 = 0x7 << 76
_VARIANT_RFC = 0x2 << 62
_VERSION_AND_VARIANT = (0xF << 76) | (0x3 << 62)


def new_event_id() -> uuid.UUID:
    """A new UUIDv7: Unix time in milliseconds (48 bits), then version, random and variant."""
    milliseconds = time.time_ns() // 1_000_000
    value = (milliseconds << 80) | int.from_bytes(os.urandom(10), "big")
    return uuid.UUID(int=(value & ~_VERSION_AND_VARIANT) | _VERSION_7 | _VARIANT_RFC)
