"""What the subscription endpoints need from the app (set on `app.state.feed` by wiring)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from fastapi import Request
from sqlalchemy import Connection

from services.workflow.subscriptions.delivery import DeliveryDispatcher
from services.workflow.subscriptions.destinations import Destinations
from services.workflow.subscriptions.email_channel import Mail
from services.workflow.subscriptions.feed import Bell
from services.workflow.subscriptions.sealing import SecretSealer
from shared.http import in_transaction

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class FeedState:
    """The bell rung on new feed rows, the delivery dispatcher, the stream's timings, where
    webhooks may go and how their secrets are sealed, and how email goes out."""

    bell: Bell
    dispatcher: DeliveryDispatcher
    poll_s: float
    heartbeat_s: float
    destinations: Destinations
    sealer: SecretSealer
    clock: Callable[[], datetime]
    mail: Mail
    email_domains: tuple[str, ...]
    chat_hosts: Destinations


def feed_state(request: Request) -> FeedState:
    state: FeedState = request.app.state.feed
    return state


async def write(request: Request, change: Callable[[Connection], T]) -> T:
    """Run `change` in one transaction, in a worker thread (the database driver blocks)."""
    return await in_transaction(request, change)
