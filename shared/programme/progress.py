"""Planned versus actual for one wave, as of a date: pure arithmetic over posts' dates.

A wave has three milestones, each with a planned date in its current plan:
`consultation_started`, `approved` and `moved`. A milestone is **achieved** once every
post of the wave has reached it (its date: the last post's); it **slipped** when its planned
date has passed and some post has not. Counts of posts reached are shown either way, so
"37 of 40 moved" reads beside the status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from shared.programme.plan import CLOSED_STATUSES, WavePlan

MILESTONES = ("consultation_started", "approved", "moved")


@dataclass(frozen=True, kw_only=True)
class PostDates:
    """When one post of a wave reached each milestone (None: not yet)."""

    post_number: str
    department: str | None
    function: str | None = None
    annual_cost: int = 0
    consultation_started: date | None = None
    approved: date | None = None
    moved: date | None = None

    def reached(self, milestone: str, as_of: date) -> date | None:
        """The date it reached the milestone, if on or before `as_of`."""
        when: date | None = getattr(self, milestone)
        return when if when is not None and when <= as_of else None


@dataclass(frozen=True, kw_only=True)
class MilestoneProgress:
    """One milestone of a wave: planned date, posts that reached it, and its status."""

    milestone: str
    planned_on: date
    posts_reached: int
    posts_in_wave: int
    achieved_on: date | None
    status: str  # achieved, achieved_late, due, slipped, no_posts


@dataclass(frozen=True, kw_only=True)
class WaveProgress:
    """A wave's planned versus actual as of a date."""

    as_of: date
    posts_in_wave: int
    posts_planned_to_have_moved: int
    posts_moved: int
    annual_cost_moved: int
    milestones: list[MilestoneProgress]


def milestone_progress(
    plan: WavePlan, milestone: str, posts: Sequence[PostDates], as_of: date
) -> MilestoneProgress:
    """Where one milestone stands on `as_of`."""
    planned = planned_date(plan, milestone)
    dates = [d for post in posts if (d := post.reached(milestone, as_of)) is not None]
    achieved = max(dates) if posts and len(dates) == len(posts) else None
    if not posts:
        status = "no_posts"
    elif achieved is not None:
        status = "achieved" if achieved <= planned else "achieved_late"
    else:
        status = "slipped" if as_of > planned else "due"
    return MilestoneProgress(
        milestone=milestone,
        planned_on=planned,
        posts_reached=len(dates),
        posts_in_wave=len(posts),
        achieved_on=achieved,
        status=status,
    )


def wave_progress(plan: WavePlan, posts: Sequence[PostDates], as_of: date) -> WaveProgress:
    """Posts planned to have moved by `as_of` against posts moved, and each milestone."""
    moved = [post for post in posts if post.reached("moved", as_of) is not None]
    return WaveProgress(
        as_of=as_of,
        posts_in_wave=len(posts),
        posts_planned_to_have_moved=len(posts) if as_of >= plan.effective_on else 0,
        posts_moved=len(moved),
        annual_cost_moved=sum(post.annual_cost for post in moved),
        milestones=[milestone_progress(plan, m, posts, as_of) for m in MILESTONES],
    )


def slipped_milestones(
    plan: WavePlan, posts: Sequence[PostDates], today: date
) -> list[MilestoneProgress]:
    """The milestones of an open wave whose planned date has passed unmet."""
    if plan.status in CLOSED_STATUSES:
        return []
    progress = [milestone_progress(plan, m, posts, today) for m in MILESTONES]
    return [p for p in progress if p.status == "slipped"]


def planned_date(plan: WavePlan, milestone: str) -> date:
    """The plan's date for a milestone."""
    return {
        "consultation_started": plan.consultation_starts_on,
        "approved": plan.approval_by,
        "moved": plan.effective_on,
    }[milestone]
