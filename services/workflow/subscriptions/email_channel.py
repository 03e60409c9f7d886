"""An email subscription's channel: alerts and digests composed in the council's words and
handed to the mail server. Post titles come from Workflow's own journeys."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from email.message import EmailMessage

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Engine, select

from services.workflow.adapters.tables import journeys
from services.workflow.subscriptions.channels import Channel, OpenChannel
from services.workflow.subscriptions.digests import Digest
from services.workflow.subscriptions.email_content import (
    Change,
    Letterhead,
    alert_email,
    digest_email,
)
from services.workflow.subscriptions.feed_store import FeedItem
from services.workflow.subscriptions.smtp_client import MailServer, send_email
from services.workflow.subscriptions.subscription_store import DeliveryTarget
from services.workflow.subscriptions.webhook_client import Failure


class UnsubscribeLinks:
    """Signed links that end one subscription, for whoever holds the email (no sign-in)."""

    def __init__(self, key: str, public_url: str) -> None:
        self._signer = URLSafeSerializer(key, salt="onecouncil-unsubscribe")
        self._public_url = public_url.rstrip("/")

    def link(self, subscription_id: str) -> str:
        return f"{self._public_url}/unsubscribe/{self._signer.dumps(subscription_id)}"

    def subscription_of(self, token: str) -> str | None:
        """The subscription a token ends, or None when the token is not one of ours."""
        try:
            found = self._signer.loads(token)
        except BadSignature:
            return None
        return found if isinstance(found, str) else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Mail:
    """What every email subscription's channel shares."""

    engine: Engine
    server: MailServer
    sender: str
    console_url: str
    links: UnsubscribeLinks


class EmailChannel:
    """One subscription's alerts and digests, one email each."""

    def __init__(self, mail: Mail, target: DeliveryTarget) -> None:
        self._mail, self._target = mail, target
        self._head = Letterhead(
            sender=mail.sender,
            to=target.email_address,
            department=target.department,
            console_url=mail.console_url,
            unsubscribe_url=mail.links.link(target.subscription_id),
        )

    async def send(
        self, message: FeedItem | Digest, delivery_id: str, attempt: int
    ) -> Failure | None:
        if isinstance(message, Digest) and not message.items:
            return None  # a quiet period: no email saying nothing happened
        email = await asyncio.to_thread(self.compose, message, delivery_id)
        return await send_email(self._mail.server, email)

    def compose(self, message: FeedItem | Digest, delivery_id: str) -> EmailMessage:
        items = message.items if isinstance(message, Digest) else (message,)
        changes = changes_of(self._mail.engine, items)
        if isinstance(message, Digest):
            return digest_email(self._head, message.period, changes, delivery_id)
        return alert_email(self._head, changes[0], delivery_id)


def changes_of(engine: Engine, items: Sequence[FeedItem]) -> list[Change]:
    """The items as an email or chat message tells them: with their posts' titles (from
    Workflow's journeys), nothing else of the event."""
    numbers = {item.aggregate_id for item in items}
    query = select(journeys.c.post_number, journeys.c.title).where(
        journeys.c.post_number.in_(numbers)
    )
    with engine.connect() as connection:
        titles = {row.post_number: row.title or "" for row in connection.execute(query)}
    return [
        Change(
            kind=item.kind,
            event_type=item.event_type,
            aggregate_id=item.aggregate_id,
            title=titles.get(item.aggregate_id),
        )
        for item in items
    ]


def emails(mail: Mail) -> OpenChannel:
    """Opens an email subscription's channel (each email is its own SMTP session)."""

    @asynccontextmanager
    async def open_channel(target: DeliveryTarget) -> AsyncIterator[Channel]:
        yield EmailChannel(mail, target)

    return open_channel
