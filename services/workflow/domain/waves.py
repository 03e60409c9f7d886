"""Waves of the programme plan: what a plan version must say, and the plan's history.

Pure rules. A wave is folded from its `WavePlanned` and `WaveReplanned` events; every
version is kept (v1, v2, …) so the board sees how the dates moved, not only where they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shared.reference import DEPARTMENTS, SUPPORT_FUNCTIONS

# A wave that is finished or called off is no longer watched for slips.
CLOSED_STATUSES = frozenset({"complete", "cancelled"})


class WaveRefused(Exception):
    """A wave plan that cannot be recorded, with the reason in the board's words."""


class WaveNotFound(Exception):
    """No wave with that id has been planned."""

    def __init__(self, wave_id: str) -> None:
        super().__init__(f"wave {wave_id} has not been planned")


class WaveAlreadyPlanned(Exception):
    """A wave with that id exists already: re-plan it instead."""

    def __init__(self, wave_id: str) -> None:
        super().__init__(f"wave {wave_id} is already planned; re-plan it to change its dates")


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
    reason: str = ""
    recorded_on: date | None = None

    def covers(self, function: str | None, department: str | None) -> bool:
        """Whether a post of this function and department moves in the wave."""
        return function in self.functions and (
            not self.departments or department in self.departments
        )


@dataclass(kw_only=True)
class Wave:
    """A wave and every version of its plan, oldest first."""

    wave_id: str
    plans: list[WavePlan] = field(default_factory=list)

    @property
    def current(self) -> WavePlan:
        return self.plans[-1]


def check_plan(plan: WavePlan) -> None:
    """Refuse a plan the board could not act on, saying what is wrong."""
    if not plan.name.strip():
        raise WaveRefused("a wave needs a name, e.g. 'Wave 1: Finance and ICT'")
    if not plan.functions:
        raise WaveRefused("a wave moves at least one support function")
    unknown = [f for f in plan.functions if f not in SUPPORT_FUNCTIONS]
    if unknown:
        known = ", ".join(SUPPORT_FUNCTIONS)
        raise WaveRefused(f"unknown support function {unknown[0]!r}: choose from {known}")
    strangers = [d for d in plan.departments if d not in DEPARTMENTS]
    if strangers:
        known = ", ".join(DEPARTMENTS)
        raise WaveRefused(f"unknown department {strangers[0]!r}: choose from {known}")
    if not plan.consultation_starts_on <= plan.approval_by <= plan.effective_on:
        raise WaveRefused(
            "the dates must run in order: consultation starts "
            f"{plan.consultation_starts_on}, approval by {plan.approval_by}, "
            f"effective on {plan.effective_on}"
        )
    if not plan.owner_role.strip():
        raise WaveRefused("a wave needs an owner role, e.g. 'Director of Finance'")


def check_replan(wave: Wave, plan: WavePlan) -> None:
    """A re-plan says why, and a finished or cancelled wave is not re-planned."""
    if wave.current.status in CLOSED_STATUSES:
        raise WaveRefused(
            f"wave {wave.wave_id} is {wave.current.status}: it can no longer be re-planned"
        )
    if not plan.reason.strip():
        raise WaveRefused("a re-plan needs a reason the board can read")
    check_plan(plan)


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
        reason=str(payload.get("reason", "")),
        recorded_on=recorded_on,
    )


def fold_wave(wave_id: str, versions: Sequence[WavePlan]) -> Wave:
    """The wave from its plan versions, in version order."""
    return Wave(wave_id=wave_id, plans=sorted(versions, key=lambda plan: plan.version))


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
