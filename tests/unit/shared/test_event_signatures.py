"""Each producer signs the hash of what it publishes; the key registry says which key
speaks for whom, and why an event's signature cannot be trusted when it cannot."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.events import hr
from shared.events.envelope import hash_is_valid
from shared.events.keys import KeyRegistry, RegisteredKey, registry_entry
from shared.events.signing import Signer, SigningKeyUnreadable, key_hash, parse_seed
from tests.support.envelopes import StreamWriter, unsigned

REGISTRY = KeyRegistry.load()


def updated(writer: StreamWriter, reason: str = "regrade") -> dict[str, object]:
    return writer.document(hr.PostUpdated(post_number="10423", reason=reason), "10423")


def test_a_producers_event_carries_its_key_id_inside_the_hash_and_verifies() -> None:
    document = updated(StreamWriter("hr"))
    assert document["key_id"] == Signer.development("hr").key_id
    assert hash_is_valid(document)
    assert REGISTRY.refusal(document) is None
    assert hash_is_valid({**document, "signature": "other"})  # the signature is not hashed
    assert not hash_is_valid({**document, "key_id": "onecouncil-hr+00000000"})


def test_a_key_id_is_the_signed_note_key_hash_of_the_name_and_public_key() -> None:
    signer = Signer.development("finance")
    name, hashed = signer.key_id.split("+")
    assert name == "onecouncil-finance"
    assert bytes.fromhex(hashed) == key_hash(name, signer.public_key) == signer.key_hash()


def test_an_unsigned_event_is_refused_while_signatures_are_required() -> None:
    document = unsigned(updated(StreamWriter("hr")))
    assert hash_is_valid(document)
    assert REGISTRY.refusal(document) == (
        "unsigned",
        "the event is not signed: nothing proves who wrote it",
    )
    assert (
        KeyRegistry(list(REGISTRY.keys.values()), require_signatures=False).refusal(document)
        is None
    )


def test_a_forgers_key_or_another_producers_key_is_refused() -> None:
    forger = Signer.from_seed("hr", os.urandom(32))
    code, reason = REGISTRY.refusal(updated(StreamWriter("hr", forger))) or ("", "")
    assert code == "unknown_key" and "which the key registry lacks" in reason
    posing = updated(StreamWriter("hr", Signer.development("finance")))
    assert REGISTRY.refusal(posing) == (
        "unknown_key",
        f"signed with 'finance''s key {Signer.development('finance').key_id}, not one of 'hr''s",
    )


def test_a_signature_moved_onto_other_content_is_a_bad_signature() -> None:
    writer = StreamWriter("hr")
    first, second = updated(writer, "a"), updated(writer, "b")
    moved = {**second, "signature": first["signature"]}
    assert REGISTRY.refusal(moved) == (
        "bad_signature",
        "the signature does not match the event: not its producer's",
    )
    assert REGISTRY.refusal({**second, "signature": "not base64!"})[0] == "bad_signature"  # type: ignore[index]


def test_a_key_signs_only_within_its_validity(tmp_path: Path) -> None:
    signer = Signer.development("hr")
    entry = registry_entry(signer.key_id, "hr", signer.public_key)
    entry["valid_until"] = "2020-01-01T00:00:00+00:00"
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"keys": [entry]}))
    document = updated(StreamWriter("hr"))
    assert KeyRegistry.load(path).refusal(document) == (
        "unknown_key",
        f"key {signer.key_id} was not valid when the event was recorded",
    )


def test_the_repository_registry_holds_each_producers_development_key() -> None:
    for producer in ("hr", "finance", "workflow"):
        signer = Signer.development(producer)
        key = REGISTRY.keys[signer.key_id]
        assert isinstance(key, RegisteredKey)
        assert (key.producer, key.public_key) == (producer, signer.public_key)


def test_a_signing_key_is_read_as_base64_seed_or_pem_and_refused_otherwise() -> None:
    seed = os.urandom(32)
    assert parse_seed(base64.b64encode(seed).decode()) == seed
    pem = Ed25519PrivateKey.from_private_bytes(seed).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )  # fmt: skip
    assert parse_seed(pem.decode()) == seed
    with pytest.raises(SigningKeyUnreadable, match="holds 3 bytes"):
        parse_seed(base64.b64encode(b"abc").decode())
    with pytest.raises(SigningKeyUnreadable, match="not base64"):
        parse_seed("not a key")
