"""Signed checkpoints of a producer's log, in C2SP tlog-checkpoint form as a signed note.

    onecouncil/hr                  <- origin: whose log
    1042                           <- tree size: events published so far
    Kq3...=                        <- RFC 6962 root hash, base64
    time 2027-01-15T10:00:00+00:00 <- extension line: when it was signed
    <blank line>
    — onecouncil-hr <base64(4-byte key hash || Ed25519 signature)>

The signature covers the text down to and including the newline before the blank line, as
signed-note says. Anyone holding a checkpoint (the file the service writes, a witness, the
auditor's own copy) can later prove the log still holds exactly those events: none taken
away at the head or tail, none skipped, none rewritten. A witness adds its own signature
line to the same text (`cosign`).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from shared.events.keys import KeyRegistry, RegisteredKey
from shared.events.signing import Signer, key_hash

DASH = "\u2014 "


def origin_of(producer: str) -> str:
    return f"onecouncil/{producer}"


@dataclass(frozen=True, kw_only=True)
class Checkpoint:
    """What a signed note says: the log, its size and root, when; and its signature lines."""

    origin: str
    size: int
    root: bytes
    signed_at: datetime
    signatures: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        root = base64.b64encode(self.root).decode()
        return f"{self.origin}\n{self.size}\n{root}\ntime {self.signed_at.isoformat()}\n"

    @property
    def note(self) -> str:
        return self.text + "\n" + "".join(line + "\n" for line in self.signatures)

    def producer(self) -> str:
        return self.origin.removeprefix("onecouncil/")


def sign_checkpoint(checkpoint: Checkpoint, signer: Signer) -> Checkpoint:
    """The checkpoint with one more signature line (the producer's, or a witness's)."""
    signature = signer.sign(checkpoint.text.encode())
    line = f"{DASH}{signer.name} {base64.b64encode(signer.key_hash() + signature).decode()}"
    return Checkpoint(
        origin=checkpoint.origin,
        size=checkpoint.size,
        root=checkpoint.root,
        signed_at=checkpoint.signed_at,
        signatures=(*checkpoint.signatures, line),
    )


class NoteUnreadable(ValueError):
    """Not a checkpoint note; the message says what is wrong with it."""


def parse_note(note: str) -> Checkpoint:
    text, separator, lines = note.rpartition("\n\n")
    if not separator:
        raise NoteUnreadable("no blank line before the signatures")
    body = text.split("\n")
    if len(body) < 3:
        raise NoteUnreadable("a checkpoint has an origin, a size and a root hash")
    try:
        size = int(body[1])
        root = base64.b64decode(body[2], validate=True)
        times = [line.removeprefix("time ") for line in body[3:] if line.startswith("time ")]
        signed_at = datetime.fromisoformat(times[0])
    except (ValueError, binascii.Error, IndexError) as error:
        raise NoteUnreadable(f"unreadable size, root or time: {error}") from None
    if signed_at.tzinfo is None:
        raise NoteUnreadable("the time has no time zone")
    signatures = tuple(line for line in lines.split("\n") if line)
    return Checkpoint(
        origin=body[0], size=size, root=root, signed_at=signed_at, signatures=signatures
    )


def signed_by(checkpoint: Checkpoint, key: RegisteredKey, name: str) -> bool:
    """Whether one of its signature lines is a valid signature by this key under this name."""
    wanted = key_hash(name, key.public_key)
    message = checkpoint.text.encode()
    for line in checkpoint.signatures:
        if not line.startswith(DASH + name + " "):
            continue
        try:
            raw = base64.b64decode(line.rsplit(" ", 1)[1], validate=True)
        except (binascii.Error, IndexError):
            continue
        if raw[:4] == wanted and key.verifies(raw[4:], message):
            return True
    return False


def producer_signed(checkpoint: Checkpoint, keys: KeyRegistry) -> bool:
    """Signed by a key the registry gives to the producer whose log it names, valid then."""
    producer = checkpoint.producer()
    return any(
        key.producer == producer
        and key.valid_at(checkpoint.signed_at)
        and signed_by(checkpoint, key, key.key_id.split("+")[0])
        for key in keys.keys.values()
    )
