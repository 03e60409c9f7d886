"""Refusals an HR officer reads: each message says what is wrong in the council's words."""

from __future__ import annotations


class HrError(Exception):
    """Base of every refusal by the HR domain."""


class PostNotFound(HrError):
    """The post number is not in the register (HTTP 404)."""

    def __init__(self, post_number: str) -> None:
        super().__init__(f"post {post_number} is not in the post register")


class TeamNotFound(HrError):
    """The centralised team does not exist (HTTP 404)."""

    def __init__(self, team: str) -> None:
        super().__init__(f"there is no centralised team called {team!r}")


class ExerciseNotFound(HrError):
    """No consultation exercise has that id (HTTP 404)."""

    def __init__(self, exercise_id: str) -> None:
        super().__init__(f"there is no consultation exercise {exercise_id}")


class TransferNotAllowed(HrError):
    """The move is illegal in the transfer's current state (HTTP 409)."""


class ApprovalNotAllowed(HrError):
    """This officer may not approve this transfer: they proposed it, or it is above their
    approval limit (HTTP 403; shared/approval_policy.py)."""


class ConsultationNotAllowed(HrError):
    """The consultation step is refused: too early, unanswered, closed, or incomplete (409)."""


class ScopeNotAllowed(HrError):
    """A scope proposal or a lead's response is refused (409; another department's: 403)."""


class NotTheirDepartment(ScopeNotAllowed):
    """A department lead acted on another department's post (HTTP 403)."""


class PostAlreadyRegistered(HrError):
    """A post with that number exists already (HTTP 409)."""

    def __init__(self, post_number: str) -> None:
        super().__init__(f"post {post_number} is already in the post register")


class PostChangeNotAllowed(HrError):
    """The change to a post's details is refused (HTTP 409)."""


class EventNotFound(HrError):
    """A correction names an event that is not in the post's history (HTTP 404)."""

    def __init__(self, post_number: str, event_id: str) -> None:
        super().__init__(f"post {post_number} has no event {event_id} to correct")


class BulkRunNotFound(HrError):
    """No bulk run has that id (HTTP 404)."""

    def __init__(self, run_id: str) -> None:
        super().__init__(f"there is no bulk run {run_id}")


class IdempotencyKeyReused(HrError):
    """The idempotency key was used before for a different request, or is still running (409)."""


class ReportingLineNotAllowed(HrError):
    """A reporting line that would loop, point at itself or cross a move (HTTP 409)."""


class CorrectionNotAllowed(HrError):
    """A correction that names no fact of the post, no change, or breaks a rule (HTTP 409)."""


class PostEndingNotAllowed(HrError):
    """Putting a post at risk or disestablishing it is refused (HTTP 409)."""


class EmployeeNotKnown(HrError):
    """HR holds no personal data about that employee reference (HTTP 404)."""

    def __init__(self, employee_ref: str) -> None:
        super().__init__(
            f"HR holds no personal data about employee {employee_ref} (never recorded, or "
            "already erased)"
        )


class ErasureNotAllowed(HrError):
    """The employee's data cannot be erased yet (HTTP 409)."""
