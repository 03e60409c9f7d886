"""Ending a post because a delivered redesign candidate no longer needs it.

A **vacant** post is disestablished directly: nobody is affected. A **filled** post is first
marked *at risk* (proposed as redundant): it must then be consulted on in a consultation
exercise, where it counts towards the collective redundancy duty and so sets the exercise's
clock, and only once that exercise has closed (agreed, or not agreed with HR's decision to
proceed) can the post be disestablished. Either way only a delivered candidate that claims
the post may end it, and a post ends once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from services.hr.domain.errors import PostEndingNotAllowed
from services.hr.domain.exercise import Exercise
from services.hr.domain.post import Post
from services.hr.domain.transfer import stage_words

DELIVERED = "delivered"


@dataclass(frozen=True, kw_only=True)
class KnownCandidate:
    """A redesign candidate as HR read it from the redesign topics."""

    candidate_id: str
    team: str
    status: str
    posts: frozenset[str]  # named when identified, or claimed by its benefit case


@dataclass(frozen=True, kw_only=True)
class PostEnding:
    """What a candidate has done to end a post so far."""

    post_number: str
    candidate_id: str
    team: str
    at_risk_on: date | None = None
    planned_end: date | None = None
    disestablished_on: date | None = None
    exercise_id: str | None = None


def delivered_claimant(
    post: Post, candidate_id: str, candidate: KnownCandidate | None
) -> KnownCandidate:
    """The candidate, when it is delivered and claims the post of its own team's function
    (whose budget line the saving comes off); else refuse, saying why."""
    post_number = post.post_number
    if candidate is None:
        raise PostEndingNotAllowed(
            f"candidate {candidate_id} is not known to HR: no redesign service has published it"
        )
    if candidate.status != DELIVERED:
        raise PostEndingNotAllowed(
            f"candidate {candidate_id} is {candidate.status.replace('_', ' ')}: only a "
            "delivered candidate can put posts at risk or disestablish them"
        )
    if post_number not in candidate.posts:
        named = ", ".join(sorted(candidate.posts)) or "none"
        raise PostEndingNotAllowed(
            f"post {post_number} is not one candidate {candidate_id} claims (it claims: {named})"
        )
    if post.function != candidate.team:
        raise PostEndingNotAllowed(
            f"post {post_number} is a {post.function} post: candidate {candidate_id} of "
            f"{candidate.team} cannot end it"
        )
    return candidate


def _refuse_ended_or_moving(post: Post, ending: PostEnding | None) -> None:
    if ending is not None and ending.disestablished_on is not None:
        raise PostEndingNotAllowed(
            f"post {post.post_number} was already disestablished on "
            f"{ending.disestablished_on:%d %B %Y} (candidate {ending.candidate_id})"
        )
    live = post.live_transfer
    if live is not None:
        raise PostEndingNotAllowed(
            f"post {post.post_number} has a transfer {stage_words(live.stage)} to "
            f"{live.team_name}: finish or cancel it first"
        )


def mark_at_risk(
    post: Post,
    ending: PostEnding | None,
    candidate: KnownCandidate,
    on: date,
    planned_end: date,
    reason: str,
) -> PostEnding:
    """Propose the filled post as redundant: it now waits for its consultation."""
    _refuse_ended_or_moving(post, ending)
    if ending is not None and ending.at_risk_on is not None:
        raise PostEndingNotAllowed(
            f"post {post.post_number} is already at risk since {ending.at_risk_on:%d %B %Y} "
            f"(candidate {ending.candidate_id})"
        )
    if post.employee_ref is None:
        raise PostEndingNotAllowed(
            f"post {post.post_number} is vacant: nobody is at risk, so it can be "
            "disestablished directly"
        )
    if planned_end < on:
        raise PostEndingNotAllowed(
            f"the post cannot be proposed to end on {planned_end:%d %B %Y}, before it is put "
            f"at risk on {on:%d %B %Y}"
        )
    if not reason.strip():
        raise PostEndingNotAllowed("putting a post at risk needs the reason staff will be given")
    return PostEnding(
        post_number=post.post_number,
        candidate_id=candidate.candidate_id,
        team=candidate.team,
        at_risk_on=on,
        planned_end=planned_end,
    )


def disestablish(
    post: Post,
    ending: PostEnding | None,
    candidate: KnownCandidate,
    effective_date: date,
    exercise: Exercise | None,
) -> PostEnding:
    """Take the post out of the establishment: a vacant one directly, a filled one only
    after the consultation on it as at risk has closed and allows it."""
    _refuse_ended_or_moving(post, ending)
    if post.employee_ref is None:
        base = ending or PostEnding(
            post_number=post.post_number, candidate_id=candidate.candidate_id, team=candidate.team
        )
        return replace(base, disestablished_on=effective_date)
    if ending is None or ending.at_risk_on is None:
        raise PostEndingNotAllowed(
            f"post {post.post_number} is filled: it must be marked at risk and consulted on "
            "before it can be disestablished"
        )
    if ending.candidate_id != candidate.candidate_id:
        raise PostEndingNotAllowed(
            f"post {post.post_number} is at risk for candidate {ending.candidate_id}, not "
            f"{candidate.candidate_id}"
        )
    return replace(
        ending,
        disestablished_on=_after_consultation(post.post_number, exercise, effective_date),
        exercise_id=exercise.exercise_id if exercise else None,
    )


def _after_consultation(post_number: str, exercise: Exercise | None, effective: date) -> date:
    if exercise is None:
        raise PostEndingNotAllowed(
            f"post {post_number} is at risk but no consultation exercise has consulted on it "
            "yet: open one before it can be disestablished"
        )
    blocked = exercise.blocks_approval
    if blocked is not None:
        raise PostEndingNotAllowed(f"post {post_number} cannot be disestablished: {blocked}")
    assert exercise.closed_on is not None  # a closed exercise has its day
    if effective < exercise.closed_on:
        raise PostEndingNotAllowed(
            f"post {post_number} cannot end on {effective:%d %B %Y}, before its consultation "
            f"closed on {exercise.closed_on:%d %B %Y}"
        )
    return effective
