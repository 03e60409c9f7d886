"""Each producer signs what it publishes with its own Ed25519 key (issue 20).

The signature is over the event's `hash`, not over the JSON again: the hash is SHA-256 of
the canonical envelope without `hash` and `signature` — `key_id` included — so signing
its 32 bytes signs every field, and a consumer that has just checked the hash verifies one
short message instead of canonicalising the event a second time. A fixed context prefix
keeps an event signature from ever being read as a checkpoint's (which signs note text).

Key ids follow C2SP signed-note: `<name>+<first 4 bytes of SHA-256(name, 0x0A, 0x01,
public key), hex>`, so the same key signs events and checkpoints under one name.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.events.envelope import seal

EVENT_SIGNATURE_CONTEXT = b"onecouncil event signature v1\n"
ED25519_ALGORITHM = b"\x01"  # signed-note's signature type byte for Ed25519


def key_name(producer: str) -> str:
    """The signed-note name of a producer's key."""
    return f"onecouncil-{producer}"


def key_hash(name: str, public_key: bytes) -> bytes:
    """signed-note's 4-byte key hash: SHA-256(name || '\\n' || 0x01 || public key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + ED25519_ALGORITHM + public_key).digest()[:4]


def key_id_of(name: str, public_key: bytes) -> str:
    return f"{name}+{key_hash(name, public_key).hex()}"


def development_seed(producer: str) -> bytes:
    """The repository's public development key of a producer: local mode only (refused in
    production like every other development secret)."""
    return hashlib.sha256(b"onecouncil development signing key\n" + producer.encode()).digest()


class SigningKeyUnreadable(ValueError):
    """SIGNING_KEY is neither a base64 32-byte Ed25519 seed nor a PEM Ed25519 private key."""


def parse_seed(text: str) -> bytes:
    """The 32-byte seed in SIGNING_KEY (base64), or in a PEM PKCS#8 Ed25519 private key."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyUnreadable("SIGNING_KEY is a PEM key, but not an Ed25519 one")
        return key.private_bytes_raw()
    try:
        seed = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise SigningKeyUnreadable("SIGNING_KEY is not base64") from None
    if len(seed) != 32:
        raise SigningKeyUnreadable(f"SIGNING_KEY holds {len(seed)} bytes; an Ed25519 seed has 32")
    return seed


@dataclass(frozen=True, kw_only=True)
class Signer:
    """One producer's private key, with the name and id its signatures carry."""

    producer: str
    name: str
    key_id: str
    public_key: bytes
    _private: Ed25519PrivateKey

    @classmethod
    def from_seed(cls, producer: str, seed: bytes) -> Signer:
        private = Ed25519PrivateKey.from_private_bytes(seed)
        public = private.public_key().public_bytes_raw()
        name = key_name(producer)
        key_id = key_id_of(name, public)
        return cls(producer=producer, name=name, key_id=key_id, public_key=public, _private=private)

    @classmethod
    def development(cls, producer: str) -> Signer:
        return cls.from_seed(producer, development_seed(producer))

    def sign(self, message: bytes) -> bytes:
        return self._private.sign(message)

    def key_hash(self) -> bytes:
        return key_hash(self.name, self.public_key)


def event_message(hash_hex: str) -> bytes:
    """What an event's signature signs: the context, then its hash's 32 bytes."""
    return EVENT_SIGNATURE_CONTEXT + bytes.fromhex(hash_hex)


def sign_and_seal(document: dict[str, Any], signer: Signer) -> dict[str, Any]:
    """The document with `key_id`, `hash` (covering the key id) and `signature` filled in."""
    sealed = seal({**document, "key_id": signer.key_id})
    signature = signer.sign(event_message(sealed["hash"]))
    sealed["signature"] = base64.b64encode(signature).decode()
    return sealed


# The signer each producer in this process signs with, installed by its runtime from its
# settings; a producer with none installed (unit tests, local tools) uses its development
# key, which a production key registry does not trust: such events are refused, not trusted.
_SIGNERS: dict[str, Signer] = {}


def install_signer(signer: Signer) -> None:
    _SIGNERS[signer.producer] = signer


def signer_for(producer: str) -> Signer:
    signer = _SIGNERS.get(producer)
    if signer is None:
        signer = _SIGNERS[producer] = Signer.development(producer)
    return signer
