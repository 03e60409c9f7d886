"""The consultation periods both HR (which sets the clock) and the audit (which checks it) apply.

Here, beside the event schemas, so the two cannot disagree and neither imports the other:
- the council's local policy minimum (30 calendar days unless configured otherwise);
- the statutory collective rule (TULRCA 1992, s.188 and s.193): 20–99 posts proposed as
  redundant at one establishment within 90 days need at least 30 days of consultation before
  the first dismissal; 100 or more, 45 days; form HR1 is due by the same deadline.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

COLLECTIVE_WINDOW_DAYS: Final = 90
# (fewest posts, days of consultation before the first dismissal), largest first.
COLLECTIVE_THRESHOLDS: Final = ((100, 45), (20, 30))
DEFAULT_MINIMUM_DAYS: Final = 30


def window_start(on: date) -> date:
    """The first day of the rolling 90 days that end on `on` (both days counted)."""
    return on - timedelta(days=COLLECTIVE_WINDOW_DAYS - 1)


def statutory_days(posts_counted: int) -> int | None:
    """Days of collective consultation the statute requires for this many posts, if any."""
    for fewest, days in COLLECTIVE_THRESHOLDS:
        if posts_counted >= fewest:
            return days
    return None
