"""Waves of the programme plan: what a plan version must say, and the plan's history.

Pure rules. A wave is folded from its `WavePlanned` and `WaveReplanned` events; every
version is kept (v1, v2, …) so the board sees how the dates moved, not only where they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from shared.programme.plan import CLOSED_STATUSES, WavePlan, plan_from_payload
from shared.reference import DEPARTMENTS, SUPPORT_FUNCTIONS

__all__ = ["CLOSED_STATUSES", "WavePlan", "plan_from_payload"]  # the plan's shape is shared


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
class EqualityAssessment:
    """The wave's equality impact assessment as last recorded."""

    status: str
    assessed_on: date | None
    link: str
    document_sha256: str | None
    recorded_on: date | None = None


@dataclass(kw_only=True)
class Wave:
    """A wave, every version of its plan (oldest first) and its equality assessment."""

    wave_id: str
    plans: list[WavePlan] = field(default_factory=list)
    equality_assessment: EqualityAssessment | None = None

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


def fold_wave(
    wave_id: str, versions: Sequence[WavePlan], assessment: EqualityAssessment | None = None
) -> Wave:
    """The wave from its plan versions (in version order) and its latest assessment."""
    plans = sorted(versions, key=lambda plan: plan.version)
    return Wave(wave_id=wave_id, plans=plans, equality_assessment=assessment)


def check_assessment(wave: Wave, assessment: EqualityAssessment) -> None:
    """A completed assessment says when, and where it can be read."""
    if assessment.status == "completed" and (
        assessment.assessed_on is None or not (assessment.link or assessment.document_sha256)
    ):
        raise WaveRefused(
            f"a completed equality impact assessment for wave {wave.wave_id} needs the date "
            "it was completed and a link to it or its document's SHA-256"
        )
