"""The channel columns of a new subscription that alerts (email, Teams, Slack), checked: one
channel, a known address or an allowed chat host, alerts or a digest. Nothing is kept from a
request refused here."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from services.workflow.subscriptions.context import FeedState
from services.workflow.subscriptions.email_rules import (
    ChannelRefused,
    check_address,
    check_digest,
    parse_alerts,
)


async def alerting_fields(
    state: FeedState,
    subscription_id: str,
    given: dict[str, Any],
) -> dict[str, Any]:
    """Columns for `given` (the request's webhook_url, email_address, chat, chat_url, alerts,
    digest); none for a webhook or a feed-only subscription."""
    channels = [name for name in ("webhook_url", "email_address", "chat_url") if given[name]]
    if len(channels) > 1:
        raise ChannelRefused(
            "one channel per subscription: a webhook_url, an email_address or a chat_url"
        )
    if given["chat"] and not given["chat_url"]:
        raise ChannelRefused(f"a {given['chat']} subscription needs the channel's chat_url")
    if not channels or channels == ["webhook_url"]:
        if given["alerts"] or given["digest"]:
            raise ChannelRefused("alerts and digests need an email_address or a chat_url")
        return {}
    alerts = parse_alerts(given["alerts"])
    common = {
        "alerts": alerts,
        "digest": check_digest(given["digest"], alerts),
        "digest_sent_on": state.clock().date().isoformat(),
    }
    if channels == ["email_address"]:
        if not state.mail.server.host:
            raise ChannelRefused("email is not set up on this system yet (no mail server)")
        address = check_address(given["email_address"], state.email_domains)
        return {**common, "channel": "email", "email_address": address}
    if not given["chat"]:
        raise ChannelRefused("say which chat the chat_url is for: teams or slack")
    url = str(given["chat_url"])
    await state.chat_hosts.check(url)
    parts = urlsplit(url)
    return {
        **common,
        "channel": given["chat"],
        # The URL is the channel's only key: kept sealed, shown by its host alone.
        "webhook_url": f"{parts.scheme}://{parts.netloc}/…",
        "secret": state.sealer.seal(subscription_id, url.encode().hex()),
    }
