"""A Teams or Slack subscription's channel: alerts and digests posted as cards to the
channel's incoming webhook, only at hosts an operator allowed (`CHAT_WEBHOOK_HOSTS`), at the
address that was checked. Incoming webhooks sign nothing; their URL is the secret, so it is
stored sealed like a webhook's secret and shown only by its host."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from sqlalchemy import Engine

from services.workflow.subscriptions.channels import Channel, OpenChannel
from services.workflow.subscriptions.chat_content import heading, slack_message, teams_card
from services.workflow.subscriptions.destinations import DestinationRefused, Destinations
from services.workflow.subscriptions.digests import Digest
from services.workflow.subscriptions.email_channel import changes_of
from services.workflow.subscriptions.email_content import Change
from services.workflow.subscriptions.feed_store import FeedItem
from services.workflow.subscriptions.subscription_store import DeliveryTarget
from services.workflow.subscriptions.webhook_client import NOT_ALLOWED, Failure, post_json

Compose = Callable[[str, list[Change], str], dict[str, Any]]
CARDS: dict[str, Compose] = {"teams": teams_card, "slack": slack_message}


class ChatChannel:
    """One subscription's alerts and digests, one message each."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        engine: Engine,
        target: DeliveryTarget,
        destinations: Destinations,
        console_url: str,
    ) -> None:
        self._client, self._engine, self._target = client, engine, target
        self._destinations, self._console_url = destinations, console_url

    async def send(
        self, message: FeedItem | Digest, delivery_id: str, attempt: int
    ) -> Failure | None:
        if isinstance(message, Digest) and not message.items:
            return None  # a quiet period: no message saying nothing happened
        try:
            pinned = await self._destinations.check(self._target.url)
        except DestinationRefused as refused:
            return Failure(shown=NOT_ALLOWED, detail=f"not sent: {refused}")
        body = await asyncio.to_thread(self.compose, message)
        headers = {"X-OneCouncil-Delivery": delivery_id}
        return await post_json(self._client, pinned, json.dumps(body).encode(), headers)

    def compose(self, message: FeedItem | Digest) -> dict[str, Any]:
        items = message.items if isinstance(message, Digest) else (message,)
        changes = changes_of(self._engine, items)
        period = message.period if isinstance(message, Digest) else None
        title = heading(self._target.department, period, changes)
        return CARDS[self._target.channel](title, changes, self._console_url)


def chats(
    engine: Engine, destinations: Destinations, console_url: str, timeout_s: float
) -> OpenChannel:
    """Opens a Teams or Slack subscription's channel: its own HTTP client and timeout."""

    @asynccontextmanager
    async def open_channel(target: DeliveryTarget) -> AsyncIterator[Channel]:
        async with httpx.AsyncClient(timeout=timeout_s, follow_redirects=False) as client:
            yield ChatChannel(client, engine, target, destinations, console_url)

    return open_channel
