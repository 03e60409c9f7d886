"""What the replica tests share: events of five teams recorded in interleaved rounds, and
how many of them the outbox still holds unsent."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select

from shared.events.envelope import Actor
from shared.events.finance import SavingsTargetSet
from shared.persistence.outbox import EventContext, NewEvent, record_events
from shared.persistence.tables import MessagingTables

TEAMS = ("FIN", "HRS", "ICT", "COM", "POL")


def record_rounds(engine: Engine, tables: MessagingTables, prefix: str, rounds: range) -> list[str]:
    """A savings target per team per round, each round its own transaction; the event ids."""
    context = EventContext(
        producer="finance",
        actor=Actor(id="f1", role="finance_staff"),
        correlation_id=uuid.uuid4(),
        topic_prefix=prefix,
    )
    ids: list[str] = []
    for amount in rounds:
        events = [
            NewEvent(
                payload=SavingsTargetSet(team=team, financial_year="2026/27", amount=amount),
                aggregate_id=team,
            )
            for team in TEAMS
        ]
        with engine.begin() as connection:
            documents = record_events(connection, tables, context, events, datetime.now(UTC))
        ids += [str(document["event_id"]) for document in documents]
    return ids


def unsent(engine: Engine, tables: MessagingTables) -> int:
    """How many events the outbox holds that no relay has published yet."""
    with engine.connect() as connection:
        query = select(func.count()).where(tables.outbox.c.sent_at.is_(None))
        return int(connection.scalar(query) or 0)
