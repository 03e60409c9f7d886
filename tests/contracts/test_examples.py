"""Every event at every schema version has a stored example that still reads.

Examples are never edited: an old version's example is how we prove years of log stay
readable. A new version adds a new example file and an upcaster.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.events.catalogue import CATALOGUE, read_document
from shared.events.envelope import hash_is_valid

EXAMPLES = Path(__file__).parent / "examples"
VERSIONS = [(name, v) for name, cls in CATALOGUE.items() for v in range(1, cls.SCHEMA_VERSION + 1)]


@pytest.mark.parametrize(("event_type", "version"), VERSIONS)
def test_the_stored_example_reads_through_the_upcasters(event_type: str, version: int) -> None:
    path = EXAMPLES / f"{event_type}.v{version}.json"
    assert path.exists(), f"add an example of {event_type} version {version} at {path}"
    document = json.loads(path.read_text())
    assert hash_is_valid(document)
    event = read_document(document)
    assert event.envelope.event_type == event_type
    assert type(event.payload) is CATALOGUE[event_type]


def test_there_is_no_example_for_an_event_the_catalogue_does_not_know() -> None:
    known = {f"{name}.v{version}.json" for name, version in VERSIONS}
    assert {path.name for path in EXAMPLES.glob("*.json")} <= known
