"""Per-aggregate integrity: sequences 1, 2, 3... with no gaps or repeats, and a hash chain.

Works on the raw document, before any upcast, because the hash seals the bytes as they were
produced. Memory stays small: per aggregate, 16 bytes of each event's hash (enough to tell a
redelivered duplicate from a different event at the same sequence) and the last sequence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from services.audit.domain.records import EventRef, Finding
from shared.events.envelope import hash_is_valid

HashCheck = Callable[[dict[str, Any]], bool]
# Why an event's signature does not prove its producer wrote it: (rule, words), or None.
SignatureCheck = Callable[[dict[str, Any]], "tuple[str, str] | None"]
DIGEST = 16
# A jump wider than this is reported as one range at once instead of number by number.
MAX_TRACKED_GAP = 10_000
_UNKNOWN = bytes(DIGEST)


class Verdict(Enum):
    """What the replay should do with the event after the integrity check."""

    FOLD = "fold"  # a new event: apply it
    DUPLICATE = "duplicate"  # the same event redelivered: count it, apply it once only
    CONFLICT = "conflict"  # another event claims a sequence already taken: reported, not applied
    # Not signed by its producer: reported, and not applied, as every consumer refuses it.
    DISTRUSTED = "distrusted"


@dataclass(slots=True, kw_only=True)
class _Stream:
    first: int  # sequence whose digest sits at digests[0:DIGEST]
    last: int
    digests: bytearray
    last_hash: object = None  # the full hash of sequence `last`: the common link check
    missing: dict[int, EventRef] = field(default_factory=dict)  # sequence -> event after the gap

    def digest_at(self, sequence: int) -> bytes:
        index = (sequence - self.first) * DIGEST
        if index < 0 or index >= len(self.digests):
            return _UNKNOWN
        return bytes(self.digests[index : index + DIGEST])

    def put(self, sequence: int, digest: bytes) -> None:
        index = (sequence - self.first) * DIGEST
        self.digests[index : index + DIGEST] = digest


def _digest(hex_hash: object) -> bytes:
    if isinstance(hex_hash, str):
        try:
            return bytes.fromhex(hex_hash[: 2 * DIGEST]).ljust(DIGEST, b"\0")
        except ValueError:
            pass
    return _UNKNOWN


class IntegrityLedger:
    """Checks every event of every aggregate as it is read, in log order."""

    def __init__(
        self,
        history_complete: bool = True,
        hash_check: HashCheck = hash_is_valid,
        signature_check: SignatureCheck | None = None,
    ):
        self.history_complete = history_complete  # False when reading from a date
        self._hash_check = hash_check
        self._signature_check = signature_check
        self._streams: dict[tuple[Any, Any], _Stream] = {}
        self.findings: list[Finding] = []
        self.duplicates = 0

    @property
    def aggregates(self) -> int:
        return len(self._streams)

    def observe(
        self, document: dict[str, Any], aggregate: tuple[Any, Any], ref: EventRef
    ) -> Verdict:
        """Check one raw document of the aggregate (type, id); record findings; fold it or not?"""
        sequence = document.get("sequence")
        if not isinstance(sequence, int) or sequence < 1:
            return Verdict.FOLD  # not an envelope: validation reports it as unreadable
        valid = self._hash_check(document)
        if not valid:
            self._report("altered", ref, "the content does not match its hash: it was altered")
        verdict = self._place(document, aggregate, ref, sequence, valid)
        check = self._signature_check
        if valid and check is not None and verdict is not Verdict.DUPLICATE:
            refused = check(document)  # a conflict too: it says which of the two is forged
            if refused is not None:
                self._report(refused[0], ref, refused[1])
                return Verdict.DISTRUSTED
        return verdict

    def _place(
        self,
        document: dict[str, Any],
        aggregate: tuple[Any, Any],
        ref: EventRef,
        sequence: int,
        valid: bool,
    ) -> Verdict:
        stated = document.get("hash")
        digest = _digest(stated)
        key = aggregate
        stream = self._streams.get(key)
        if stream is None:
            self._start(key, sequence, digest, document.get("prev_hash"), ref)
            self._streams[key].last_hash = stated
            return Verdict.FOLD
        if sequence == stream.last + 1:
            if document.get("prev_hash") != stream.last_hash and stream.last_hash is not None:
                self._report_unlinked(sequence, ref)
            stream.digests += digest
            stream.last, stream.last_hash = sequence, stated
            return Verdict.FOLD
        if sequence > stream.last + 1:
            self._gap(stream, sequence, ref)
            stream.digests += bytes((sequence - stream.last - 1) * DIGEST) + digest
            stream.last, stream.last_hash = sequence, stated
            return Verdict.FOLD
        return self._earlier(stream, sequence, digest, valid, document.get("prev_hash"), ref)

    def finish(self) -> list[Finding]:
        """Every finding, including sequences that never arrived."""
        for stream in self._streams.values():
            for sequence, after in sorted(stream.missing.items()):
                self._report(
                    "missing_sequence",
                    after,
                    f"sequence {sequence} is missing (found {after.event_type} "
                    f"at {after.where()} after the gap)",
                )
            stream.missing.clear()
        return self.findings

    def _start(
        self, key: tuple[Any, Any], sequence: int, digest: bytes, prev: object, ref: EventRef
    ) -> None:
        first = 1 if self.history_complete else sequence
        stream = _Stream(first=first, last=sequence, digests=bytearray())
        if sequence > first:
            self._gap(stream, sequence, ref, last=0)
        elif sequence == 1 and prev is not None:
            self._report("broken_chain", ref, "the first event of the aggregate has a prev_hash")
        stream.digests += bytes((sequence - first) * DIGEST) + digest
        self._streams[key] = stream

    def _check_link(self, stream: _Stream, sequence: int, prev: object, ref: EventRef) -> None:
        before = stream.digest_at(sequence - 1)
        if before != _UNKNOWN and _digest(prev) != before:
            self._report_unlinked(sequence, ref)

    def _report_unlinked(self, sequence: int, ref: EventRef) -> None:
        message = f"prev_hash does not match the hash of sequence {sequence - 1}"
        self._report("broken_chain", ref, message)

    def _gap(self, stream: _Stream, sequence: int, ref: EventRef, last: int | None = None) -> None:
        start = stream.last + 1 if last is None else last + 1
        if sequence - start > MAX_TRACKED_GAP:
            self._report(
                "missing_sequence", ref, f"sequences {start} to {sequence - 1} are missing"
            )
            return
        for missing in range(start, sequence):
            stream.missing[missing] = ref

    def _earlier(
        self,
        stream: _Stream,
        sequence: int,
        digest: bytes,
        valid: bool,
        prev: object,
        ref: EventRef,
    ) -> Verdict:
        if stream.missing.pop(sequence, None) is not None:
            self._report(
                "reordered",
                ref,
                f"sequence {sequence} arrived after sequence {stream.last}: out of order",
            )
            stream.put(sequence, digest)
            self._check_link(stream, sequence, prev, ref)
            return Verdict.FOLD
        if digest == stream.digest_at(sequence) and digest != _UNKNOWN:
            if valid:
                self.duplicates += 1
            return Verdict.DUPLICATE
        self._report(
            "repeated_sequence",
            ref,
            f"sequence {sequence} was already taken by another event of this aggregate",
        )
        return Verdict.CONFLICT

    def _report(self, rule: str, ref: EventRef, message: str) -> None:
        self.findings.append(
            Finding(
                kind="integrity", rule=rule, message=message, events=(ref,), aggregate=ref.aggregate
            )
        )
