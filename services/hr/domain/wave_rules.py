"""The programme's wave policies HR enforces at approval: a decision reference where a wave
requires one, and a completed equality impact assessment where a wave requires that.

Workflow owns the waves; HR keeps only what its approvals must obey (from
`workflow.programme`), as any service keeps what it needs of another's facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from services.hr.domain.errors import TransferNotAllowed
from shared.programme.plan import CLOSED_STATUSES, WavePlan


@dataclass(frozen=True, kw_only=True)
class WaveRule:
    """What a wave asks of the approvals of its posts: its current plan's policy and where
    its equality impact assessment stands."""

    wave_id: str
    plan: WavePlan
    equality_assessment_status: str = "not_started"

    def covers(self, function: str, department: str) -> bool:
        """Whether an approval of this post must obey the wave (an open wave's post)."""
        return self.plan.status not in CLOSED_STATUSES and self.plan.covers(function, department)


@dataclass(frozen=True, kw_only=True)
class Decision:
    """The Cabinet or officer decision an approval rests on (all three, or none)."""

    reference: str | None = None
    decided_on: date | None = None
    maker: str | None = None

    def check(self) -> None:
        """A reference needs its date and its maker; a date or maker needs the reference."""
        given = [self.reference, self.decided_on, self.maker]
        if any(given) and not all(given):
            raise TransferNotAllowed(
                "a decision needs its reference, its date and whether it was a Cabinet or an "
                "officer decision"
            )
        if self.maker not in (None, "cabinet", "officer"):
            raise TransferNotAllowed(
                f"a decision is a Cabinet or an officer decision, not {self.maker!r}"
            )


def approval_refusal(rules: Sequence[WaveRule], post_number: str, decision: Decision) -> str | None:
    """Why the waves covering a post stop this approval, or None."""
    for rule in rules:
        plan = rule.plan
        if plan.decision_reference_required and not decision.reference:
            return (
                f"{plan.name} requires each approval to name its Cabinet or officer decision "
                f"(reference and date): post {post_number} was approved without one"
            )
        if plan.equality_assessment_required and rule.equality_assessment_status != "completed":
            status = rule.equality_assessment_status.replace("_", " ")
            return (
                f"{plan.name} requires its equality impact assessment to be completed before "
                f"approval; it is {status}"
            )
    return None
