"""Releasing FTE: only a delivered candidate, only from a post it claims and still has, and
never more than the post, or than the candidate's process takes as it is."""

from __future__ import annotations

from typing import Any

import pytest

from services.workflow.domain.benefit_rules import BenefitConflict, BenefitRefused
from services.workflow.domain.fte_release import PostShare, check_release

CLAIMED = frozenset({"30001", "30002"})


def release(**changes: Any) -> None:
    values: dict[str, Any] = {
        "candidate_id": "CAN-1", "status": "delivered", "fte": 0.5, "claimed": CLAIMED,
        "post": None, "released_by_candidate": 0.0, "process_fte": 5.6, **changes,
    }  # fmt: skip
    check_release(**values)


def share(released: float = 0.0, disestablished: bool = False) -> PostShare:
    return PostShare(post_number="30001", fte=1.0, released=released, disestablished=disestablished)


def test_a_delivered_candidate_releases_fte_from_its_team_or_a_post_it_claims() -> None:
    release()
    release(post=share(released=0.5))


@pytest.mark.parametrize(
    ("changes", "refusal"),
    [
        ({"status": "in_delivery"}, "CAN-1 is in delivery; FTE is released only once"),
        ({"post": PostShare(post_number="30009", fte=1.0, released=0, disestablished=False)},
         "post 30009 is not one candidate CAN-1 claims"),
        ({"post": share(disestablished=True)}, "30001 was disestablished: its whole FTE"),
        ({"post": share(released=0.75)}, "30001 is 1 FTE and 0.75 of it is released already: "
                                        "at most 0.25 more can be"),
        ({"released_by_candidate": 5.4}, "would release 5.9 FTE, more than the 5.6 FTE its "
                                         "process takes"),
    ],
)  # fmt: skip
def test_fte_is_not_released_twice_nor_by_a_candidate_not_delivered(
    changes: dict[str, Any], refusal: str
) -> None:
    with pytest.raises(BenefitConflict, match=refusal):
        release(**changes)


def test_nothing_is_not_a_release() -> None:
    with pytest.raises(BenefitRefused, match="more than 0"):
        release(fte=0)
