"""No sequence of candidate and budget events makes savings and budget reductions disagree.

Posts of two central teams are disestablished for delivered candidates (some twice, some
unknown to Finance), finance officers give savings up from the teams' lines (some refused:
more than the line has left), and budget moves into the lines, in any order. Whatever the
sequence, what Finance commits books the same pounds as realised and as reduced for every
team and year; Workflow's savings position and the golden thread, fed those events, say the
same; and no line gives up more than it held."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.finance.application import saga
from services.finance.application.commands import RecordRealisedSavings
from services.finance.application.savings import record_realised_savings
from services.finance.domain.budget import BudgetLine, CostCentre
from services.finance.domain.errors import NotAllowed
from services.finance.domain.transfer import RegisteredPost
from services.workflow.domain.savings import CandidateSaving, RealisedRecord, savings_position
from shared.events import finance, hr
from shared.persistence.outbox import NewEvent
from shared.programme.thread import thread_answer
from tests.support.redesign import FakeProcesses
from tests.unit.finance.fakes import FakeBook, FakeSavings

TEAMS = ("FIN", "HR")
YEARS = ("2026/27", "2027/28")
KNOWN_POSTS = 4  # posts 0-3 are on Finance's books; 4-5 are known only by HR's event


class FakeFinance:
    """Finance's unit of work in memory: a command's writes and events commit together, or
    (on a refusal) not at all, as in the real transaction."""

    def __init__(self) -> None:
        self.book, self.savings, self.processes = FakeBook(), FakeSavings(), FakeProcesses()
        self.committed: list[Any] = []
        self._pending: list[NewEvent] = []
        for team in TEAMS:
            code = f"CEN-{team}-01"
            self.book.save_cost_centre(CostCentre(code=code, name=code, owner="CENTRAL",
                                                  function=team))  # fmt: skip
            self.book.save_line(BudgetLine(cost_centre=code, function=team, annual_budget=40_000))
        for number in range(KNOWN_POSTS):
            team = TEAMS[number % 2]
            self.book.save_post(RegisteredPost(
                post_number=f"3000{number}", function=team, department="CST",
                cost_centre=f"CEN-{team}-01", annual_cost=18_000 + 1_000 * number,
            ))  # fmt: skip

    def emit(self, event: NewEvent) -> None:
        self._pending.append(event)

    def run(self, step: tuple[Any, ...]) -> None:
        before = copy.deepcopy((self.book.lines, self.book.posts, self.savings.realised,
                                self.savings.reductions))  # fmt: skip
        self._pending = []
        try:
            self._pending += self._do(*step)
        except NotAllowed:
            self.book.lines, self.book.posts = before[0], before[1]
            self.savings.realised, self.savings.reductions = before[2], before[3]
            return
        self.committed += [event.payload for event in self._pending]

    def _do(self, kind: str, team: str, number: int, amount: int, year: int) -> list[NewEvent]:
        candidate = f"CAN-{team}-{number % 3}"
        if kind == "end":
            ended = hr.PostDisestablished(
                post_number=f"3000{number}", candidate_id=candidate, team=team,
                effective_date=date(2026 + year, 9, 30), function=team, department="CST",
                cost_centre=f"CEN-{team}-01", annual_cost=amount, fte=1.0, was_filled=False,
            )  # fmt: skip
            return saga.handle(self.book, ended, self.savings)
        if kind == "book":
            record_realised_savings(self, RecordRealisedSavings(
                team=team, financial_year=YEARS[year], amount=amount, candidate_id=candidate,
                description="", reduce_budget=True,
            ))  # fmt: skip
            return []
        line = self.book.line(f"CEN-{team}-01", team)
        assert line is not None
        line.move_in(amount)  # a moved post's budget arriving
        self.book.save_line(line)
        return []


steps = st.lists(
    st.tuples(
        st.sampled_from(("end", "book", "move_in")), st.sampled_from(TEAMS),
        st.integers(0, 5), st.integers(1, 30_000), st.integers(0, 1),
    ),
    max_size=25,
)  # fmt: skip


def _sums(events: list[Any], kind: type[Any]) -> dict[tuple[str, str], int]:
    sums: dict[tuple[str, str], int] = {}
    for event in events:
        if isinstance(event, kind):
            key = (event.team, event.financial_year)
            sums[key] = sums.get(key, 0) + event.amount
    return sums


@settings(max_examples=150, deadline=None)
@given(steps)
def test_no_sequence_makes_realised_savings_and_budget_reductions_disagree(
    sequence: list[tuple[Any, ...]],
) -> None:
    council = FakeFinance()
    for step in sequence:
        council.run(step)
    realised = _sums(council.committed, finance.SavingsRealised)
    reduced = _sums(council.committed, finance.CentralBudgetReduced)
    assert realised == reduced
    booked = [e for e in council.committed if isinstance(e, finance.SavingsRealised)]
    for team in TEAMS:
        line = council.book.line(f"CEN-{team}-01", team)
        assert line is not None
        assert council.savings.reduced(f"CEN-{team}-01", team) <= line.current - line.reserved
        # Workflow's position: every booked candidate delivered with a figure of its own,
        # which Finance's booking replaces (never added to it).
        records = [RealisedRecord(e.financial_year, e.amount, e.candidate_id)
                   for e in booked if e.team == team]  # fmt: skip
        named = sorted({r.candidate_id for r in records if r.candidate_id})
        delivered = [CandidateSaving(candidate_id=c, committed=True, estimated_money=1_000,
                                     realised_money=999, delivered_on=date(2026, 6, 1))
                     for c in named]  # fmt: skip
        for year in YEARS:
            position = savings_position(team, year, 0, records, delivered)
            assert position.realised == reduced.get((team, year), 0)
    threads = _threads(council.committed)
    for candidate, answer in threads.items():
        for year, sums in answer["booked_by_year"].items():
            assert sums["realised_booked"] == sums["budget_reduced"], (candidate, year)


def _threads(events: list[Any]) -> dict[str, dict[str, Any]]:
    """Each candidate's golden thread, as Workflow and the audit answer it."""
    by_candidate: dict[str, list[dict[str, Any]]] = {}
    for index, event in enumerate(events):
        by_candidate.setdefault(event.candidate_id, []).append({
            "event_id": f"{index:06d}", "event_type": event.EVENT_TYPE, "producer": "finance",
            "occurred_at": f"{index:06d}", "payload": event.model_dump(mode="json"),
        })  # fmt: skip
    return {c: thread_answer(c, listed) for c, listed in by_candidate.items()}
