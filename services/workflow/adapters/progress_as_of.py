"""Progress as at a date, as known on a date: every post's journey folded as it was then
(domain/journey_as_of.py) into a journeys table of its own, in memory, so the same grouped
queries (progress_queries.py) count it as they count the journeys of today."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from sqlalchemy import Connection, StaticPool, create_engine, insert, select

from services.workflow.adapters.journey_bulk import upsert_journeys
from services.workflow.adapters.journey_store import dated_facts
from services.workflow.adapters.tables import journeys, post_endings
from services.workflow.domain.journey_as_of import journey_as_of

T = TypeVar("T")


def as_of_then(
    connection: Connection, as_of: date, as_known_on: date | None, query: Callable[[Connection], T]
) -> T:
    """Run `query` over the journeys as they were on `as_of`, as known on `as_known_on`."""
    folded = [
        journey_as_of(post, facts, as_of, as_known_on)
        for post, facts in dated_facts(connection).items()
    ]
    # Posts ended by then leave the counts, as today's queries leave out today's endings.
    ended = [
        dict(row._mapping)
        for row in connection.execute(
            select(post_endings).where(post_endings.c.disestablished_on <= as_of)
        )
    ]
    # One answer's scratch tables: a private in-memory database, dropped when it returns.
    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        with engine.begin() as scratch:
            journeys.create(scratch)
            post_endings.create(scratch)
            upsert_journeys(scratch, folded)
            if ended:
                scratch.execute(insert(post_endings), ended)
            return query(scratch)
    finally:
        engine.dispose()
