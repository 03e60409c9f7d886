"""The control checks, in the order they are reported. Add a new one to `CHECKS`."""

from __future__ import annotations

from services.audit.domain.controls.approvals import ApprovedByHrStaff
from services.audit.domain.controls.base import POLICY, AuditPolicy, ControlCheck
from services.audit.domain.controls.budget_moves import BudgetMoveMatchesTransfer
from services.audit.domain.controls.consultation_length import ConsultationRanLongEnough
from services.audit.domain.controls.corrections import CorrectionsHadTwoPeople
from services.audit.domain.controls.dates import NotEffectiveBeforeItsDate
from services.audit.domain.controls.dead_letters import DeadLettersAreResolved
from services.audit.domain.controls.hr1 import CollectiveThresholdHasHr1
from services.audit.domain.controls.lifecycle import EffectiveTransferFollowedTheSteps
from services.audit.domain.controls.live_transfers import OneLiveTransferPerPost
from services.audit.domain.controls.moved_budgets import EffectiveTransferHasItsBudgetMove
from services.audit.domain.controls.not_agreed import ApprovalFollowedTheOutcome
from services.audit.domain.controls.out_of_scope import NoTransferOutOfScope
from services.audit.domain.controls.post_endings import FilledPostEndedAfterConsultation
from services.audit.domain.controls.questions import ExerciseClosedWithEveryAnswer
from services.audit.domain.controls.rescinds import RescindHasItsReversal, ReversalHasItsRescind
from services.audit.domain.controls.separation import (
    ProposerDidNotApprove,
    SeniorApprovedAboveLimit,
)
from services.audit.domain.controls.wave_decisions import (
    ApprovalAfterEqualityAssessment,
    ApprovalNamedItsDecision,
)

CHECKS: tuple[type[ControlCheck], ...] = (
    EffectiveTransferFollowedTheSteps,
    BudgetMoveMatchesTransfer,
    EffectiveTransferHasItsBudgetMove,
    NotEffectiveBeforeItsDate,
    ApprovedByHrStaff,
    OneLiveTransferPerPost,
    ConsultationRanLongEnough,
    ApprovalFollowedTheOutcome,
    NoTransferOutOfScope,
    ExerciseClosedWithEveryAnswer,
    CollectiveThresholdHasHr1,
    ApprovalNamedItsDecision,
    ApprovalAfterEqualityAssessment,
    DeadLettersAreResolved,
    CorrectionsHadTwoPeople,
    RescindHasItsReversal,
    ReversalHasItsRescind,
    FilledPostEndedAfterConsultation,
    ProposerDidNotApprove,
    SeniorApprovedAboveLimit,
)

__all__ = ["CHECKS", "POLICY", "AuditPolicy", "ControlCheck"]
