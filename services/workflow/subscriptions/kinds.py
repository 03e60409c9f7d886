"""The kinds of change a lead may subscribe to, and the events of each: the one place.

Events with no department (a team centralised, a process registered, savings targets) are
not in any department's feed, so they belong to no kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from shared.events import (
    benefits,
    consultation,
    finance,
    hr,
    interventions,
    milestones,
    programme,
    redesign,
    transparency,
)
from shared.events.base import EventPayload
from shared.events.erasure import EmployeeDataErased
from shared.events.post_corrections import PostFactCorrected

KINDS: Final[dict[str, tuple[type[EventPayload], ...]]] = {
    "posts": (
        hr.PostRegistered, hr.PostUpdated, hr.PostScopeProposed, hr.PostScopeAgreed,
        hr.PostScopeChallenged, hr.ReportingLineChanged, hr.PostChangeScheduled,
        PostFactCorrected,
        hr.PostMarkedAtRisk, hr.PostDisestablished,
    ),
    "transfers": (
        hr.TransferProposed, hr.EffectiveDateChanged, hr.ConsultationOpened,
        hr.ConsultationClosed, hr.TransferApproved, hr.TransferRejected,
        hr.TransferEffective, hr.TransferCancelled, hr.TransferRescinded,
    ),
    "budgets": (
        finance.BudgetCheckPassed, finance.BudgetCheckFailed, finance.BudgetReserved,
        finance.BudgetMoved, finance.BudgetReleased, finance.BudgetMoveReversed,
    ),
    "milestones": (
        milestones.PostMoveCompleted, milestones.TransferStalled, milestones.PostMoveWithdrawn,
        milestones.WaveSlipped,
    ),
    "candidates": (
        redesign.CandidateIdentified, redesign.CandidateAssessed, redesign.CandidateApproved,
        redesign.CandidateRejected, redesign.CandidateDeliveryStarted,
        redesign.CandidateDelivered,
    ),
    # An exercise spans departments: each event reaches every department it consults.
    "consultations": consultation.EVENTS,
}  # fmt: skip
# Events that name no department, so are in no lead's feed (a test holds every event in the
# catalogue to being in one kind or here).
IN_NO_FEED: Final[dict[type[EventPayload], str]] = {
    milestones.TeamCentralised: "about a central team, not a department",
    milestones.TeamCentralisationWithdrawn: "about a central team, not a department",
    redesign.ProcessRegistered: "a process belongs to a function, not a department",
    redesign.ProcessReviewStarted: "a process belongs to a function, not a department",
    finance.SavingsTargetSet: "savings are per central team",
    finance.SavingsRealised: "savings are per central team",
    hr.TeamHeadNamed: "about a central team's head, not a department",
    programme.WavePlanned: "the programme's plan; a missed date reaches leads as WaveSlipped",
    programme.WaveReplanned: "the programme's plan; a missed date reaches leads as WaveSlipped",
    programme.EqualityImpactAssessmentRecorded: "a wave's record, read from the programme API",
    finance.ProgrammeSavingsTargetSet: "a target for a whole department or programme",
    finance.CentralBudgetReduced: "a central team's budget line, not a department's",
    interventions.DeadLetterResolved: "an operator's act on a service, for the audit",
    transparency.SigningKeyPublished: "a producer's signing key, for the audit",
    transparency.CheckpointSigned: "a producer's signed log, for the audit",
    EmployeeDataErased: "HR's business with one person (even that they asked is theirs); "
    "the post's timeline says it",
    **{
        event: "the benefits register is the programme's, per candidate"
        for event in benefits.EVENTS
    },
}
ALL_KINDS: Final = tuple(KINDS)
_KIND_OF: Final = {event: kind for kind, events in KINDS.items() for event in events}


class UnknownKind(ValueError):
    """A subscription named a kind of change that does not exist."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"unknown kind {kind!r}: choose from {', '.join(ALL_KINDS)}")


def kind_of(event: type[EventPayload]) -> str | None:
    """The kind an event belongs to, or None when it is in no department's feed."""
    return _KIND_OF.get(event)


def parse_kinds(kinds: Iterable[str] | None) -> tuple[str, ...]:
    """Validated kinds in the documented order; none given means every kind."""
    wanted = {kind.strip().lower() for kind in kinds or () if kind.strip()}
    for kind in wanted:
        if kind not in KINDS:
            raise UnknownKind(kind)
    return tuple(kind for kind in ALL_KINDS if kind in wanted) if wanted else ALL_KINDS
