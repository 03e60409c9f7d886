"""Whether a post is in the programme's scope, as HR proposes and its department agrees.

The council finalises the roles in scope "in partnership with each department's senior
leadership team": HR proposes a status for a post, and the lead of the post's own
department agrees or challenges it (with reasons). A challenged proposal stands until HR
proposes again. A post out of scope — proposed or agreed — cannot be proposed for transfer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from services.hr.domain.errors import NotTheirDepartment, ScopeNotAllowed


class ScopeStatus(StrEnum):
    IN_SCOPE = "in_scope"
    OUT_OF_SCOPE = "out_of_scope"
    UNDER_REVIEW = "under_review"

    @property
    def words(self) -> str:
        return self.value.replace("_", " ")


class LeadResponse(StrEnum):
    AGREED = "agreed"
    CHALLENGED = "challenged"


@dataclass(frozen=True, kw_only=True)
class ScopeDecision:
    """HR's proposal for one post and, once given, its department lead's response."""

    status: ScopeStatus
    reason: str
    proposed_by: str
    proposed_at: datetime
    response: LeadResponse | None = None
    responded_by: str | None = None
    response_reason: str = ""

    @property
    def agreed(self) -> bool:
        return self.response is LeadResponse.AGREED

    @property
    def blocks_transfer(self) -> bool:
        return self.status is ScopeStatus.OUT_OF_SCOPE


def propose_scope(
    *, status: str, reason: str, proposed_by: str, proposed_at: datetime
) -> ScopeDecision:
    """HR's proposal; out of scope and under review need a reason the lead can weigh."""
    try:
        chosen = ScopeStatus(status)
    except ValueError:
        listed = ", ".join(s.value for s in ScopeStatus)
        raise ScopeNotAllowed(f"a scope status is one of {listed}") from None
    if chosen is not ScopeStatus.IN_SCOPE and not reason.strip():
        raise ScopeNotAllowed(f"proposing a post as {chosen.words} needs a reason")
    return ScopeDecision(
        status=chosen, reason=reason, proposed_by=proposed_by, proposed_at=proposed_at
    )


def respond(
    decision: ScopeDecision | None,
    *,
    post_number: str,
    post_department: str,
    lead_department: str | None,
    response: str,
    lead: str,
    reason: str,
) -> ScopeDecision:
    """The department lead's agreement or challenge to HR's proposal for their own post."""
    if not lead_department or lead_department != post_department:
        raise NotTheirDepartment(
            f"post {post_number} belongs to {post_department}: only that department's lead "
            "may agree or challenge its scope"
        )
    if decision is None:
        raise ScopeNotAllowed(f"HR has not proposed a scope for post {post_number} yet")
    if decision.response is not None:
        raise ScopeNotAllowed(
            f"post {post_number}'s scope was already {decision.response.value}; "
            "HR must propose again first"
        )
    try:
        answer = LeadResponse(response)
    except ValueError:
        raise ScopeNotAllowed("a lead's response is agreed or challenged") from None
    if answer is LeadResponse.CHALLENGED and not reason.strip():
        raise ScopeNotAllowed("challenging a scope proposal needs a reason")
    return replace(decision, response=answer, responded_by=lead, response_reason=reason)
