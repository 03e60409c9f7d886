"""The committed AsyncAPI document is the one the code generates, and names every event."""

from __future__ import annotations

import yaml

from deploy.asyncapi.generate import DOCUMENT, render
from shared.events.catalogue import CATALOGUE
from shared.events.topics import ALL_TOPICS


def test_the_committed_asyncapi_document_matches_the_code() -> None:
    assert DOCUMENT.read_text() == render(), "run: python -m deploy.asyncapi.generate"


def test_the_document_describes_every_topic_and_every_event() -> None:
    document = yaml.safe_load(DOCUMENT.read_text())
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert set(ALL_TOPICS) <= addresses
    schemas = document["components"]["schemas"]
    for event_type, payload_type in CATALOGUE.items():
        assert f"{event_type}Event" in schemas, f"{event_type} is missing from the catalogue"
        assert payload_type.__name__ in schemas
