"""A seeded, deterministic demo establishment: support posts, cost centres and budget lines.

The same seed always gives the same council, so demos, tests and benchmarks agree on what
post 10423 is. Only the standard library is used, and posts are yielded one at a time so
100,000+ posts cost almost no memory.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Final

from shared.demo.names import FIRST_NAMES, SURNAMES, TITLES
from shared.reference import CENTRAL_TEAMS, DEPARTMENTS, SUPPORT_FUNCTIONS

FIRST_POST_NUMBER: Final = 10001
ON_COST_RATE: Final = 0.28  # employer's National Insurance and pension on top of salary
VACANCY_RATE: Final = 0.08
FULL_TIME_SHARE: Final = 0.78
EMAIL_DOMAIN: Final = "county-council.example"  # a reserved domain: no real mailbox is named

# Lowest and highest salary of each grade's four spinal points (2025/26-like local pay).
GRADE_PAY: Final[dict[int, tuple[int, int]]] = {
    5: (24_400, 25_980),
    6: (26_400, 28_300),
    7: (28_770, 31_070),
    8: (31_600, 34_830),
    9: (35_750, 39_190),
    10: (40_140, 43_690),
    11: (44_700, 48_710),
    12: (49_760, 54_280),
    13: (55_450, 60_380),
    14: (61_610, 67_400),
}
SPINAL_POINTS_PER_GRADE: Final = 4
# Part-time contracts are weekly hours out of 37, so FTEs like 0.61 (22.5 h) are usual.
PART_TIME_FTES: Final[tuple[float, ...]] = tuple(
    round(hours / 37, 2) for hours in (15, 18.5, 22.5, 25, 30, 32)
)

# Shares of support posts. Business Support and Finance are the biggest disciplines; the
# two care departments hold most posts because they are the biggest services.
FUNCTION_WEIGHTS: Final[dict[str, float]] = {
    "BUS": 30,
    "FIN": 20,
    "ICT": 14,
    "HR": 13,
    "PROC": 8,
    "COMMS": 7,
    "PPM": 4.5,
    "POL": 3.5,
}
DEPARTMENT_WEIGHTS: Final[dict[str, float]] = {"ASCH": 35, "CS": 33, "PLACE": 18, "CST": 14}
# Where a department leans on a discipline more than its size alone suggests.
MIX: Final[dict[tuple[str, str], float]] = {
    ("PLACE", "PROC"): 1.6,
    ("CST", "POL"): 1.5,
    ("CST", "COMMS"): 1.4,
    ("ASCH", "BUS"): 1.2,
    ("CS", "BUS"): 1.2,
}
# HR and project-management colleagues already work in central teams ("similar to the way
# our HR and project management colleagues now operate"): their posts start there.
ALREADY_CENTRAL: Final = frozenset({"HR", "PPM"})
FROZEN_COST_CENTRES: Final = 2
UNDER_FUNDED_LINES: Final = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoPost:
    """One support post in a service department, with its incumbent (or vacant)."""

    post_number: str
    title: str
    grade: str
    fte: float
    function: str
    department: str
    cost_centre: str
    annual_cost: int
    employee_ref: str | None
    employee_name: str | None
    employee_email: str | None
    team: str | None = None  # its central team when it already sits there (ALREADY_CENTRAL)


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoCostCentre:
    """Where posts' costs are charged: one per department and function, one per central team."""

    code: str
    name: str
    owner: str
    function: str
    frozen: bool


@dataclass(frozen=True, slots=True)
class DemoBudgetLine:
    """A cost centre's yearly budget for its support function."""

    cost_centre: str
    function: str
    annual_budget: int


def department_cost_centre(department: str, function: str) -> str:
    """Return the code of a department's cost centre for a function, e.g. "CS-FIN-01"."""
    return f"{department}-{function}-01"


def central_cost_centre(function: str) -> str:
    """Return the code of the central team's cost centre for a function, e.g. "CEN-FIN-01"."""
    return f"CEN-{function}-01"


def annual_cost(salary: int, fte: float) -> int:
    """Return the full yearly cost of a post in whole pounds: salary × FTE plus on-costs."""
    return round(salary * fte * (1 + ON_COST_RATE))


def grade_cost(grade: int) -> int:
    """Return the average full yearly cost of a full-time post on a grade, in pounds."""
    low, high = GRADE_PAY[grade]
    return annual_cost((low + high) // 2, 1.0)


_PAIRS: Final[tuple[tuple[str, str], ...]] = tuple(
    (department, function) for department in DEPARTMENTS for function in SUPPORT_FUNCTIONS
)
_PAIR_CUM: Final = list(
    accumulate(
        DEPARTMENT_WEIGHTS[d] * FUNCTION_WEIGHTS[f] * MIX.get((d, f), 1.0) for d, f in _PAIRS
    )
)
_TITLE_CUM: Final = {f: list(accumulate(t[3] for t in TITLES[f])) for f in SUPPORT_FUNCTIONS}
_DEPARTMENT_CODES: Final = [department_cost_centre(d, f) for d, f in _PAIRS]


def _pick(rng: random.Random, cum_weights: Sequence[float]) -> int:
    # What random.choices does, without building a list per call: this runs once per post.
    last = len(cum_weights) - 1
    return bisect(cum_weights, rng.random() * cum_weights[last], 0, last)


def _email(first: str, surname: str, seen: dict[tuple[str, str], int]) -> str:
    # Councils tell two Jane Smiths apart with a number; `seen` stays as small as the
    # number of distinct names, however many posts are generated.
    count = seen.get((first, surname), 0) + 1
    seen[(first, surname)] = count
    local = f"{first}.{surname}".lower().replace("'", "")
    return f"{local}{count if count > 1 else ''}@{EMAIL_DOMAIN}"


def generate_posts(seed: int = 2026, support_posts: int = 1500) -> Iterator[DemoPost]:
    """Yield `support_posts` posts numbered from 10001; the same seed gives the same posts.

    Every department has posts in every function once there are at least 32 posts, and a
    smaller run is the start of a bigger one with the same seed.
    """
    if support_posts < 0:
        raise ValueError("The number of support posts cannot be negative.")
    rng = random.Random(seed)
    # The first 32 posts take every (department, function) pair once, in a shuffled order,
    # so any establishment shows all departments and functions. Nothing depends on
    # `support_posts`, so a smaller run is always the start of a bigger one.
    first_pairs = list(range(len(_PAIRS)))
    rng.shuffle(first_pairs)
    # Employee references come from a bijection of the post's index (odd multiplier mod
    # 2**28): opaque-looking yet unique without remembering the ones already issued.
    ref_key = rng.getrandbits(28)
    seen_names: dict[tuple[str, str], int] = {}
    for index in range(support_posts):
        pair = first_pairs[index] if index < len(first_pairs) else _pick(rng, _PAIR_CUM)
        department, function = _PAIRS[pair]
        title, low, high, _ = TITLES[function][_pick(rng, _TITLE_CUM[function])]
        grade = low + int(rng.random() * (high - low + 1))
        pay_low, pay_high = GRADE_PAY[grade]
        point = int(rng.random() * SPINAL_POINTS_PER_GRADE)
        salary = pay_low + (pay_high - pay_low) * point // (SPINAL_POINTS_PER_GRADE - 1)
        fte = 1.0
        if rng.random() >= FULL_TIME_SHARE:
            fte = PART_TIME_FTES[int(rng.random() * len(PART_TIME_FTES))]
        ref = name = email = None
        if rng.random() >= VACANCY_RATE:
            ref = f"E{(index * 0x9E3779B1 + ref_key) & 0xFFFFFFF:07X}"
            first = FIRST_NAMES[int(rng.random() * len(FIRST_NAMES))]
            surname = SURNAMES[int(rng.random() * len(SURNAMES))]
            name = f"{first} {surname}"
            email = _email(first, surname, seen_names)
        yield DemoPost(
            post_number=str(FIRST_POST_NUMBER + index),
            title=title,
            grade=f"Grade {grade}",
            fte=fte,
            function=function,
            department=department,
            cost_centre=department_cost_centre(department, function),
            annual_cost=annual_cost(salary, fte),
            employee_ref=ref,
            employee_name=name,
            employee_email=email,
            team=function if function in ALREADY_CENTRAL else None,
        )


def frozen_cost_centres(seed: int = 2026) -> frozenset[str]:
    """Return the department cost centres frozen in the demo (their budget checks fail)."""
    # A stream of its own, so the choice does not depend on how many posts are generated.
    return frozenset(random.Random(f"{seed}:frozen").sample(_DEPARTMENT_CODES, FROZEN_COST_CENTRES))


def under_funded_cost_centres(seed: int = 2026) -> frozenset[str]:
    """Return the department cost centres whose budget line is below the cost of its posts."""
    frozen = frozen_cost_centres(seed)
    # Kept apart from the frozen ones so each kind of failed budget check shows on its own.
    candidates = [code for code in _DEPARTMENT_CODES if code not in frozen]
    return frozenset(random.Random(f"{seed}:under-funded").sample(candidates, UNDER_FUNDED_LINES))


def cost_centres(seed: int = 2026) -> list[DemoCostCentre]:
    """Return one cost centre per (department, function) and one per central team."""
    frozen = frozen_cost_centres(seed)
    departmental = [
        DemoCostCentre(
            code=department_cost_centre(department, function),
            name=f"{DEPARTMENTS[department]} — {SUPPORT_FUNCTIONS[function]}",
            owner=department,
            function=function,
            frozen=department_cost_centre(department, function) in frozen,
        )
        for department, function in _PAIRS
    ]
    central = [
        DemoCostCentre(
            code=central_cost_centre(function),
            name=team,
            owner="CENTRAL",
            function=function,
            frozen=False,
        )
        for function, team in CENTRAL_TEAMS.items()
    ]
    return departmental + central


def budget_lines(seed: int = 2026, support_posts: int = 1500) -> list[DemoBudgetLine]:
    """Return a budget line per cost centre, funding the posts of `generate_posts(seed, n)`.

    Department lines carry 3–8% headroom, except a few deliberately under-funded ones set
    5–12% below their posts' cost. Central lines start at zero: budget arrives with each move.
    """
    costs: dict[str, int] = dict.fromkeys(_DEPARTMENT_CODES, 0)
    for post in generate_posts(seed, support_posts):
        costs[post.cost_centre] += post.annual_cost
    under_funded = under_funded_cost_centres(seed)
    rng = random.Random(f"{seed}:budgets")
    lines: list[DemoBudgetLine] = []
    for centre in cost_centres(seed):
        cost = costs.get(centre.code, 0)
        if centre.code in under_funded:
            budget = math.floor(cost * rng.uniform(0.88, 0.95) / 1000) * 1000
        else:
            # Budgets are set in whole thousands, rounded up so headroom is never negative.
            budget = math.ceil(cost * rng.uniform(1.03, 1.08) / 1000) * 1000
        lines.append(DemoBudgetLine(centre.code, centre.function, budget))
    return lines
