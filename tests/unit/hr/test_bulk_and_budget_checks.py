"""Bulk rows, Finance's verdicts and the demo seeding, with an in-memory unit of work."""

from __future__ import annotations

import copy
from datetime import date

from services.hr.application.budget_checks import BudgetVerdict, record_budget_check
from services.hr.application.bulk import (
    BulkOptions,
    RowResult,
    command_for,
    one_per_transaction,
    run_commands,
    run_rows,
    totals,
)
from services.hr.application.demo import seed_demo
from services.hr.application.handlers import handle
from services.hr.domain.post import Post
from services.hr.domain.transfer import BudgetCheck
from shared.events import hr as events
from shared.events.redesign import ProcessRegistered
from tests.support.posts import register_post
from tests.unit.hr.fakes import FakePosts, FakeUnitOfWork

TODAY = date(2027, 1, 15)
PROPOSE = BulkOptions(effective_date=date(2027, 4, 1), reason="centralise")


def register(uow: FakeUnitOfWork, number: str, function: str = "FIN") -> None:
    with uow:
        handle(uow, register_post(number, function=function))


def test_one_refused_row_undoes_nothing_else_and_each_row_says_why() -> None:
    uow = FakeUnitOfWork()
    for number in ("10001", "10002", "10003"):
        register(uow, number)
    results = run_rows(
        one_per_transaction(lambda: uow), "propose", PROPOSE, ["10001", "99999", "10003", "10001"]
    )
    assert [(r.post_number, r.outcome) for r in results] == [
        ("10001", "done"),
        ("99999", "refused"),
        ("10003", "done"),
        ("10001", "refused"),
    ]
    assert results[1].reason == "post 99999 is not in the post register"
    assert results[3].reason == "post 10001 appears more than once in this run"
    assert results[0].transfer_id is not None
    assert totals(results) == {"rows": 4, "done": 2, "refused": 2, "error": 0}
    proposed = [e for e in uow.committed if isinstance(e.payload, events.TransferProposed)]
    assert [e.aggregate_id for e in proposed] == ["10001", "10003"]


class BrokenPosts(FakePosts):
    """Post 10001's row cannot be read: the database fails under it."""

    def get(self, post_number: str) -> Post | None:
        if post_number == "10001":
            raise RuntimeError("disk full")
        return super().get(post_number)


def test_a_row_that_breaks_is_reported_as_an_error_and_the_run_goes_on() -> None:
    uow = FakeUnitOfWork()
    register(uow, "10001")
    register(uow, "10002")

    uow.posts = BrokenPosts(uow.posts.posts)
    results = run_rows(
        one_per_transaction(lambda: uow), "approve", BulkOptions(), ["10001", "10002"]
    )
    assert [r.outcome for r in results] == ["error", "refused"]
    assert results[0].reason == "could not be done: RuntimeError"


class FirstCommitFails:
    """Chunks over one in-memory unit of work; the first chunk's commit fails, so nothing
    of it is kept."""

    def __init__(self, uow: FakeUnitOfWork, failing: int = 1) -> None:
        self.uow = uow
        self.failing = failing
        self.chunks = 0
        self.kept: dict[int, RowResult] = {}

    def __enter__(self) -> FirstCommitFails:
        self.before = (copy.deepcopy(self.uow.posts.posts), len(self.uow.committed))
        self.pending: list[tuple[int, RowResult]] = []
        self.chunks += 1
        return self

    def __exit__(self, *_: object) -> None:
        if self.chunks <= self.failing:
            self.uow.posts.posts, kept = self.before
            del self.uow.committed[kept:]
            raise RuntimeError("the commit failed")
        self.kept.update(self.pending)

    def row(self) -> FakeUnitOfWork:
        return self.uow

    def keep(self, results: list[tuple[int, RowResult]]) -> None:
        self.pending.extend(results)


def test_a_chunk_whose_commit_fails_runs_its_rows_again_one_by_one() -> None:
    uow = FakeUnitOfWork()
    for number in ("10001", "10002", "10003"):
        register(uow, number)
    chunks = FirstCommitFails(uow)
    results = run_rows(lambda: chunks, "propose", PROPOSE, ["10001", "99999", "10003"])
    assert [r.outcome for r in results] == ["done", "refused", "done"]
    assert chunks.chunks == 4, "one chunk of three rows, then a chunk per row"
    proposed = [e for e in uow.committed if isinstance(e.payload, events.TransferProposed)]
    assert [e.aggregate_id for e in proposed] == ["10001", "10003"]


def test_each_chunk_keeps_its_rows_results_with_their_place_in_the_run() -> None:
    uow = FakeUnitOfWork()
    for number in ("10001", "10003"):
        register(uow, number)
    chunks = FirstCommitFails(uow, failing=0)
    numbers = ["10001", "99999", "10003", "10001"]
    results = run_commands(
        lambda: chunks,
        [command_for("propose", n, PROPOSE) for n in numbers],
        rows_per_chunk=2,
    )
    assert chunks.chunks == 2
    assert chunks.kept == {0: results[0], 1: results[1], 2: results[2]}
    assert results[3].reason == "post 10001 appears more than once in this run"


def test_a_resumed_run_reports_the_rows_kept_before_and_runs_only_the_others() -> None:
    uow = FakeUnitOfWork()
    for number in ("10001", "10002", "10003"):
        register(uow, number)
    with uow:
        earlier = handle(uow, command_for("propose", "10001", PROPOSE))
    kept_before = {
        0: RowResult(
            post_number="10001", outcome="done", reason="", transfer_id=earlier.transfer_id
        )
    }
    proposed_before = len(uow.committed)
    chunks = FirstCommitFails(uow, failing=0)
    progress: list[int] = []
    results = run_rows(
        lambda: chunks,
        "propose",
        PROPOSE,
        ["10001", "10002", "10003", "10001"],
        progress.append,
        already=kept_before,
    )
    assert results[0] == kept_before[0], "the row done before is reported done, not refused"
    assert [r.outcome for r in results[1:3]] == ["done", "done"]
    assert results[3].outcome == "refused", "a post named twice is still refused once"
    assert set(chunks.kept) == {1, 2}
    assert len(uow.committed) == proposed_before + 2, "only the rows not kept before ran"
    assert progress == [4]


def test_finances_verdict_is_noted_on_the_transfer_it_names() -> None:
    uow = FakeUnitOfWork()
    register(uow, "10001")
    with uow:
        transfer = handle(uow, command_for("propose", "10001", PROPOSE))
    verdict = BudgetVerdict(
        post_number="10001",
        transfer_id=transfer.transfer_id,
        passed=False,
        reason="cost centre frozen",
    )
    assert record_budget_check(uow.posts, verdict)
    recorded = uow.posts.posts["10001"].current_transfer()
    assert (recorded.budget_check, recorded.budget_check_reason) == (
        BudgetCheck.FAILED,
        "cost centre frozen",
    )


def test_a_verdict_for_an_unknown_post_or_transfer_changes_nothing() -> None:
    uow = FakeUnitOfWork()
    register(uow, "10001")
    assert not record_budget_check(
        uow.posts, BudgetVerdict(post_number="99999", transfer_id="T-1", passed=True)
    )
    assert not record_budget_check(
        uow.posts, BudgetVerdict(post_number="10001", transfer_id="T-unknown", passed=True)
    )
    assert uow.posts.saved == []


def test_the_demo_registers_posts_publishes_hr_processes_and_starts_transfers() -> None:
    uow = FakeUnitOfWork()
    registered = seed_demo(lambda: uow, seed=2026, support_posts=200, today=TODAY)
    assert registered == 200
    payloads = [e.payload for e in uow.committed]
    assert sum(isinstance(p, events.PostRegistered) for p in payloads) == 200
    processes = [e for e in uow.committed if isinstance(e.payload, ProcessRegistered)]
    assert processes and {e.payload.function for e in processes} == {"HR"}  # type: ignore[attr-defined]
    assert {e.topic for e in processes} == {"hr.redesign"}
    stages = {p.current_transfer().stage.value for p in uow.posts.posts.values() if p.transfers}
    assert stages == {"proposed", "in_consultation", "consultation_closed"}
    assert all("@" not in p.model_dump_json() for p in payloads), "no email address leaves HR"


class Deadlock(Exception):
    """What SQLAlchemy raises when PostgreSQL picks this transaction to break a deadlock:
    the driver's error, with its SQLSTATE, as `orig`."""

    def __init__(self) -> None:
        super().__init__("deadlock detected")
        self.orig = type("DeadlockDetected", (), {"sqlstate": "40P01"})()


class DeadlockingPosts(FakePosts):
    """Reading post 10001 deadlocks the first `times` times, as when another chunk holds a
    line manager's post this row needs."""

    def __init__(self, posts: dict[str, Post], times: int) -> None:
        super().__init__(posts)
        self.times = times

    def get(self, post_number: str) -> Post | None:
        if post_number == "10001" and self.times > 0:
            self.times -= 1
            raise Deadlock()
        return super().get(post_number)


def test_a_row_that_loses_a_deadlock_runs_again_and_is_done_once() -> None:
    uow = FakeUnitOfWork()
    register(uow, "10001")
    register(uow, "10002")
    uow.posts = DeadlockingPosts(uow.posts.posts, times=2)
    results = run_rows(one_per_transaction(lambda: uow), "propose", PROPOSE, ["10001", "10002"])
    assert [(r.post_number, r.outcome) for r in results] == [("10001", "done"), ("10002", "done")]
    proposed = [e.aggregate_id for e in uow.committed
                if isinstance(e.payload, events.TransferProposed)]  # fmt: skip
    assert sorted(proposed) == ["10001", "10002"]


def test_a_row_that_keeps_deadlocking_is_reported_as_an_error_after_three_tries() -> None:
    uow = FakeUnitOfWork()
    register(uow, "10001")
    uow.posts = DeadlockingPosts(uow.posts.posts, times=99)
    results = run_rows(one_per_transaction(lambda: uow), "propose", PROPOSE, ["10001"])
    assert [(r.outcome, r.reason) for r in results] == [("error", "could not be done: Deadlock")]
    assert uow.posts.times == 99 - 3
