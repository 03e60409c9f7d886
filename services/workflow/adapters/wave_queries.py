"""The posts of a wave and when each reached consultation, approval and its move, read
from the tracker's tables (the journeys say which posts; their facts say when)."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import Connection, select

from services.workflow.adapters.tables import journeys, post_events
from services.workflow.domain.waves import WavePlan
from shared.chunks import chunks
from shared.programme.facts import MILESTONE_OF, milestone_date
from shared.programme.progress import MILESTONES, PostDates

# The facts that mark a wave's milestones (not the consultation's close: no wave plans it).
_MARKING = [event for event, milestone in MILESTONE_OF.items() if milestone in MILESTONES]


def posts_of_wave(connection: Connection, plan: WavePlan) -> list[PostDates]:
    """The wave's posts: its functions' registered posts in its departments, neither agreed
    out of scope nor central already (nothing to move), with their milestone dates."""
    c = journeys.c
    query = select(c.post_number, c.department, c.function, c.annual_cost).where(
        c.registered.is_(True),
        c.function.in_(plan.functions),
        c.scope != "out_of_scope",
        c.already_central.is_(False),
    )
    if plan.departments:
        query = query.where(c.department.in_(plan.departments))
    posts = {row.post_number: row for row in connection.execute(query)}
    reached = _first_dates(connection, sorted(posts))
    return [
        PostDates(
            post_number=number,
            department=row.department,
            function=row.function,
            annual_cost=row.annual_cost,
            **reached.get(number, {}),
        )
        for number, row in sorted(posts.items())
    ]


def _first_dates(connection: Connection, post_numbers: list[str]) -> dict[str, dict[str, date]]:
    """Per post, the first date each milestone was reached (a later transfer does not
    move a consultation already begun)."""
    c = post_events.c
    found: dict[str, dict[str, date]] = {}
    for part in chunks(post_numbers):
        query = select(c.post_number, c.event_type, c.occurred_at, c.payload).where(
            c.post_number.in_(part), c.event_type.in_(_MARKING)
        )
        for row in connection.execute(query):
            occurred_on = date.fromisoformat(row.occurred_at[:10])
            when = milestone_date(row.event_type, occurred_on, json.loads(row.payload))
            milestone = MILESTONE_OF[row.event_type]
            dates = found.setdefault(row.post_number, {})
            if milestone not in dates or when < dates[milestone]:
                dates[milestone] = when
    return found
