"""A seeded catalogue of the business processes each support function runs.

Volumes and minutes per case feed the redesign-benefit sums (hours as-is = volume ×
minutes ÷ 60, plus rework), so they are kept in plausible ranges for a county council.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Final

from shared.demo.establishment import FUNCTION_WEIGHTS, grade_cost
from shared.reference import DEPARTMENTS, SUPPORT_FUNCTIONS

# (name, grade usually doing it, typical cases a year, typical minutes a case)
CATALOGUE: Final[dict[str, tuple[tuple[str, int, int, float], ...]]] = {
    "FIN": (
        ("Supplier invoice processing", 6, 60_000, 6),
        ("Budget monitoring returns", 9, 480, 240),
        ("Purchase order raising", 5, 25_000, 8),
        ("Debtor invoice raising", 5, 18_000, 7),
        ("Income reconciliation", 7, 3_000, 25),
        ("Journal processing", 7, 6_000, 12),
        ("Month-end close", 9, 96, 900),
        ("Direct payment audits", 7, 1_500, 60),
        ("Care provider payments", 6, 30_000, 5),
        ("Purchase card reconciliation", 6, 4_000, 15),
        ("Year-end closedown working papers", 10, 60, 1_200),
        ("Grant claims", 9, 120, 480),
        ("Capital programme monitoring", 10, 240, 180),
        ("Debt recovery", 6, 8_000, 20),
    ),
    "HR": (
        ("Recruitment administration", 6, 4_000, 90),
        ("New starter onboarding", 5, 3_500, 60),
        ("Leaver processing", 5, 3_000, 30),
        ("Contract variations", 6, 6_000, 20),
        ("Sickness absence recording", 5, 12_000, 10),
        ("DBS checks", 5, 5_000, 25),
        ("Payroll changes input", 6, 20_000, 8),
        ("Timesheet and overtime claims", 5, 40_000, 4),
        ("Expense claims checking", 5, 25_000, 5),
        ("Mandatory training records", 5, 10_000, 6),
        ("Disciplinary case administration", 7, 200, 600),
        ("Job evaluation", 9, 400, 240),
        ("Establishment changes", 7, 2_500, 25),
        ("Flexible working requests", 7, 800, 120),
    ),
    "ICT": (
        ("Password resets", 5, 30_000, 6),
        ("Service desk incident logging", 5, 60_000, 8),
        ("New user account set-up", 6, 4_000, 30),
        ("Laptop and device provisioning", 6, 3_000, 45),
        ("Software access requests", 6, 8_000, 15),
        ("Case management system changes", 8, 600, 240),
        ("Report requests from line-of-business systems", 8, 1_500, 120),
        ("Subject access request searches", 7, 900, 180),
        ("Mobile phone management", 5, 2_500, 20),
        ("System patching", 8, 520, 90),
        ("Information asset register updates", 7, 400, 60),
    ),
    "COMMS": (
        ("Press enquiry handling", 7, 2_500, 45),
        ("Social media scheduling", 6, 6_000, 15),
        ("Intranet content updates", 6, 4_000, 20),
        ("Website content publishing", 6, 5_000, 25),
        ("Staff newsletter production", 7, 52, 600),
        ("Campaign planning", 9, 60, 1_800),
        ("Councillor briefing notes", 8, 300, 120),
        ("Consultation publicity", 7, 80, 480),
        ("Media monitoring", 6, 250, 60),
    ),
    "POL": (
        ("Freedom of information requests", 7, 3_000, 150),
        ("Cabinet report drafting", 10, 150, 900),
        ("Performance reporting", 8, 300, 360),
        ("Data returns to government", 8, 200, 480),
        ("Equality impact assessments", 9, 120, 600),
        ("Consultation analysis", 8, 60, 1_500),
        ("Councillor enquiries", 7, 1_200, 60),
        ("Complaints and Ombudsman responses", 8, 1_500, 150),
        ("Needs assessments", 10, 20, 4_800),
    ),
    "PROC": (
        ("Quotation exercises", 7, 800, 240),
        ("Tender evaluation administration", 8, 150, 1_200),
        ("Contract register updates", 6, 2_000, 15),
        ("Supplier set-up", 5, 3_500, 20),
        ("Contract variations and extensions", 8, 600, 120),
        ("Supplier performance reviews", 9, 400, 180),
        ("Waiver requests", 8, 300, 90),
        ("Care provider commissioning returns", 8, 240, 300),
        ("Purchase card approvals", 5, 9_000, 5),
    ),
    "BUS": (
        ("Meeting minutes and agendas", 6, 6_000, 90),
        ("Diary management", 6, 30_000, 5),
        ("Post and scanning", 5, 80_000, 2),
        ("Case file creation", 5, 20_000, 12),
        ("Room and vehicle bookings", 5, 15_000, 6),
        ("Care package data entry", 5, 25_000, 10),
        ("Purchase requisitions", 5, 20_000, 8),
        ("Records retention and archiving", 5, 6_000, 10),
        ("Mileage claim checks", 5, 18_000, 4),
        ("Court bundle preparation", 6, 1_500, 120),
        ("Reception and switchboard call handling", 5, 90_000, 3),
    ),
    "PPM": (
        ("Project highlight reports", 8, 1_200, 60),
        ("Programme board papers", 9, 240, 240),
        ("Benefits tracking", 9, 300, 120),
        ("Risk and issue log updates", 8, 2_400, 20),
        ("Business case preparation", 11, 40, 2_400),
        ("Gateway reviews", 10, 60, 480),
        ("Resource planning", 9, 120, 240),
        ("Lessons learned reviews", 9, 50, 300),
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoProcess:
    """A business process a support function runs, with its yearly volume and effort."""

    process_id: str
    function: str
    name: str
    volume_per_year: int
    minutes_per_case: float
    rework_percent: float
    average_grade_cost: int


def _shares(count: int) -> dict[str, int]:
    # Square-rooted post shares: big functions run more processes, but not in proportion
    # to headcount (Business Support has many people doing the same few things).
    weights = {f: math.sqrt(FUNCTION_WEIGHTS[f]) for f in SUPPORT_FUNCTIONS}
    floor_each = 1 if count >= len(weights) else 0
    spare = count - floor_each * len(weights)
    total = sum(weights.values())
    exact = {f: spare * w / total for f, w in weights.items()}
    shares = {f: floor_each + int(e) for f, e in exact.items()}
    # Largest remainders take the leftover places, so the shares add up to `count`.
    by_remainder = sorted(exact, key=lambda f: exact[f] - int(exact[f]), reverse=True)
    for function in by_remainder[: count - sum(shares.values())]:
        shares[function] += 1
    return shares


def _name(base: str, round_: int) -> str:
    # Past the first pass each department runs its own version of the process.
    if round_ == 0:
        return base
    departments = list(DEPARTMENTS.values())
    department = departments[(round_ - 1) % len(departments)]
    repeat = (round_ - 1) // len(departments)
    return f"{base} — {department}" + (f" ({repeat + 1})" if repeat else "")


def generate_processes(seed: int = 2026, count: int = 240) -> list[DemoProcess]:
    """Return `count` processes spread over the eight functions; same seed, same catalogue."""
    if count < 0:
        raise ValueError("The number of processes cannot be negative.")
    rng = random.Random(f"{seed}:processes")
    processes: list[DemoProcess] = []
    for function, share in _shares(count).items():
        bases = CATALOGUE[function]
        for number in range(share):
            base, grade, volume, minutes = bases[number % len(bases)]
            processes.append(
                DemoProcess(
                    process_id=f"PRC-{function}-{number + 1:03d}",
                    function=function,
                    name=_name(base, number // len(bases)),
                    volume_per_year=max(1, round(volume * rng.uniform(0.6, 1.4))),
                    minutes_per_case=round(minutes * rng.uniform(0.75, 1.25), 1),
                    # Most processes see little rework; a few see a lot.
                    rework_percent=round(rng.triangular(0, 30, 5), 1),
                    average_grade_cost=grade_cost(grade),
                )
            )
    return processes
