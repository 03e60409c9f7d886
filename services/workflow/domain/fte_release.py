"""Releasing FTE: a delivered candidate gives back staff time, from one post it claims or
from its team as a whole, never counting the same time twice.

- Only a delivered candidate releases FTE.
- From a post: the candidate must claim it (identified with it, or in its benefit case);
  a post disestablished has released its whole FTE already; and what is released from a
  post never exceeds the post's FTE, whoever released it.
- Altogether (from posts, its team and its disestablished posts) a candidate never releases
  more FTE than its process takes as it is (`domain/benefits.py`), when that is known.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.workflow.domain.benefit_rules import BenefitConflict, BenefitRefused


@dataclass(frozen=True, slots=True, kw_only=True)
class PostShare:
    """A post as the release from it is checked: its FTE and what is released of it."""

    post_number: str
    fte: float | None  # None: the tracker has not seen the post
    released: float  # by every candidate so far
    disestablished: bool


def check_release(
    *,
    candidate_id: str,
    status: str,
    fte: float,
    claimed: frozenset[str],
    post: PostShare | None,
    released_by_candidate: float,
    process_fte: float | None,
) -> None:
    """Refuse a release that is not the candidate's to make or counts FTE twice."""
    if fte <= 0:
        raise BenefitRefused("the FTE released must be more than 0")
    if status != "delivered":
        raise BenefitConflict(
            f"candidate {candidate_id} is {status.replace('_', ' ')}; FTE is released only "
            "once it is delivered"
        )
    if post is not None:
        _check_post(candidate_id, fte, claimed, post)
    total = released_by_candidate + fte
    if process_fte is not None and total > process_fte + 1e-9:
        raise BenefitConflict(
            f"candidate {candidate_id} would release {total:g} FTE, more than the "
            f"{process_fte:g} FTE its process takes as it is"
        )


def _check_post(candidate_id: str, fte: float, claimed: frozenset[str], post: PostShare) -> None:
    number = post.post_number
    if number not in claimed:
        raise BenefitConflict(f"post {number} is not one candidate {candidate_id} claims")
    if post.disestablished:
        raise BenefitConflict(
            f"post {number} was disestablished: its whole FTE was released with it"
        )
    if post.fte is None:
        raise BenefitConflict(f"post {number} is not in the establishment Workflow follows")
    if post.released + fte > post.fte + 1e-9:
        left = max(post.fte - post.released, 0)
        raise BenefitConflict(
            f"post {number} is {post.fte:g} FTE and {post.released:g} of it is released "
            f"already: at most {left:g} more can be"
        )
