"""The 90-day count of posts proposed as redundant, recomputed from the exercises on the log.

HR records its own count (`at_risk_posts`) on each opening; the audit does not trust it alone.
Each exercise names its at-risk posts, so the count is rebuilt as HR's clock defines it: the
distinct at-risk posts of the exercises opened in the 90 days that end on this one's opening,
itself included (exercises opened earlier the same day first, by recorded time). The larger
of HR's count and the recount is what the statute is held to.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from services.audit.domain.records import AuditedEvent, EventRef
from shared.events import consultation as cx
from shared.events.consultation_rules import statutory_days, window_start


@dataclass(frozen=True, slots=True, kw_only=True)
class Opening:
    """What a check keeps of one exercise's opening: the clock it recorded, never the event."""

    exercise_id: str
    opened_on: date
    recorded_at: datetime
    posts: int
    minimum_days: int
    earliest_close: date
    rule: str
    hr1_due: date | None
    at_risk_recorded: int
    at_risk: tuple[str, ...]
    ref: EventRef

    @classmethod
    def of(cls, event: AuditedEvent) -> Opening:
        payload = event.payload
        assert isinstance(payload, cx.ConsultationExerciseOpened)
        return cls(
            exercise_id=payload.exercise_id, opened_on=payload.opened_on,
            recorded_at=event.envelope.recorded_at, posts=len(payload.post_numbers),
            minimum_days=payload.minimum_days, earliest_close=payload.earliest_close,
            rule=payload.rule, hr1_due=payload.hr1_due, at_risk_recorded=payload.at_risk_posts,
            at_risk=tuple(payload.at_risk_post_numbers), ref=event.ref,
        )  # fmt: skip

    @property
    def words(self) -> str:
        posts = "1 post" if self.posts == 1 else f"{self.posts} posts"
        return f"consultation exercise {self.exercise_id} ({posts}, opened {self.opened_on})"


def at_risk_counts(openings: list[Opening]) -> dict[str, int]:
    """Per exercise, the posts proposed as redundant counted with it over the rolling 90 days.

    One pass over the openings in date order with a sliding window: linear in the posts.
    """
    ordered = sorted(openings, key=lambda o: (o.opened_on, o.recorded_at))
    in_window: Counter[str] = Counter()
    counts: dict[str, int] = {}
    first = 0
    for opening in ordered:
        start = window_start(opening.opened_on)
        while ordered[first].opened_on < start:
            for post in ordered[first].at_risk:
                in_window[post] -= 1
                if not in_window[post]:
                    del in_window[post]  # so the window's size is its distinct posts
            first += 1
        in_window.update(opening.at_risk)
        counts[opening.exercise_id] = max(opening.at_risk_recorded, len(in_window))
    return counts


def statute_words(posts_counted: int) -> str:
    days = statutory_days(posts_counted)
    return (
        f"{posts_counted} posts proposed as redundant within 90 days: the statutory collective "
        f"rule requires at least {days} days of consultation"
    )
