"""RFC 6962 (9162) Merkle tree hashing, kept as a compact range: the roots of the perfect
subtrees that make up a tree of any size, largest first (at most 64 hashes).

Each producer's log is one such tree over the hashes of everything it published, in
publish order. Appending a leaf is O(log n) and the state fits in one database row; the
root of every size is recomputed from the range alone, so an auditor who replays the leaves
checks every checkpoint as it passes its size, with no proof objects at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


@dataclass
class CompactRange:
    """The tree of `size` leaves, as the roots of its perfect subtrees (largest first)."""

    size: int = 0
    hashes: list[bytes] = field(default_factory=list)

    def append(self, leaf: bytes) -> None:
        """Add a leaf's data (an event hash): merge equal-sized subtrees as a binary count."""
        current = leaf_hash(leaf)
        size = self.size
        while size & 1:
            current = node_hash(self.hashes.pop(), current)
            size >>= 1
        self.hashes.append(current)
        self.size += 1

    def root(self) -> bytes:
        """RFC 6962's MTH of the leaves so far: the subtrees folded right to left."""
        if not self.hashes:
            return EMPTY_ROOT
        root = self.hashes[-1]
        for left in reversed(self.hashes[:-1]):
            root = node_hash(left, root)
        return root

    def to_text(self) -> str:
        return ",".join(digest.hex() for digest in self.hashes)

    @classmethod
    def from_text(cls, size: int, text: str) -> CompactRange:
        hashes = [bytes.fromhex(part) for part in text.split(",") if part]
        if len(hashes) != size.bit_count():
            raise ValueError(f"a tree of {size} leaves has {size.bit_count()} subtrees")
        return cls(size, hashes)


def root_of(leaves: list[bytes]) -> bytes:
    """RFC 6962's recursive definition, for tests to hold the compact range to."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaf_hash(leaves[0])
    split = 1 << ((len(leaves) - 1).bit_length() - 1)  # largest power of two below n
    return node_hash(root_of(leaves[:split]), root_of(leaves[split:]))
