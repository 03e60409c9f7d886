"""How one message goes out on a subscription's channel. The delivery worker (`delivery.py`)
opens its subscription's channel once and calls `send` for each message, retrying and
parking the same way whatever the channel."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING, Protocol

import httpx

from services.workflow.subscriptions.destinations import Destinations
from services.workflow.subscriptions.feed_store import FeedItem
from services.workflow.subscriptions.subscription_store import DeliveryTarget
from services.workflow.subscriptions.webhook_client import Failure, post_delivery

if TYPE_CHECKING:
    from services.workflow.subscriptions.digests import Digest


class Channel(Protocol):
    async def send(
        self, message: FeedItem | Digest, delivery_id: str, attempt: int
    ) -> Failure | None:
        """Send one message; None when the other end took it, else what went wrong."""


OpenChannel = Callable[[DeliveryTarget], AbstractAsyncContextManager[Channel]]


class WebhookChannel:
    """Signed POSTs of feed items to the subscription's checked URL."""

    def __init__(
        self, client: httpx.AsyncClient, target: DeliveryTarget, destinations: Destinations
    ) -> None:
        self._client, self._target, self._destinations = client, target, destinations

    async def send(
        self, message: FeedItem | Digest, delivery_id: str, attempt: int
    ) -> Failure | None:
        if not isinstance(message, FeedItem):
            raise TypeError("a webhook is sent feed items only")
        return await post_delivery(
            self._client, self._target, message, delivery_id, attempt, self._destinations
        )


def webhooks(timeout_s: float, destinations: Destinations) -> OpenChannel:
    """Opens a webhook subscription's channel: its own HTTP client, for its own timeout."""

    @asynccontextmanager
    async def open_channel(target: DeliveryTarget) -> AsyncIterator[Channel]:
        # Redirects are not followed (httpx's default, said here): only a checked URL is called.
        async with httpx.AsyncClient(timeout=timeout_s, follow_redirects=False) as client:
            yield WebhookChannel(client, target, destinations)

    return open_channel


def by_channel(openers: dict[str, OpenChannel]) -> OpenChannel:
    """The opener of each target's own channel."""

    def open_channel(target: DeliveryTarget) -> AbstractAsyncContextManager[Channel]:
        return openers[target.channel](target)

    return open_channel
