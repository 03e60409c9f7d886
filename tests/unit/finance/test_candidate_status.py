"""A redesign candidate moves identified → assessed → approved → in delivery → delivered."""

from __future__ import annotations

import pytest

from services.finance.domain.errors import NotAllowed
from services.finance.domain.redesign import CandidateStatus, next_status


def test_a_candidate_walks_the_whole_way_to_delivered() -> None:
    status = CandidateStatus.IDENTIFIED
    for action in ("assess", "approve", "start_delivery", "deliver"):
        status = next_status("C-1", status, action)
    assert status is CandidateStatus.DELIVERED


def test_a_candidate_cannot_be_approved_before_it_is_assessed() -> None:
    with pytest.raises(NotAllowed, match="candidate C-1 is identified, so it cannot be approved"):
        next_status("C-1", CandidateStatus.IDENTIFIED, "approve")


def test_a_rejected_candidate_cannot_be_delivered() -> None:
    with pytest.raises(NotAllowed):
        next_status("C-1", CandidateStatus.REJECTED, "start_delivery")


def test_a_candidate_in_delivery_can_no_longer_be_rejected() -> None:
    with pytest.raises(NotAllowed, match="in delivery"):
        next_status("C-1", CandidateStatus.IN_DELIVERY, "reject")
