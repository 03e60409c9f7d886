"""A redesign candidate's life: identified → assessed → approved → in delivery → delivered,
or rejected before delivery starts. Illegal moves are refused with an officer's sentence."""

from __future__ import annotations

from enum import StrEnum

from services.finance.domain.errors import NotAllowed


class CandidateStatus(StrEnum):
    IDENTIFIED = "identified"
    ASSESSED = "assessed"
    APPROVED = "approved"
    IN_DELIVERY = "in_delivery"
    DELIVERED = "delivered"
    REJECTED = "rejected"


# action -> (statuses it may start from, status it leads to)
MOVES: dict[str, tuple[frozenset[CandidateStatus], CandidateStatus]] = {
    "assess": (
        frozenset({CandidateStatus.IDENTIFIED, CandidateStatus.ASSESSED}),
        CandidateStatus.ASSESSED,
    ),
    "approve": (frozenset({CandidateStatus.ASSESSED}), CandidateStatus.APPROVED),
    "reject": (
        frozenset({CandidateStatus.IDENTIFIED, CandidateStatus.ASSESSED, CandidateStatus.APPROVED}),
        CandidateStatus.REJECTED,
    ),
    "start_delivery": (frozenset({CandidateStatus.APPROVED}), CandidateStatus.IN_DELIVERY),
    "deliver": (frozenset({CandidateStatus.IN_DELIVERY}), CandidateStatus.DELIVERED),
}

WORDS = {
    "assess": "assessed",
    "approve": "approved",
    "reject": "rejected",
    "start_delivery": "put into delivery",
    "deliver": "marked delivered",
}


def next_status(candidate_id: str, current: CandidateStatus, action: str) -> CandidateStatus:
    """The status after `action`, or `NotAllowed` saying why it cannot happen now."""
    allowed_from, after = MOVES[action]
    if current not in allowed_from:
        raise NotAllowed(
            f"candidate {candidate_id} is {current.value.replace('_', ' ')}, so it cannot be "
            f"{WORDS[action]}"
        )
    return after
