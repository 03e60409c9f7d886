"""The documented webhook check: genuine deliveries pass; forged, altered or stale ones fail."""

from __future__ import annotations

from services.workflow.subscriptions.signing import sign, verify_signature

SECRET = "a" * 64
BODY = b'{"event_type":"TransferApproved","department":"CS"}'
NOW = 1_780_000_000


def test_a_delivery_signed_with_the_subscriptions_secret_is_accepted() -> None:
    assert verify_signature(SECRET, sign(SECRET, BODY, NOW), BODY, now=NOW + 5)


def test_the_signature_is_an_hmac_sha256_of_the_timestamp_and_body() -> None:
    import hashlib
    import hmac

    expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, BODY, NOW) == f"t={NOW},v1={expected}"


def test_a_signature_made_with_another_secret_is_rejected() -> None:
    forged = sign("not-the-secret", BODY, NOW)
    assert not verify_signature(SECRET, forged, BODY, now=NOW)


def test_a_body_altered_after_signing_is_rejected() -> None:
    header = sign(SECRET, BODY, NOW)
    assert not verify_signature(SECRET, header, BODY.replace(b"CS", b"PLACE"), now=NOW)


def test_a_replayed_delivery_older_than_the_tolerance_is_rejected() -> None:
    header = sign(SECRET, BODY, NOW)
    assert verify_signature(SECRET, header, BODY, tolerance_s=300, now=NOW + 300)
    assert not verify_signature(SECRET, header, BODY, tolerance_s=300, now=NOW + 301)


def test_a_timestamp_changed_to_look_fresh_breaks_the_signature() -> None:
    digest = sign(SECRET, BODY, NOW).split("v1=")[1]
    replayed = f"t={NOW + 3600},v1={digest}"
    assert not verify_signature(SECRET, replayed, BODY, now=NOW + 3600)


def test_malformed_headers_are_rejected_without_error() -> None:
    for header in ("", "t=,v1=", "v1=abc", f"t={NOW}", f"t=soon,v1={'0' * 64}", "garbage"):
        assert not verify_signature(SECRET, header, BODY, now=NOW)


def test_any_matching_v1_is_enough_so_secrets_can_be_rotated() -> None:
    header = sign(SECRET, BODY, NOW) + ",v1=" + "0" * 64
    assert verify_signature(SECRET, header, BODY, now=NOW)
