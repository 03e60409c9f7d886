"""Where webhooks may go: special addresses refused unless the operator lists the host."""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from services.workflow.subscriptions.destinations import (
    DestinationRefused,
    Destinations,
    special_kind,
)
from services.workflow.subscriptions.feed_store import FeedItem
from services.workflow.subscriptions.subscription_store import WebhookTarget
from services.workflow.subscriptions.webhook_client import post_delivery


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "a loopback"),
        ("::1", "a loopback"),
        ("::ffff:127.0.0.1", "a loopback"),
        ("169.254.169.254", "a link-local"),
        ("fe80::1", "a link-local"),
        ("0.0.0.0", "an unspecified"),
        ("224.0.0.1", "a multicast"),
        ("240.0.0.1", "a reserved"),
        ("10.20.30.40", None),  # the council's own network
        ("192.168.1.10", None),
        ("81.2.69.160", None),
    ],
)
def test_special_addresses_are_named_and_normal_ones_pass(address: str, kind: str | None) -> None:
    assert special_kind(ipaddress.ip_address(address)) == kind


async def test_an_allowed_host_passes_and_the_same_address_under_another_name_does_not() -> None:
    destinations = Destinations.from_setting(" 127.0.0.1 , ")
    assert destinations.allowed_hosts == frozenset({"127.0.0.1"})
    await destinations.check("http://127.0.0.1:8123/hook")
    with pytest.raises(DestinationRefused, match="localhost is a loopback address"):
        await destinations.check("http://localhost:8123/hook")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://receiver.example.org/x", "must start https://"),
        ("https://user:pw@receiver.example.org/x", "must not carry a user name or password"),
        ("https://receiver.invalid/x", "could not be resolved"),
    ],
)
async def test_unusable_urls_are_refused_with_the_reason(url: str, words: str) -> None:
    with pytest.raises(DestinationRefused, match=words):
        await Destinations().check(url)


async def test_a_delivery_to_a_refused_destination_is_not_sent_and_says_why() -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200)

    transport = httpx.MockTransport(answer)
    item = FeedItem(
        feed_id=1,
        department="CS",
        kind="transfers",
        event_id="e-1",
        event_type="TransferProposed",
        aggregate_id="P1",
        occurred_at="2026-11-27",
        summary="",
        document="{}",
    )
    target = WebhookTarget(
        subscription_id="s-1",
        department="CS",
        kinds=("transfers",),
        url="http://169.254.169.254/",
        secret="secret",
    )
    async with httpx.AsyncClient(transport=transport) as client:
        error = await post_delivery(client, target, item, "d-1", 1, Destinations())
    assert error is not None and "not sent" in error and "link-local" in error
    assert sent == []
