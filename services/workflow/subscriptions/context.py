"""What the subscription endpoints need from the app (set on `app.state.feed` by wiring)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from fastapi import Request
from sqlalchemy import Connection

from services.workflow.subscriptions.feed import Bell
from services.workflow.subscriptions.webhooks import WebhookDispatcher

T = TypeVar("T")


@dataclass(frozen=True)
class FeedState:
    """The bell rung on new feed rows, the webhook dispatcher, and the stream's timings."""

    bell: Bell
    dispatcher: WebhookDispatcher
    poll_s: float
    heartbeat_s: float


def feed_state(request: Request) -> FeedState:
    state: FeedState = request.app.state.feed
    return state


async def write(request: Request, change: Callable[[Connection], T]) -> T:
    """Run `change` in one transaction, in a worker thread (the database driver blocks)."""
    engine = request.app.state.runtime.engine

    def in_transaction() -> T:
        with engine.begin() as connection:
            return change(connection)

    return await asyncio.to_thread(in_transaction)
