"""Where webhooks may go: listed receivers outside local mode, never a metadata service,
special and private addresses refused unless listed, and always the address checked."""

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
from services.workflow.subscriptions.subscription_store import DeliveryTarget
from services.workflow.subscriptions.webhook_client import NOT_ALLOWED, post_delivery

LOCAL = Destinations.from_settings("", "", local=True)
COUNCIL = Destinations.from_settings("hooks.council.example, 10.20.0.0/16", "", local=False)


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
        ("10.20.30.40", "a private"),  # the council's own network: only when listed
        ("172.17.0.1", "a private"),  # a container's host
        ("100.64.1.1", "a private"),  # carrier-grade NAT
        ("81.2.69.160", None),
    ],
)
def test_special_addresses_are_named_and_public_ones_pass(address: str, kind: str | None) -> None:
    assert special_kind(ipaddress.ip_address(address)) == kind


async def test_an_allowed_local_host_passes_and_the_same_address_under_another_name_does_not() -> (
    None
):
    destinations = Destinations.from_settings("", " 127.0.0.1 , ", local=True)
    assert destinations.allowed_hosts == frozenset({"127.0.0.1"})
    await destinations.check("http://127.0.0.1:8123/hook")
    with pytest.raises(DestinationRefused, match="localhost is a loopback address"):
        await destinations.check("http://localhost:8123/hook")


@pytest.mark.parametrize(
    "url",
    ["http://169.254.169.254/", "http://168.63.129.16/", "http://[fd00:ec2::254]/"],
)
async def test_a_cloud_metadata_service_is_never_a_receiver_even_when_listed(url: str) -> None:
    listed = Destinations.from_settings("0.0.0.0/0,::/0", "", local=False)
    with pytest.raises(DestinationRefused, match="cloud metadata address"):
        await listed.check(url)


async def test_outside_local_mode_only_the_councils_listed_receivers_are_allowed() -> None:
    pinned = await COUNCIL.check("https://10.20.3.4/hooks")
    assert pinned.address == ipaddress.ip_address("10.20.3.4")
    with pytest.raises(DestinationRefused, match="not one of this council's webhook receivers"):
        await COUNCIL.check("https://81.2.69.160/hooks")
    with pytest.raises(DestinationRefused, match="not one of this council's webhook receivers"):
        await Destinations.from_settings("", "", local=False).check("https://81.2.69.160/")


async def test_a_private_address_needs_listing_even_in_local_mode() -> None:
    with pytest.raises(DestinationRefused, match=r"10\.1\.2\.3 is a private address"):
        await LOCAL.check("http://10.1.2.3/hook")
    await LOCAL.check("https://81.2.69.160/hook")


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
        await LOCAL.check(url)


def feed_item() -> FeedItem:
    return FeedItem(
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


def target(url: str) -> DeliveryTarget:
    return DeliveryTarget(
        subscription_id="s-1", department="CS", kinds=("transfers",), url=url, secret="secret"
    )


async def deliver(url: str, destinations: Destinations) -> tuple[object, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(503)

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        failure = await post_delivery(client, target(url), feed_item(), "d-1", 1, destinations)
    return failure, sent


async def test_a_delivery_goes_to_the_address_that_was_checked_not_a_second_lookup() -> None:
    local = Destinations.from_settings("", "localhost", local=True)
    _, sent = await deliver("http://localhost:8123/hook", local)
    assert str(sent[0].url.host) in ("127.0.0.1", "::1")
    assert sent[0].headers["Host"] == "localhost:8123"
    assert sent[0].extensions["sni_hostname"] == "localhost"


async def test_a_lead_is_told_a_delivery_failed_without_the_network_detail() -> None:
    failure, sent = await deliver("http://10.20.9.9:2375/", COUNCIL)
    assert len(sent) == 1
    assert failure is not None and failure.shown == "delivery failed: the receiver did not take it"
    assert failure.detail == "the receiver answered HTTP 503"


async def test_a_delivery_to_a_refused_destination_is_not_sent_and_says_so() -> None:
    failure, sent = await deliver("http://169.254.169.254/", LOCAL)
    assert failure is not None and failure.shown == NOT_ALLOWED
    assert "cloud metadata" in failure.detail
    assert sent == []
