"""Webhook secrets are stored sealed: only this deployment's key opens them, per subscription."""

from __future__ import annotations

import secrets

import pytest

from services.workflow.subscriptions.sealing import SecretSealer, SecretUnreadable
from services.workflow.subscriptions.tables import subscriptions

SECRET = secrets.token_hex(32)  # as the API makes it


def test_a_sealed_secret_opens_to_the_one_shown_and_fits_the_column() -> None:
    sealer = SecretSealer("a long random deployment key")
    sealed = sealer.seal("sub-1", SECRET)
    assert sealed.startswith("v1:") and SECRET not in sealed
    assert len(sealed) <= subscriptions.c.secret.type.length  # type: ignore[attr-defined]
    assert sealer.open("sub-1", sealed) == SECRET
    assert sealer.seal("sub-1", SECRET) != sealed  # a fresh nonce each time


def test_another_key_or_another_subscriptions_row_cannot_open_it() -> None:
    sealed = SecretSealer("key one").seal("sub-1", SECRET)
    with pytest.raises(SecretUnreadable, match="WEBHOOK_SECRET_KEY"):
        SecretSealer("key two").open("sub-1", sealed)
    with pytest.raises(SecretUnreadable, match="sub-2"):
        SecretSealer("key one").open("sub-2", sealed)  # copied onto another subscription


def test_a_secret_stored_before_sealing_is_still_read() -> None:
    assert SecretSealer("any").open("sub-1", SECRET) == SECRET
