"""Reading events: what is accepted, and the reason given for what is set aside."""

from __future__ import annotations

import json
from datetime import date

import pytest

from shared.events import catalogue
from shared.events.catalogue import UnreadableEvent, read_event
from shared.events.envelope import hash_is_valid
from shared.events.hr import PostRegistered
from tests.support.envelopes import StreamWriter, to_bytes
from tests.support.events import proposed, registered

POST = registered("10423")


def test_a_valid_event_is_read_with_its_typed_payload() -> None:
    document = StreamWriter("hr").document(POST, "10423", "CS")
    event = read_event(to_bytes(document))
    assert isinstance(event.payload, PostRegistered)
    assert event.payload.annual_cost == 41_000
    assert event.envelope.sequence == 1


def test_each_event_seals_the_previous_one_in_its_aggregate() -> None:
    writer = StreamWriter("hr")
    first = writer.document(POST, "10423", "CS")
    second = writer.document(proposed("10423", "T1", date(2027, 4, 1)), "10423", "CS")
    assert second["prev_hash"] == first["hash"]
    assert hash_is_valid(first) and hash_is_valid(second)
    assert not hash_is_valid({**first, "payload": {**first["payload"], "annual_cost": 1}})


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", "malformed_json"),
        (b"[1, 2]", "malformed_json"),
        (b"\xff\xfe", "malformed_json"),
        (b"{}", "invalid_envelope"),
        (None, "empty"),
        (b" " * (catalogue.MAX_EVENT_BYTES + 1), "too_large"),
    ],
)
def test_unreadable_messages_are_refused_with_a_reason(body: bytes | None, code: str) -> None:
    with pytest.raises(UnreadableEvent) as refused:
        read_event(body)
    assert refused.value.code == code
    assert refused.value.reason


def test_an_unknown_event_type_is_refused() -> None:
    document = StreamWriter("hr").document(POST, "10423", event_type="PostTeleported")
    with pytest.raises(UnreadableEvent, match="unknown event type 'PostTeleported'"):
        read_event(to_bytes(document))


def test_a_newer_schema_version_than_the_reader_knows_is_refused() -> None:
    document = StreamWriter("hr").document(POST, "10423", schema_version=99)
    with pytest.raises(UnreadableEvent) as refused:
        read_event(to_bytes(document))
    assert refused.value.code == "unknown_schema_version"


def test_a_payload_that_fails_validation_names_the_field() -> None:
    document = StreamWriter("hr").document(POST, "10423")
    document["payload"]["fte"] = -1
    with pytest.raises(UnreadableEvent) as refused:
        read_event(json.dumps(document).encode())
    assert refused.value.code == "invalid_payload"
    assert "fte" in refused.value.reason


def test_old_versions_are_upcast_before_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    # A hypothetical v2 of PostRegistered whose titles are stored in capitals.
    class PostRegisteredV2(PostRegistered):
        SCHEMA_VERSION = 2

    monkeypatch.setitem(catalogue.CATALOGUE, "PostRegistered", PostRegisteredV2)
    monkeypatch.setitem(
        catalogue.UPCASTERS,
        ("PostRegistered", 1),
        lambda payload: {**payload, "title": payload["title"].upper()},
    )
    event = read_event(to_bytes(StreamWriter("hr").document(POST, "10423")))
    assert event.payload.title == "FINANCE OFFICER"  # type: ignore[attr-defined]


def test_extra_fields_from_a_newer_producer_are_tolerated() -> None:
    document = StreamWriter("hr").document(POST, "10423")
    document["payload"]["room_number"] = "B12"
    document["brand_new_envelope_field"] = True
    assert read_event(json.dumps(document).encode()).payload == POST
