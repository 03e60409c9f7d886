"""Each producer's signed log, rebuilt from the replay and held to its checkpoints.

Every event the replay reads with a position (the relay's header) is put at that position
in its producer's tree. At the end each tree is rebuilt in position order and every signed
checkpoint — from the log or from a file the auditor kept — must match the root at its
size. What is found: a position taken by two different events; positions missing before a
checkpoint's size (at the head: truncated; in the middle: skipped; at the end: the tail
truncated); a root that differs (a rewritten history); two checkpoints of one size with
different roots (a forked log). All checkpoints checked against one rebuilt sequence are
consistent with each other, so successive checkpoints need no separate proofs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.audit.domain.records import EventRef, Finding
from shared.events.checkpoints import Checkpoint
from shared.events.merkle import CompactRange

LEAF = 32
# A position further than this beyond what was read is not believed (and not allocated).
MAX_AHEAD = 1_000_000


@dataclass(slots=True)
class _Log:
    leaves: bytearray = field(default_factory=bytearray)  # 32 bytes per position; 0: unseen
    checkpoints: dict[tuple[int, bytes], tuple[Checkpoint, str]] = field(default_factory=dict)


class SignedLogs:
    """Feed it positioned event hashes and verified checkpoints; `finish` gives findings."""

    def __init__(self, history_complete: bool = True) -> None:
        # Read from a date, the head of every log is missing by choice, not by truncation.
        self._history_complete = history_complete
        self._logs: dict[str, _Log] = {}
        self.findings: list[Finding] = []

    def covered(self, producer: str) -> int:
        """How many of the producer's first positions a signed checkpoint vouches for."""
        log = self._logs.get(producer)
        return max((size for size, _ in log.checkpoints), default=0) if log else 0

    def place(self, producer: str, position: int, hash_hex: str, ref: EventRef) -> None:
        log = self._logs.get(producer) or self._logs.setdefault(producer, _Log())
        leaves = log.leaves
        start = position * LEAF
        if start > len(leaves) + MAX_AHEAD * LEAF:
            self._report("implausible_position", ref, f"claims position {position} of the log")
            return
        try:
            leaf = bytes.fromhex(hash_hex)
        except ValueError:
            return  # not a hash: the integrity check has reported it
        if len(leaf) != LEAF:
            return
        if start >= len(leaves):
            leaves.extend(bytes(start + LEAF - len(leaves)))
        held = leaves[start : start + LEAF]
        if held == leaf:
            return  # redelivered
        if any(held):
            self._report(
                "position_conflict",
                ref,
                f"position {position} of {producer}'s log is already held by another event",
            )
            return
        leaves[start : start + LEAF] = leaf

    def checkpoint(self, checkpoint: Checkpoint, source: str) -> None:
        """A checkpoint whose signature the caller has verified; `source` says where from."""
        log = self._logs.setdefault(checkpoint.producer(), _Log())
        log.checkpoints.setdefault((checkpoint.size, checkpoint.root), (checkpoint, source))

    def finish(self) -> list[Finding]:
        for producer, log in self._logs.items():
            self._check(producer, log)
        return self.findings

    def _check(self, producer: str, log: _Log) -> None:
        sizes: dict[int, bytes] = {}
        for size, root in sorted(log.checkpoints):
            if size in sizes:
                self._report_log("forked_log", producer, f"two checkpoints of size {size} differ")
            sizes.setdefault(size, root)
        if not sizes:
            return
        leaves, read = log.leaves, len(log.leaves) // LEAF
        present = [any(leaves[i * LEAF : (i + 1) * LEAF]) for i in range(read)]
        self._gaps(producer, present, max(sizes))
        tree = CompactRange()
        for size in sorted(sizes):
            while tree.size < min(size, read):
                tree.append(bytes(leaves[tree.size * LEAF : (tree.size + 1) * LEAF]))
            if size <= read and all(present[:size]) and tree.root() != sizes[size]:
                checkpoint, source = log.checkpoints[(size, sizes[size])]
                self._report_log(
                    "rewritten_history",
                    producer,
                    f"the first {size} events of {producer}'s log do not hash to the root it "
                    f"signed at {checkpoint.signed_at.isoformat()} ({source}): rewritten",
                )

    def _gaps(self, producer: str, present: list[bool], signed: int) -> None:
        seen = [i for i, here in enumerate(present) if here]
        if not seen:
            if self._history_complete:
                self._report_log("truncated_head", producer, f"none of the {signed} signed events")
            return
        if seen[0] > 0 and self._history_complete:
            self._report_log(
                "truncated_head", producer, f"positions 0 to {seen[0] - 1} are gone from the log"
            )
        skipped = [i for i in range(seen[0], min(seen[-1], signed)) if not present[i]]
        if skipped:
            self._report_log(
                "skipped_event",
                producer,
                f"{len(skipped)} signed event(s) missing, first at position {skipped[0]}",
            )
        if seen[-1] + 1 < signed:
            self._report_log(
                "truncated_tail",
                producer,
                f"positions {seen[-1] + 1} to {signed - 1} were signed for but are gone",
            )

    def _report(self, rule: str, ref: EventRef, message: str) -> None:
        finding = Finding(kind="integrity", rule=rule, message=message, events=(ref,))
        self.findings.append(finding)

    def _report_log(self, rule: str, producer: str, message: str) -> None:
        self.findings.append(
            Finding(
                kind="integrity",
                rule=rule,
                message=f"{producer}: {message}",
                aggregate=f"signed_log/{producer}",
            )
        )
