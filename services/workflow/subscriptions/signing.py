"""Webhook signatures: how One Council signs a delivery, and the check a receiver runs.

This module uses only the standard library so a receiving team can copy it as it is.

    X-OneCouncil-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">

The key is the subscription's secret (shown once, when the subscription was created). The
timestamp is signed with the body, so a captured delivery cannot be replayed later than
`tolerance_s`; within that window a receiver drops repeats by `X-OneCouncil-Event-Id`.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-OneCouncil-Signature"
EVENT_ID_HEADER = "X-OneCouncil-Event-Id"
DELIVERY_HEADER = "X-OneCouncil-Delivery"


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The signature header value for this body, signed now (or at `timestamp`)."""
    moment = int(time.time()) if timestamp is None else timestamp
    return f"t={moment},v1={_digest(secret, moment, body)}"


def verify_signature(
    secret: str, header: str, body: bytes, tolerance_s: int = 300, now: float | None = None
) -> bool:
    """True only when `header` signs exactly `body` with `secret`, within `tolerance_s`."""
    timestamp: int | None = None
    candidates: list[str] = []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t" and value.isdigit():
            timestamp = int(value)
        elif name == "v1" and value:
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    moment = time.time() if now is None else now
    if abs(moment - timestamp) > tolerance_s:
        return False  # stale: a replay of an old delivery, or a badly wrong clock
    expected = _digest(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)
