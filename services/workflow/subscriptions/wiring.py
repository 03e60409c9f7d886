"""Plug subscriptions into Workflow: webhook dispatcher and routes. The feed itself is
written by the consumers that read its topics (`entrypoints/consumers.py`, `feed.with_feed`)."""

from __future__ import annotations

from fastapi import FastAPI

from services.workflow.subscriptions import api, stream
from services.workflow.subscriptions.context import FeedState
from services.workflow.subscriptions.destinations import DestinationRefused, Destinations
from services.workflow.subscriptions.feed import bell_for
from services.workflow.subscriptions.kinds import UnknownKind
from services.workflow.subscriptions.rules import (
    DeliveryNotParked,
    SubscriptionNotFound,
    SubscriptionRefused,
    UnknownDepartment,
)
from services.workflow.subscriptions.sealing import SecretSealer
from services.workflow.subscriptions.settings import SubscriptionSettings
from services.workflow.subscriptions.webhooks import RetryPolicy, WebhookDispatcher
from shared.http import map_errors
from shared.runtime import ServiceRuntime


def install_subscriptions(
    app: FastAPI, runtime: ServiceRuntime, settings: SubscriptionSettings, generation: str
) -> FeedState:
    """Start webhook delivery and add the routes; the bell is the one the consumers ring."""
    bell = bell_for(runtime.engine)
    destinations = Destinations.from_settings(
        settings.webhook_receivers, settings.webhook_allowed_hosts, settings.local
    )
    sealer = SecretSealer(settings.webhook_secret_key.get_secret_value())
    policy = RetryPolicy(
        max_attempts=settings.webhook_max_attempts,
        backoff_base_s=settings.webhook_backoff_base_s,
        backoff_max_s=settings.webhook_backoff_max_s,
        timeout_s=settings.webhook_timeout_s,
        destinations=destinations,
    )
    dispatcher = WebhookDispatcher(runtime.engine, policy, bell, settings.feed_poll_s, sealer)
    runtime.add_background(dispatcher.run)
    state = FeedState(
        bell=bell,
        dispatcher=dispatcher,
        poll_s=settings.feed_poll_s,
        heartbeat_s=settings.feed_heartbeat_s,
        destinations=destinations,
        sealer=sealer,
    )
    app.state.feed = state
    app.include_router(api.router)
    app.include_router(stream.router)
    map_errors(
        app,
        {
            SubscriptionRefused: 403,
            SubscriptionNotFound: 404,
            DeliveryNotParked: 409,
            UnknownKind: 422,
            DestinationRefused: 422,
            UnknownDepartment: 422,
        },
    )
    return state
