"""One version of a wave's plan, as `WavePlanned`/`WaveReplanned` carry it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

# A wave that is finished or called off is no longer watched for slips.
CLOSED_STATUSES = frozenset({"complete", "cancelled"})


@dataclass(frozen=True, kw_only=True)
class WavePlan:
    """One version of a wave's plan."""

    version: int
    name: str
    functions: tuple[str, ...]
    departments: tuple[str, ...]
    consultation_starts_on: date
    approval_by: date
    effective_on: date
    target_saving: int
    owner_role: str
    status: str
    decision_reference_required: bool = False
    equality_assessment_required: bool = False
    reason: str = ""
    recorded_on: date | None = None

    def covers(self, function: str | None, department: str | None) -> bool:
        """Whether a post of this function and department moves in the wave."""
        return function in self.functions and (
            not self.departments or department in self.departments
        )


def plan_from_payload(payload: Mapping[str, Any], recorded_on: date | None = None) -> WavePlan:
    """A plan version from a `WavePlanned`/`WaveReplanned` payload (JSON or Python values)."""
    return WavePlan(
        version=int(payload["plan_version"]),
        name=str(payload["name"]),
        functions=tuple(payload["functions"]),
        departments=tuple(payload["departments"]),
        consultation_starts_on=_day(payload["consultation_starts_on"]),
        approval_by=_day(payload["approval_by"]),
        effective_on=_day(payload["effective_on"]),
        target_saving=int(payload["target_saving"]),
        owner_role=str(payload["owner_role"]),
        status=str(payload["status"]),
        decision_reference_required=bool(payload.get("decision_reference_required", False)),
        equality_assessment_required=bool(payload.get("equality_assessment_required", False)),
        reason=str(payload.get("reason", "")),
        recorded_on=recorded_on,
    )


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
