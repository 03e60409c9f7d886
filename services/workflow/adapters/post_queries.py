"""Reading journeys: one post, a filtered list, and the posts that may be blocked."""

from __future__ import annotations

from sqlalchemy import Connection, or_, select

from services.workflow.adapters.journey_store import journey_from_row
from services.workflow.adapters.tables import journeys
from services.workflow.domain.journey import LIVE_STAGES, Journey


def get_journey(connection: Connection, post_number: str) -> Journey | None:
    """The post's journey, or None if no event about it has been seen."""
    row = connection.execute(select(journeys).where(journeys.c.post_number == post_number)).first()
    return journey_from_row(row) if row else None


def list_journeys(
    connection: Connection,
    department: str | None,
    stage: str | None,
    function: str | None,
    limit: int,
    offset: int,
) -> list[Journey]:
    """Journeys matching the filters, by post number."""
    query = select(journeys).order_by(journeys.c.post_number).limit(limit).offset(offset)
    if department:
        query = query.where(journeys.c.department == department)
    if stage:
        query = query.where(journeys.c.stage == stage)
    if function:
        query = query.where(journeys.c.function == function)
    return [journey_from_row(row) for row in connection.execute(query)]


def live_journeys(connection: Connection, department: str | None) -> list[Journey]:
    """Journeys whose transfer is still under way: the only ones that can be blocked."""
    query = (
        select(journeys)
        .where(or_(*(journeys.c.stage == stage.value for stage in LIVE_STAGES)))
        .order_by(journeys.c.post_number)
    )
    if department:
        query = query.where(journeys.c.department == department)
    return [journey_from_row(row) for row in connection.execute(query)]
