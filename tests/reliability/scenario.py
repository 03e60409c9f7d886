"""The transfer scenario the fault-injection tests run, and the oracle they compare with.

The demo establishment is registered by HR (DEMO_SUPPORT_POSTS); every post HR's demo leaves
alone (no demo transfer, not already central, not out of scope) is then proposed, consulted
on, approved and made effective through HR's bulk API, while Finance answers the budget
checks; the demo's own early-start moves (`shared/demo/moves.py`) end the same way. The
oracle is computed from the commands and the demo books alone: a budget check's verdict
depends only on the line and the posts it pays for, so every post's end state is known
before the run.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
from sqlalchemy import func, select

from services.finance.domain.budget import BudgetLine, CostCentre, check_budget
from services.hr.adapters import tables as hr_tables
from services.hr.application.demo import DemoTransfers
from shared import demo
from shared.chunks import chunks
from shared.demo.moves import early_moves
from shared.persistence.engine import make_engine
from shared.records import record_from
from tests.reliability.stack import TODAY, Stack
from tests.support.waiting import eventually

SEED = 2026
CHUNK = 1000
STEPS: list[tuple[str, dict[str, Any]]] = [
    ("propose", {"effective_date": TODAY, "reason": "One Council Support Functions"}),
    ("open_consultation", {"closes_by": TODAY}),
    ("close_consultation", {"outcome": "agreed"}),
]
Expected = dict[str, tuple[str, str]]  # post → (stage, budget check)


@dataclass(frozen=True)
class Plan:
    """Which posts move, and what every post ends as."""

    support_posts: int
    movers: list[str]
    expected: Expected
    moved_out: dict[tuple[str, str], int]  # department line → money moved to the centre


def plan(support_posts: int) -> Plan:
    posts = list(demo.generate_posts(SEED, support_posts))
    centres = {c.code: c for c in demo.cost_centres(SEED)}
    lines = {(b.cost_centre, b.function): b.annual_budget
             for b in demo.budget_lines(SEED, support_posts)}  # fmt: skip
    on_line: dict[tuple[str, str], int] = {}
    for post in posts:
        key = (post.cost_centre, post.function)
        on_line[key] = on_line.get(key, 0) + post.annual_cost
    groups = DemoTransfers()
    seeded = {groups.proposed: "proposed", groups.in_consultation: "in_consultation",
              groups.consultation_closed: "consultation_closed"}  # fmt: skip
    # Already central or agreed out of scope: HR's demo starts no transfer, nor may the run.
    left_alone = {p.post_number for p in posts if p.team} | set(demo.out_of_scope_posts(posts))
    early = early_moves(SEED, date.fromisoformat(TODAY))
    movers: list[str] = []
    expected: Expected = {}
    moved_out: dict[tuple[str, str], int] = {}
    for post in posts:
        if post.post_number in left_alone:
            continue
        key = (post.cost_centre, post.function)
        centre = centres.get(post.cost_centre)
        budget = lines.get(key)
        verdict = check_budget(
            post.post_number,
            post.function,
            post.annual_cost,
            post.cost_centre,
            record_from(CostCentre, centre) if centre else None,
            BudgetLine(cost_centre=key[0], function=key[1], annual_budget=budget)
            if budget is not None
            else None,
            on_line[key] - post.annual_cost,
        )
        check = "passed" if verdict.passed else "failed"
        group = seeded.get((post.department, post.function))
        if group is not None:
            expected[post.post_number] = (group, check)
            continue
        if (post.department, post.function) != (early.department, early.function):
            movers.append(post.post_number)  # the demo moves the early ones itself
        stage = "effective" if verdict.passed else "consultation_closed"
        expected[post.post_number] = (stage, check)
        if verdict.passed:
            moved_out[key] = moved_out.get(key, 0) + post.annual_cost
    return Plan(support_posts, movers, expected, moved_out)


class Driver:
    """Drives the plan through HR's API, riding out HR being down (killed and restarted)."""

    def __init__(self, stack: Stack, log: Callable[[str], None] = lambda _: None) -> None:
        self.stack = stack
        self.log = log
        self.retries = 0
        self.hr = make_engine(stack.databases["hr"])

    def wait_for_demo(self, plan: Plan) -> None:
        """Until HR's demo has registered every post and started its transfers."""
        closed = sum(stage == "consultation_closed" for stage, _ in plan.expected.values())
        closed -= sum(plan.expected[post][0] == "consultation_closed" for post in plan.movers)
        stage = hr_tables.transfers.c.stage == "consultation_closed"
        self.until(lambda: self.hr_count(hr_tables.posts) == plan.support_posts, "demo posts")
        self.until(lambda: self.hr_count(hr_tables.transfers, stage) == closed, "demo transfers")

    def run(self, movers: list[str]) -> None:
        for action, fields in STEPS:
            for part in chunks(movers, CHUNK):
                self.bulk(action, part, fields)
            self.log(f"{action} done")
        pending = hr_tables.transfers.c.budget_check == "pending"
        self.until(lambda: self.hr_count(hr_tables.transfers, pending) == 0, "verdicts in HR")
        for part in chunks(movers, CHUNK):
            self.bulk("approve", part, {})
        self.log("approve done")
        approved = hr_tables.transfers.c.stage == "approved"
        due = hr_tables.transfers.c.effective_date <= date.fromisoformat(TODAY)
        while self.hr_count(hr_tables.transfers, approved, due):
            self.call("POST", "/transfers/take-effect-due")
        self.log("take effect done")

    def bulk(self, action: str, posts: list[str], fields: dict[str, Any]) -> None:
        body = {"action": action, "post_numbers": posts, **fields}
        self.call("POST", "/bulk/transfers", json=body, key=str(uuid.uuid4()))

    def call(self, method: str, path: str, key: str | None = None, **options: Any) -> Any:
        """Call HR; when it is down or cut off mid-request, wait and send again."""
        while True:
            headers = {"Idempotency-Key": key or str(uuid.uuid4())}
            with self.stack.client("hr", "hr_staff") as hr:
                try:
                    answer = hr.request(method, path, headers=headers, **options)
                    if answer.status_code < 500:
                        assert answer.status_code == 200, answer.text
                        return answer.json()
                except httpx.HTTPError:
                    pass
            self.retries += 1
            key = str(uuid.uuid4())  # a cut-off run may be half done: ask afresh
            time.sleep(0.5)

    def hr_count(self, table: Any, *where: Any) -> int:
        with self.hr.connect() as connection:
            counted = connection.scalar(select(func.count()).select_from(table).where(*where))
            return int(counted or 0)

    def until(self, check: Callable[[], bool], what: str, timeout: float = 240) -> None:
        eventually(check, what=what, timeout=timeout, interval=0.3)
