"""HR facts that leave a journey's move as it was or undo it: reporting lines and changes
not yet in effect (timeline only), and a rescinded move (the post is back)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # journey.py imports these steps at run time
    from services.workflow.domain.journey import Journey, PostFact


def rescinded(journey: Journey, fact: PostFact) -> None:
    """The move was a mistake: the post is back in its department, nothing moved."""
    journey.team = None
    journey.moved_fte, journey.moved_annual_cost, journey.moved_on = 0.0, 0, None


def timeline_only(journey: Journey, fact: PostFact) -> None:
    """A reporting-line fact, or a change not yet in effect: on the post's timeline, but
    the journey follows the post's team and budget, which neither changes (a scheduled
    change reaches the journey as the PostUpdated HR sends on its date). A post at risk or
    disestablished keeps the journey of its move: progress counts its ending apart
    (`projections/endings.py`)."""
