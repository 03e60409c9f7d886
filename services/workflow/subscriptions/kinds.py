"""The kinds of change a lead may subscribe to, and the event types of each: the one place.

Events with no department (a team centralised, a process registered, savings targets) are
not in any department's feed, so they belong to no kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from shared.events import finance, hr, milestones, redesign
from shared.events.base import EventPayload


def _types(*payloads: type[EventPayload]) -> tuple[str, ...]:
    return tuple(payload.EVENT_TYPE for payload in payloads)


KINDS: Final[dict[str, tuple[str, ...]]] = {
    "posts": _types(hr.PostRegistered, hr.PostUpdated),
    "transfers": _types(
        hr.TransferProposed, hr.EffectiveDateChanged, hr.ConsultationOpened,
        hr.ConsultationClosed, hr.TransferApproved, hr.TransferRejected,
        hr.TransferEffective, hr.TransferCancelled,
    ),
    "budgets": _types(
        finance.BudgetCheckPassed, finance.BudgetCheckFailed, finance.BudgetReserved,
        finance.BudgetMoved, finance.BudgetReleased,
    ),
    "milestones": _types(milestones.PostMoveCompleted, milestones.TransferStalled),
    "candidates": _types(
        redesign.CandidateIdentified, redesign.CandidateAssessed, redesign.CandidateApproved,
        redesign.CandidateRejected, redesign.CandidateDeliveryStarted,
        redesign.CandidateDelivered,
    ),
}  # fmt: skip
ALL_KINDS: Final = tuple(KINDS)
_KIND_OF_TYPE: Final = {event_type: kind for kind, types in KINDS.items() for event_type in types}


class UnknownKind(ValueError):
    """A subscription named a kind of change that does not exist."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"unknown kind {kind!r}: choose from {', '.join(ALL_KINDS)}")


def kind_of(event_type: str) -> str | None:
    """The kind an event type belongs to, or None when it is in no department's feed."""
    return _KIND_OF_TYPE.get(event_type)


def parse_kinds(kinds: Iterable[str] | None) -> tuple[str, ...]:
    """Validated kinds in the documented order; none given means every kind."""
    wanted = {kind.strip().lower() for kind in kinds or () if kind.strip()}
    for kind in wanted:
        if kind not in KINDS:
            raise UnknownKind(kind)
    return tuple(kind for kind in ALL_KINDS if kind in wanted) if wanted else ALL_KINDS
