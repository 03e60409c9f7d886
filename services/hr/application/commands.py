"""Commands HR staff give. Imperative, inside HR only: they never cross a service boundary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.hr.domain.consultation_clock import DEFAULT_MINIMUM_DAYS
from services.hr.domain.wave_rules import Decision
from shared.approval_policy import UNCHECKED, ApprovalPolicy


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisterPost:
    post_number: str
    title: str
    grade: str
    fte: float
    function: str
    department: str
    cost_centre: str
    annual_cost: int
    employee_ref: str | None = None
    employee_name: str | None = None
    employee_email: str | None = None
    effective_date: date | None = None
    team: str | None = None  # already in its central team (HR's and PPM's own posts)
    reports_to: str | None = None  # the post number of its line manager's post


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdatePost:
    """Change details of a post, or (with `corrects_event_id`) put a wrong one right."""

    post_number: str
    changes: dict[str, Any]
    reason: str
    effective_date: date
    corrects_event_id: str | None = None
    employee_name: str | None = None
    employee_email: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposeTransfer:
    """Propose a move; with no `target_team`, into the central team of the post's function."""

    post_number: str
    target_team: str | None
    effective_date: date
    reason: str
    line_manager: str | None = None  # after the move; default: the team's head
    proposed_by: str = ""  # the officer's user id (the token's subject): kept for approval


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeReportingLine:
    """Make the post report to another post (`reports_to`), or to none (None)."""

    post_number: str
    reports_to: str | None
    reason: str
    effective_date: date


@dataclass(frozen=True, slots=True, kw_only=True)
class SchedulePostChange:
    """Record a change to a post now that takes effect on a later date."""

    post_number: str
    changes: dict[str, Any]
    reason: str
    effective_date: date
    today: date


@dataclass(frozen=True, slots=True, kw_only=True)
class ApplyDueChanges:
    """Apply the post's scheduled changes whose date has come (the scheduler's row)."""

    post_number: str
    today: date


@dataclass(frozen=True, slots=True, kw_only=True)
class NameTeamHead:
    """Name a post in a central team as the team's head."""

    team: str
    post_number: str
    reason: str = ""
    effective_date: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeEffectiveDate:
    post_number: str
    effective_date: date
    reason: str = ""
    line_manager: str | None = None  # after the move; None: the one named before stands


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenConsultation:
    """Open a transfer's own consultation: an exercise of one post, on the policy's clock."""

    post_number: str
    opened_on: date
    closes_by: date
    minimum_days: int = DEFAULT_MINIMUM_DAYS


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseConsultation:
    post_number: str
    closed_on: date
    outcome: str
    notes: str = ""
    today: date | None = None  # a close after today is refused
    minimum_days: int | None = None  # the policy's minimum period (None: unchecked)


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveTransfer:
    post_number: str
    decision: Decision = field(default_factory=Decision)  # the Cabinet or officer decision
    approver: str = ""  # the officer's user id (the token's subject)
    approver_role: str = ""
    policy: ApprovalPolicy = UNCHECKED  # separation of duties and limits: entrypoints set it


@dataclass(frozen=True, slots=True)
class RejectTransfer:
    post_number: str
    reason: str


@dataclass(frozen=True, slots=True)
class TakeEffect:
    """Make the post's approved transfer effective, if `today` is on or after its date."""

    post_number: str
    today: date


@dataclass(frozen=True, slots=True, kw_only=True)
class RescindTransfer:
    """Undo the post's effective transfer, found to be a mistake."""

    post_number: str
    reason: str
    decided_by: str


@dataclass(frozen=True, slots=True)
class CancelTransfer:
    post_number: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CorrectPostFact:
    """Put right a fact recorded wrongly about a post, naming the event that recorded it."""

    post_number: str
    corrects_event_id: str
    changes: dict[str, str | int | float | None]  # field → the value it should have said
    reason: str
    decided_by: str
    today: date


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkAtRisk:
    """Propose a filled post as redundant because the candidate's change ends it."""

    post_number: str
    candidate_id: str
    on: date
    planned_end: date
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Disestablish:
    """Take the post out of the establishment from `effective_date`."""

    post_number: str
    candidate_id: str
    effective_date: date
    reason: str
