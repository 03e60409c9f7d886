"""A transfer: one post's move into a centralised team, as a state machine.

proposed → in consultation → consultation closed → approved → effective, with rejected
and cancelled as exits. Approval needs a closed consultation and a passed budget check.
Every refusal raises `TransferNotAllowed` with a sentence an HR officer understands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.hr.domain.consultation_clock import consultation_clock
from services.hr.domain.errors import TransferNotAllowed
from shared.events.stages import TransferStage

# Where a transfer is: the stages every service says the same way (`shared/events/stages.py`).
Stage = TransferStage


# Each stage as an officer says it: "a transfer ...", and "the transfer ...".
_PHRASES: dict[Stage, tuple[str, str]] = {
    Stage.PROPOSED: ("proposed", "is only proposed"),
    Stage.IN_CONSULTATION: ("in consultation", "is in consultation"),
    Stage.CONSULTATION_CLOSED: ("with consultation closed", "has had its consultation closed"),
    Stage.APPROVED: ("approved", "is approved"),
    Stage.EFFECTIVE: ("already effective", "has already taken effect"),
    Stage.REJECTED: ("rejected", "was rejected"),
    Stage.CANCELLED: ("cancelled", "was cancelled"),
    Stage.RESCINDED: ("rescinded", "was rescinded"),
}


def stage_words(stage: Stage) -> str:
    """How an officer says the stage: "already has a transfer {words}"."""
    return _PHRASES[stage][0]


def state_words(stage: Stage) -> str:
    """The stage as the end of "post 10423's transfer to Central Finance ..."."""
    return _PHRASES[stage][1]


LIVE_STAGES = frozenset(
    {Stage.PROPOSED, Stage.IN_CONSULTATION, Stage.CONSULTATION_CLOSED, Stage.APPROVED}
)
BEFORE_APPROVAL = frozenset({Stage.PROPOSED, Stage.IN_CONSULTATION, Stage.CONSULTATION_CLOSED})
CONSULTATION_OUTCOMES = frozenset({"agreed", "agreed_with_changes", "not_agreed"})


class BudgetCheck(StrEnum):
    """Finance's verdict on whether the moving post is funded."""

    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"


@dataclass(kw_only=True)
class Transfer:
    """One transfer of one post; mutate only through its methods."""

    transfer_id: str
    post_number: str
    target_team: str
    team_name: str
    effective_date: date
    reason: str
    stage: Stage
    budget_check: BudgetCheck = BudgetCheck.PENDING
    budget_check_reason: str = ""
    consultation_opened_on: date | None = None
    consultation_closes_by: date | None = None
    consultation_closed_on: date | None = None
    consultation_outcome: str | None = None
    consultation_notes: str = ""
    decided_reason: str = ""
    line_manager: str | None = None  # the post it reports to after the move
    reported_to_before: str | None = None  # its line in the department, kept for a rescind
    proposed_by: str = ""  # who proposed it, so they cannot approve it too ("": not known)

    @property
    def is_live(self) -> bool:
        return self.stage in LIVE_STAGES

    def _refuse(self, action: str) -> TransferNotAllowed:
        return TransferNotAllowed(
            f"cannot {action}: post {self.post_number}'s transfer to {self.team_name} "
            f"{state_words(self.stage)}"
        )

    def _require(self, stages: frozenset[Stage], action: str) -> None:
        if self.stage not in stages:
            raise self._refuse(action)

    def change_effective_date(self, new_date: date) -> date:
        """Move the effective date before approval; return the previous date."""
        self._require(BEFORE_APPROVAL, "change the effective date")
        if new_date == self.effective_date:
            raise TransferNotAllowed(
                f"post {self.post_number}'s transfer already takes effect on {new_date}"
            )
        previous, self.effective_date = self.effective_date, new_date
        return previous

    def open_consultation(self, opened_on: date, closes_by: date) -> None:
        """Start staff consultation on a proposed transfer."""
        self._require(frozenset({Stage.PROPOSED}), "open consultation")
        if closes_by < opened_on:
            raise TransferNotAllowed(
                f"post {self.post_number}'s consultation cannot close by {closes_by}, "
                f"before it opens on {opened_on}"
            )
        self.stage = Stage.IN_CONSULTATION
        self.consultation_opened_on, self.consultation_closes_by = opened_on, closes_by

    def reconsult(self, opened_on: date, closes_by: date) -> None:
        """Consult again after HR decided to revise and re-consult (its exercise checks that)."""
        self._require(frozenset({Stage.CONSULTATION_CLOSED}), "consult again")
        self.stage = Stage.IN_CONSULTATION
        self.consultation_opened_on, self.consultation_closes_by = opened_on, closes_by
        self.consultation_closed_on, self.consultation_outcome = None, None

    def close_consultation(
        self,
        closed_on: date,
        outcome: str,
        notes: str,
        *,
        today: date | None = None,
        minimum_days: int | None = None,
    ) -> None:
        """Close the consultation with its outcome: not in the future, and (with
        `minimum_days`, the policy) not before its clock allows."""
        self._require(frozenset({Stage.IN_CONSULTATION}), "close consultation")
        if outcome not in CONSULTATION_OUTCOMES:
            raise TransferNotAllowed(
                f"a consultation outcome is one of {', '.join(sorted(CONSULTATION_OUTCOMES))}"
            )
        if self.consultation_opened_on is not None and closed_on < self.consultation_opened_on:
            raise TransferNotAllowed(
                f"post {self.post_number}'s consultation cannot close on {closed_on}, "
                f"before it opened on {self.consultation_opened_on}"
            )
        if today is not None and closed_on > today:
            raise TransferNotAllowed(
                f"post {self.post_number}'s consultation cannot close on {closed_on:%d %B %Y}: "
                f"that is after today, {today:%d %B %Y}"
            )
        if minimum_days is not None and self.consultation_opened_on is not None:
            _within_policy(self.post_number, self.consultation_opened_on, closed_on, minimum_days)
        self.stage = Stage.CONSULTATION_CLOSED
        self.consultation_closed_on, self.consultation_outcome = closed_on, outcome
        self.consultation_notes = notes

    def approve(self) -> None:
        """Approve: consultation must be closed and Finance's budget check passed."""
        if self.stage in (Stage.PROPOSED, Stage.IN_CONSULTATION):
            raise TransferNotAllowed(
                f"cannot approve post {self.post_number}'s transfer to {self.team_name}: "
                f"its consultation has not closed (it is {stage_words(self.stage)})"
            )
        self._require(frozenset({Stage.CONSULTATION_CLOSED}), "approve")
        if self.budget_check is BudgetCheck.PENDING:
            raise TransferNotAllowed(
                f"cannot approve post {self.post_number}'s transfer yet: "
                "Finance's budget check has not come back"
            )
        if self.budget_check is BudgetCheck.FAILED:
            raise TransferNotAllowed(
                f"cannot approve post {self.post_number}'s transfer: the budget check failed "
                f"({self.budget_check_reason})"
            )
        self.stage = Stage.APPROVED

    def reject(self, reason: str) -> None:
        """Reject before approval."""
        self._require(BEFORE_APPROVAL, "reject")
        _require_reason(reason, "rejecting a transfer")
        self.stage, self.decided_reason = Stage.REJECTED, reason

    def cancel(self, reason: str) -> Stage:
        """Cancel any transfer not yet effective; return the stage it was in."""
        self._require(LIVE_STAGES, "cancel")
        _require_reason(reason, "cancelling a transfer")
        previous, self.stage, self.decided_reason = self.stage, Stage.CANCELLED, reason
        return previous

    def take_effect(self, today: date) -> None:
        """Make an approved transfer effective, on or after its effective date."""
        self._require(frozenset({Stage.APPROVED}), "make the transfer effective")
        if today < self.effective_date:
            raise TransferNotAllowed(
                f"post {self.post_number}'s transfer cannot take effect before its effective "
                f"date, {self.effective_date:%d %B %Y}"
            )
        self.stage = Stage.EFFECTIVE

    def rescind(self, reason: str, decided_by: str) -> None:
        """Undo an effective transfer found to be a mistake: who decided it, and why."""
        self._require(frozenset({Stage.EFFECTIVE}), "rescind the transfer")
        _require_reason(reason, "rescinding a transfer")
        if not decided_by.strip():
            raise TransferNotAllowed("rescinding a transfer needs who decided it")
        self.stage, self.decided_reason = Stage.RESCINDED, reason

    def record_budget_check(self, passed: bool, reason: str) -> None:
        """Note Finance's verdict; ignored once the transfer is no longer live."""
        if self.is_live:
            self.budget_check = BudgetCheck.PASSED if passed else BudgetCheck.FAILED
            self.budget_check_reason = reason


def _require_reason(reason: str, doing: str) -> None:
    if not reason.strip():
        raise TransferNotAllowed(f"{doing} needs a reason")


def _within_policy(post_number: str, opened_on: date, closes_on: date, minimum_days: int) -> None:
    """A transfer's own consultation follows the same policy clock as an exercise's."""
    clock = consultation_clock(opened_on=opened_on, policy_minimum_days=minimum_days)
    if not clock.may_close_on(closes_on):
        raise TransferNotAllowed(f"post {post_number}: {clock.refusal(closes_on)}")
