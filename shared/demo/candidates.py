"""The demo's redesign candidates: for every support function, one candidate for each path
through the lifecycle, so every status shows up in every function (HR's and Finance's too).

HR, Finance and Workflow each publish their own functions' candidates from this one plan,
so the same seed gives every service the same pipeline.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from shared.demo.processes import DemoProcess, generate_processes
from shared.events.redesign import CandidateKind
from shared.reference import DEPARTMENTS

# The steps each demo candidate has been through: identified, assessed, approved, in
# delivery, delivered and rejected, one of each per function.
DEMO_PATHS: tuple[tuple[str, ...], ...] = (
    (),
    ("assess",),
    ("assess", "approve"),
    ("assess", "approve", "start_delivery"),
    ("assess", "approve", "start_delivery", "deliver"),
    ("reject",),
)
KINDS: tuple[CandidateKind, ...] = ("streamline", "automate", "digitise")
REJECTED_BECAUSE = "benefit too small for the effort"


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoCandidate:
    """One demo candidate, the process it was found in, and how far it has got."""

    number: int
    process: DemoProcess
    kind: CandidateKind
    title: str
    automation_potential_percent: float
    ease: int
    departments: tuple[str, ...]
    path: tuple[str, ...]
    realised_hours_saved_per_year: float
    realised_money_saved_per_year: int

    def identified(self) -> dict[str, Any]:
        """What identifying it says: the fields of an identify-candidate command."""
        return {
            "process_id": self.process.process_id,
            "kind": self.kind,
            "title": self.title,
            "automation_potential_percent": self.automation_potential_percent,
            "ease": self.ease,
            "departments": list(self.departments),
        }


def demo_candidates(seed: int, function: str) -> list[DemoCandidate]:
    """The function's demo candidates, one per lifecycle path, in its first processes."""
    rng = random.Random(f"{seed}:{function}:candidates")
    processes = [p for p in generate_processes(seed) if p.function == function]
    found: list[DemoCandidate] = []
    for number, (process, path) in enumerate(zip(processes, DEMO_PATHS, strict=False)):
        kind = KINDS[number % len(KINDS)]
        found.append(
            DemoCandidate(
                number=number + 1,
                process=process,
                kind=kind,
                title=f"{kind.capitalize()} {process.name.lower()}",
                automation_potential_percent=rng.choice((20, 30, 40, 50, 60)),
                ease=rng.randint(1, 5),
                departments=tuple(sorted(rng.sample(sorted(DEPARTMENTS), rng.randint(1, 2)))),
                path=path,
                realised_hours_saved_per_year=round(rng.uniform(200, 900), 1),
                realised_money_saved_per_year=rng.randrange(8_000, 30_000, 500),
            )
        )
    return found
