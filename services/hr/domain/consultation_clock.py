"""How long a consultation must run: the council's policy, and the statutory collective rule.

Two clocks apply and the longer wins:
- **Local policy**: every consultation exercise runs at least `minimum_days` (the council's
  default is 30 calendar days; configurable, `CONSULTATION_MINIMUM_DAYS`).
- **Collective redundancy consultation** (TULRCA 1992, s.188 and s.193): where 20–99 posts
  at one establishment are proposed as redundant within 90 days, consultation must begin at
  least 30 days before the first dismissal takes effect; 100 or more, at least 45 days. An
  HR1 notification to the Secretary of State is due by the same deadline.

Days are calendar days, as the statute counts them; a period may end on a weekend or bank
holiday (the next working day is not substituted: the law's deadline is the earlier one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

# The thresholds live beside the events, so the audit checks the same rule HR applies.
from shared.events.consultation_rules import COLLECTIVE_THRESHOLDS as COLLECTIVE_THRESHOLDS
from shared.events.consultation_rules import COLLECTIVE_WINDOW_DAYS as COLLECTIVE_WINDOW_DAYS
from shared.events.consultation_rules import DEFAULT_MINIMUM_DAYS as DEFAULT_MINIMUM_DAYS
from shared.events.consultation_rules import statutory_days, window_start


@dataclass(frozen=True, kw_only=True)
class CollectiveDuty:
    """The statutory duty triggered by redundancy proposals counted together."""

    posts_counted: int
    window_start: date
    window_end: date
    days_before_first_dismissal: int

    def consult_from(self, first_dismissal: date) -> date:
        """The last day consultation may begin for this first dismissal date."""
        return first_dismissal - timedelta(days=self.days_before_first_dismissal)

    def hr1_due(self, first_dismissal: date) -> date:
        """When form HR1 must reach the Secretary of State (s.193): the same deadline."""
        return self.consult_from(first_dismissal)

    @property
    def words(self) -> str:
        return (
            f"{self.posts_counted} posts proposed as redundant between "
            f"{self.window_start:%d %B %Y} and {self.window_end:%d %B %Y}: collective "
            f"consultation of at least {self.days_before_first_dismissal} days applies"
        )


def collective_duty(proposed_on: Iterable[date], on: date) -> CollectiveDuty | None:
    """The collective duty for proposals of redundancy counted over the 90 days to `on`.

    `proposed_on` holds the date each at-risk post was proposed as redundant at this
    establishment; proposals in the rolling window [on − 89 days, on] count together.
    """
    start = window_start(on)
    counted = sum(1 for day in proposed_on if start <= day <= on)
    days = statutory_days(counted)
    if days is None:
        return None
    return CollectiveDuty(
        posts_counted=counted, window_start=start, window_end=on, days_before_first_dismissal=days
    )


@dataclass(frozen=True, kw_only=True)
class ConsultationClock:
    """Which rule sets an exercise's earliest close, and when that is."""

    opened_on: date
    minimum_days: int
    rule: str
    earliest_close: date
    hr1_due: date | None = None

    def days_left(self, today: date) -> int:
        return max(0, (self.earliest_close - today).days)

    def may_close_on(self, day: date) -> bool:
        return day >= self.earliest_close

    def refusal(self, day: date) -> str:
        """The sentence an HR officer reads when closing on `day` is too early."""
        return (
            f"the consultation cannot close on {day:%d %B %Y}: {self.rule} requires at least "
            f"{self.minimum_days} days, so it may close on or after {self.earliest_close:%d %B %Y}"
        )


def consultation_clock(
    *,
    opened_on: date,
    policy_minimum_days: int = DEFAULT_MINIMUM_DAYS,
    duty: CollectiveDuty | None = None,
    first_dismissal: date | None = None,
) -> ConsultationClock:
    """The clock of an exercise opened on `opened_on`: the longer of policy and statute."""
    rule, days = "the council's consultation policy", policy_minimum_days
    if duty is not None and duty.days_before_first_dismissal > days:
        rule, days = "the statutory collective consultation rule", duty.days_before_first_dismissal
    hr1 = duty.hr1_due(first_dismissal) if duty and first_dismissal else None
    return ConsultationClock(
        opened_on=opened_on,
        minimum_days=days,
        rule=rule,
        earliest_close=opened_on + timedelta(days=days),
        hr1_due=hr1,
    )
