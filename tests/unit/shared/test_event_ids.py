"""Event ids are UUIDv7: unique, and ordered by the millisecond they were made."""

from __future__ import annotations

import time
import uuid

from shared.events.ids import new_event_id


def test_event_ids_are_version_7_rfc_uuids_carrying_the_time_they_were_made() -> None:
    before = time.time_ns() // 1_000_000
    made = new_event_id()
    after = time.time_ns() // 1_000_000
    assert made.version == 7 and made.variant == uuid.RFC_4122
    assert before <= made.int >> 80 <= after
    assert uuid.UUID(str(made)) == made


def test_ids_made_later_sort_after_earlier_ones_and_never_repeat() -> None:
    first = [new_event_id() for _ in range(1000)]
    time.sleep(0.002)
    second = [new_event_id() for _ in range(1000)]
    assert len(set(first + second)) == 2000
    assert max(str(made) for made in first) < min(str(made) for made in second)
