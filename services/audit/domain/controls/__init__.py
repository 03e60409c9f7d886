"""The control checks, in the order they are reported. Add a new one to `CHECKS`."""

from __future__ import annotations

from services.audit.domain.controls.approvals import ApprovedByHrStaff
from services.audit.domain.controls.base import ControlCheck
from services.audit.domain.controls.budget_moves import BudgetMoveMatchesTransfer
from services.audit.domain.controls.dates import NotEffectiveBeforeItsDate
from services.audit.domain.controls.lifecycle import EffectiveTransferFollowedTheSteps
from services.audit.domain.controls.live_transfers import OneLiveTransferPerPost

CHECKS: tuple[type[ControlCheck], ...] = (
    EffectiveTransferFollowedTheSteps,
    BudgetMoveMatchesTransfer,
    NotEffectiveBeforeItsDate,
    ApprovedByHrStaff,
    OneLiveTransferPerPost,
)

__all__ = ["CHECKS", "ControlCheck"]
