"""What one row of a bulk run asks: the run's values, the row's own over them, and the
command they make (the same command one officer's request would give)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from services.hr.application import commands as c
from services.hr.domain.consultation_clock import DEFAULT_MINIMUM_DAYS
from services.hr.domain.wave_rules import Decision
from shared.approval_policy import UNCHECKED, ApprovalPolicy
from shared.records import record_from

BulkAction = Literal[
    "propose",
    "open_consultation",
    "close_consultation",
    "approve",
    "change_effective_date",
    "reject",
    "cancel",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class BulkOptions:
    """What every row of one run shares (only the fields its action needs are set)."""

    target_team: str | None = None
    effective_date: date | None = None
    reason: str = ""
    opened_on: date | None = None
    closes_by: date | None = None
    closed_on: date | None = None
    outcome: str = ""
    notes: str = ""
    today: date | None = None
    minimum_days: int = DEFAULT_MINIMUM_DAYS  # the consultation policy's minimum period
    decision: Decision = field(default_factory=Decision)  # approvals: the decision named
    line_manager: str | None = None  # date changes: the post reported to after the move
    by: str = ""  # the officer running it (the token's subject), and their role
    role: str = ""
    policy: ApprovalPolicy = UNCHECKED  # approvals: separation of duties and limits


# The values a row of these actions may give for itself (its CSV line's columns); where a row
# gives none, the run's own stands. Other actions take one set of values for every row.
ROW_VALUES: dict[str, tuple[str, ...]] = {
    "change_effective_date": ("effective_date", "reports_to", "reason"),
    "reject": ("reason",),
    "cancel": ("reason",),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class RowValues:
    """One row's own values: a new effective date, the line manager after the move
    (`reports_to`) and the reason; empty ones leave the run's value standing."""

    effective_date: date | None = None
    reports_to: str | None = None
    reason: str = ""

    def over_run(self, run: RowValues) -> RowValues:
        """What the row asks: its own values, the run's where it gives none (kept with the
        run, so that a rerun of the row asks the same)."""
        return RowValues(
            effective_date=self.effective_date or run.effective_date,
            reports_to=self.reports_to or run.reports_to,
            reason=self.reason or run.reason,
        )

    def over(self, options: BulkOptions) -> BulkOptions:
        return replace(
            options,
            effective_date=self.effective_date or options.effective_date,
            line_manager=self.reports_to or options.line_manager,
            reason=self.reason or options.reason,
        )


COMMANDS: dict[str, type[Any]] = {
    "propose": c.ProposeTransfer,
    "open_consultation": c.OpenConsultation,
    "close_consultation": c.CloseConsultation,
    "approve": c.ApproveTransfer,
    "change_effective_date": c.ChangeEffectiveDate,
    "reject": c.RejectTransfer,
    "cancel": c.CancelTransfer,
}


def command_for(
    action: BulkAction, post_number: str, options: BulkOptions, own: RowValues | None = None
) -> Any:
    """The command one row of the run gives: the run's values, under the row's own."""
    if own is not None:
        options = own.over(options)
    who: dict[str, str] = {}  # who proposes is kept for approval; who approves is checked
    if action == "propose":
        who = {"proposed_by": options.by}
    elif action == "approve":
        who = {"approver": options.by, "approver_role": options.role}
    return record_from(COMMANDS[action], options, post_number=post_number, **who)
