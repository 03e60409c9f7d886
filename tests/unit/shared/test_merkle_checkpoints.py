"""RFC 6962 tree hashing kept as a compact range, and checkpoints as C2SP signed notes."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime

import pytest

from shared.events.checkpoints import (
    Checkpoint,
    NoteUnreadable,
    origin_of,
    parse_note,
    producer_signed,
    sign_checkpoint,
    signed_by,
)
from shared.events.keys import KeyRegistry, RegisteredKey
from shared.events.merkle import EMPTY_ROOT, CompactRange, root_of
from shared.events.signing import Signer

REGISTRY = KeyRegistry.load()


def test_the_compact_range_gives_rfc_6962s_root_at_every_size() -> None:
    leaves = [hashlib.sha256(str(n).encode()).digest() for n in range(70)]
    tree = CompactRange()
    assert tree.root() == EMPTY_ROOT == hashlib.sha256(b"").digest()
    for size, leaf in enumerate(leaves, start=1):
        tree.append(leaf)
        assert tree.root() == root_of(leaves[:size])
        assert len(tree.hashes) == size.bit_count()
    again = CompactRange.from_text(tree.size, tree.to_text())
    assert again.root() == tree.root()
    with pytest.raises(ValueError, match="a tree of 70 leaves has 3 subtrees"):
        CompactRange.from_text(70, tree.hashes[0].hex())


def test_rfc_6962s_leaf_and_node_hashes_are_domain_separated() -> None:
    one, two = b"a" * 32, b"b" * 32
    expected = hashlib.sha256(
        b"\x01" + hashlib.sha256(b"\x00" + one).digest() + hashlib.sha256(b"\x00" + two).digest()
    ).digest()
    assert root_of([one, two]) == expected


def _checkpoint(producer: str = "hr", size: int = 3) -> Checkpoint:
    return Checkpoint(
        origin=origin_of(producer), size=size, root=b"\x07" * 32,
        signed_at=datetime(2027, 1, 15, 10, tzinfo=UTC),
    )  # fmt: skip


def test_a_checkpoint_is_a_signed_note_its_producers_key_verifies() -> None:
    note = sign_checkpoint(_checkpoint(), Signer.development("hr")).note
    lines = note.split("\n")
    assert lines[:4] == ["onecouncil/hr", "3", "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=",
                         "time 2027-01-15T10:00:00+00:00"]  # fmt: skip
    assert lines[4] == "" and lines[5].startswith("\u2014 onecouncil-hr ")
    parsed = parse_note(note)
    assert (parsed.size, parsed.root) == (3, b"\x07" * 32)
    assert producer_signed(parsed, REGISTRY)


def test_a_checkpoint_altered_or_signed_by_another_key_is_not_its_producers() -> None:
    signed = sign_checkpoint(_checkpoint(), Signer.development("hr"))
    grown = signed.note.replace("\n3\n", "\n4\n", 1)
    assert not producer_signed(parse_note(grown), REGISTRY)
    finance_signed = sign_checkpoint(_checkpoint(), Signer.development("finance"))
    assert not producer_signed(finance_signed, REGISTRY)  # finance's key, hr's log
    forger = sign_checkpoint(_checkpoint(), Signer.from_seed("hr", os.urandom(32)))
    assert not producer_signed(forger, REGISTRY)


def test_a_witness_cosigns_the_same_text_and_both_signatures_verify() -> None:
    producer, witness = Signer.development("hr"), Signer.from_seed("audit", os.urandom(32))
    cosigned = parse_note(sign_checkpoint(sign_checkpoint(_checkpoint(), producer), witness).note)
    assert len(cosigned.signatures) == 2
    witness_key = RegisteredKey(key_id=witness.key_id, producer="audit",
                                public_key=witness.public_key)  # fmt: skip
    assert signed_by(cosigned, witness_key, witness.name)
    assert producer_signed(cosigned, REGISTRY)


def test_a_note_without_signatures_size_or_time_is_unreadable() -> None:
    with pytest.raises(NoteUnreadable, match="no blank line"):
        parse_note("onecouncil/hr\n3\nAAAA\n")
    with pytest.raises(NoteUnreadable, match="unreadable size"):
        parse_note("onecouncil/hr\nthree\nAAAA\ntime 2027-01-15T10:00:00+00:00\n\n\u2014 x y\n")
    with pytest.raises(NoteUnreadable, match="unreadable size"):
        parse_note("onecouncil/hr\n3\nAAAA\n\n\u2014 x y\n")
