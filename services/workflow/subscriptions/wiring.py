"""Plug subscriptions into Workflow: the feed consumer, webhook dispatcher and routes."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from faststream.kafka.annotations import KafkaMessage

from services.workflow.adapters.tables import messaging
from services.workflow.subscriptions import api, stream
from services.workflow.subscriptions.context import FeedState
from services.workflow.subscriptions.feed import FEED_CONSUMER, Bell, apply_feed_events
from services.workflow.subscriptions.kinds import UnknownKind
from services.workflow.subscriptions.rules import (
    DeliveryNotParked,
    SubscriptionNotFound,
    SubscriptionRefused,
    UnknownDepartment,
)
from services.workflow.subscriptions.settings import SubscriptionSettings
from services.workflow.subscriptions.webhooks import RetryPolicy, WebhookDispatcher
from shared.events import topics
from shared.http import map_errors
from shared.kafka.broker import event_subscriber
from shared.kafka.consuming import EventConsumer
from shared.kafka.dead_letters import DeadLetters
from shared.runtime import ServiceRuntime

# Every topic whose events may name a department (savings are per team: in no feed).
FEED_TOPICS = (
    topics.HR_POSTS,
    topics.FINANCE_BUDGETS,
    topics.WORKFLOW_MILESTONES,
    topics.HR_REDESIGN,
    topics.FINANCE_REDESIGN,
    topics.WORKFLOW_REDESIGN,
)


def install_subscriptions(
    app: FastAPI, runtime: ServiceRuntime, settings: SubscriptionSettings, generation: str
) -> FeedState:
    """Subscribe the feed consumer (its own group), start webhook delivery, add the routes."""
    bell = Bell()
    dead_letters = DeadLetters(
        runtime.broker, topics.WORKFLOW_DEAD_LETTERS, settings.topic_prefix, FEED_CONSUMER
    )
    consumer = EventConsumer(
        FEED_CONSUMER, runtime.engine, messaging, apply_feed_events, dead_letters
    )

    async def on_workflow_feed(_: Any, message: KafkaMessage) -> None:
        await consumer.handle(message.raw_message)
        bell.ring()

    group = FEED_CONSUMER + (f".{generation}" if generation else "")
    event_subscriber(runtime.broker, settings, FEED_TOPICS, group)(on_workflow_feed)
    policy = RetryPolicy(
        settings.webhook_max_attempts,
        settings.webhook_backoff_base_s,
        settings.webhook_backoff_max_s,
        settings.webhook_timeout_s,
    )
    dispatcher = WebhookDispatcher(runtime.engine, policy, bell, settings.feed_poll_s)
    runtime.add_background(dispatcher.run)
    state = FeedState(bell, dispatcher, settings.feed_poll_s, settings.feed_heartbeat_s)
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
            UnknownDepartment: 422,
        },
    )
    return state
