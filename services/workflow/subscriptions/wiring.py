"""Plug subscriptions into Workflow: delivery (webhooks and email) and routes. The feed itself
is written by the consumers that read its topics (`entrypoints/consumers.py`,
`feed.with_feed`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI

from services.workflow.subscriptions import api, sample_message, stream, unsubscribe
from services.workflow.subscriptions.channels import by_channel, webhooks
from services.workflow.subscriptions.chat_channel import chats
from services.workflow.subscriptions.context import FeedState
from services.workflow.subscriptions.delivery import DeliveryDispatcher, RetryPolicy
from services.workflow.subscriptions.destinations import DestinationRefused, Destinations
from services.workflow.subscriptions.email_channel import Mail, UnsubscribeLinks, emails
from services.workflow.subscriptions.email_rules import ChannelRefused
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
from services.workflow.subscriptions.smtp_client import MailServer
from shared.http import map_errors
from shared.runtime import ServiceRuntime


def install_subscriptions(
    app: FastAPI,
    runtime: ServiceRuntime,
    settings: SubscriptionSettings,
    clock: Callable[[], datetime],
) -> FeedState:
    """Start delivery and add the routes; the bell is the one the consumers ring."""
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
        digest_hour=settings.email_digest_hour,
    )
    links = UnsubscribeLinks(settings.webhook_secret_key.get_secret_value(), settings.public_url)
    mail = Mail(
        engine=runtime.engine,
        server=MailServer(
            host=settings.smtp_host,
            port=settings.smtp_port,
            starttls=settings.smtp_starttls,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value(),
            timeout_s=settings.smtp_timeout_s,
        ),
        sender=settings.email_from,
        console_url=settings.console_url,
        links=links,
    )
    # Only the listed chat hosts, in local mode too: an incoming webhook is someone else's.
    chat_hosts = Destinations.from_settings(
        settings.chat_webhook_hosts, "", local=False, listed_in="CHAT_WEBHOOK_HOSTS"
    )
    chat = chats(runtime.engine, chat_hosts, settings.console_url, settings.webhook_timeout_s)
    channels = by_channel(
        {
            "webhook": webhooks(settings.webhook_timeout_s, destinations),
            "email": emails(mail),
            "teams": chat,
            "slack": chat,
        }
    )
    dispatcher = DeliveryDispatcher(
        runtime.engine, policy, bell, settings.feed_poll_s, sealer, channels, clock
    )
    runtime.add_background(dispatcher.run)
    state = FeedState(
        bell=bell,
        dispatcher=dispatcher,
        poll_s=settings.feed_poll_s,
        heartbeat_s=settings.feed_heartbeat_s,
        destinations=destinations,
        sealer=sealer,
        clock=clock,
        mail=mail,
        email_domains=tuple(settings.email_allowed_domains.split(",")),
        chat_hosts=chat_hosts,
    )
    app.state.feed = state
    app.include_router(api.router)
    app.include_router(stream.router)
    app.include_router(unsubscribe.router)
    app.include_router(sample_message.router)
    map_errors(
        app,
        {
            SubscriptionRefused: 403,
            SubscriptionNotFound: 404,
            DeliveryNotParked: 409,
            UnknownKind: 422,
            DestinationRefused: 422,
            UnknownDepartment: 422,
            ChannelRefused: 422,
        },
    )
    return state
