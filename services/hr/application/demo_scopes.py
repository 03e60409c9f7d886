"""The demo's scope decisions: HR proposes, the post's own department lead agrees.

A few posts whose transfer is only proposed are under review; the closed group's posts are
in scope; a few posts the demo starts no transfer for are out of scope (HR refuses putting a
post with a live transfer out of scope). The demo acts as each department's lead through
the same handlers a lead's request goes through.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.hr.application import exercise_commands as x
from shared.demo.scope import LEAD_AGREES

UNDER_REVIEW = "Role combines finance and service delivery: the department's SLT is reviewing it"
PROPOSED_BY = "demo-seed"


def _lead_agrees(number: str, department: str, reason: str) -> x.RespondToScope:
    return x.RespondToScope(
        post_number=number, response="agreed", reason=reason,
        lead=f"demo-lead-{department.lower()}", lead_department=department,
    )  # fmt: skip


def _propose(number: str, status: str, reason: str, at: datetime) -> x.ProposeScope:
    return x.ProposeScope(
        post_number=number, status=status, reason=reason, proposed_by=PROPOSED_BY,
        proposed_at=at,
    )  # fmt: skip


def scope_steps(
    groups: dict[str, list[str]],
    at: datetime,
    closed_department: str,
    out_of_scope: dict[str, tuple[str, str]],
) -> list[Any]:
    """Under review: a few proposed posts; in scope and agreed: the closed group; out of
    scope and agreed: `out_of_scope` (post → (department, HR's reason))."""
    steps: list[Any] = [
        _propose(number, "under_review", UNDER_REVIEW, at)
        for number in groups.get("proposed", [])[:3]
    ]
    for number in groups.get("consultation_closed", []):
        steps += [_propose(number, "in_scope", "", at), _lead_agrees(number, closed_department, "")]
    for number, (department, reason) in out_of_scope.items():
        steps += [
            _propose(number, "out_of_scope", reason, at),
            _lead_agrees(number, department, LEAD_AGREES),
        ]
    return steps
