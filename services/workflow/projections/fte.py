"""What the FTE-release command checks against: what a candidate released so far, and a
post's share (`FteReleased` rows are kept by `projections/benefits.py`; the figures are read
in `adapters/fte_queries.py`)."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from services.workflow.adapters.fte_queries import releases
from services.workflow.adapters.tables import fte_releases, journeys, post_endings
from services.workflow.domain.fte_release import PostShare


def released_by(connection: Connection, candidate_id: str) -> float:
    """Every FTE the candidate released so far, its disestablished posts' included."""
    return float(sum(row["fte"] for row in releases(connection, candidate_id)))


def post_share(connection: Connection, post_number: str) -> PostShare:
    """The post's FTE (as the tracker knows it), what is released of it, and whether it was
    disestablished."""
    fte = connection.execute(
        select(journeys.c.fte).where(journeys.c.post_number == post_number)
    ).scalar_one_or_none()
    ended = connection.execute(
        select(post_endings.c.disestablished_on).where(post_endings.c.post_number == post_number)
    ).scalar_one_or_none()
    released = connection.execute(
        select(func.coalesce(func.sum(fte_releases.c.fte), 0.0)).where(
            fte_releases.c.post_number == post_number
        )
    ).scalar_one()
    return PostShare(
        post_number=post_number, fte=fte, released=float(released), disestablished=ended is not None
    )
