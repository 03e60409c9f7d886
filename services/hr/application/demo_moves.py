"""The demo's early-start moves (`shared/demo/moves.py`): one department's finance posts,
proposed to take effect 90 days before the demo's today, consulted on in an exercise long
closed, then approved on the Cabinet's decision once Finance's budget checks come back
(HR's scheduler then makes them effective, and Finance moves their budgets).

Each step is its own transaction and refused by the domain when already done, so a restart
picks up where seeding stopped.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from services.hr.application import commands as c
from services.hr.application import exercise_commands as x
from services.hr.application.bulk import StartChunk, StartUnitOfWork, run_commands
from services.hr.application.demo_consultation import PURPOSE, REPRESENTATIVES, _questions
from services.hr.application.handlers import handle
from services.hr.domain.errors import HrError
from services.hr.domain.transfer import BudgetCheck, Stage
from services.hr.domain.wave_rules import Decision
from shared.demo import generate_posts
from shared.demo.moves import EarlyMoves, early_moves

REASON = "One Council Support Functions: early start, finance colleagues into Central Finance"


def early_move_posts(seed: int, support_posts: int, today: date) -> tuple[EarlyMoves, list[str]]:
    """The early moves and the post numbers they move."""
    moves = early_moves(seed, today)
    numbers = [
        post.post_number
        for post in generate_posts(seed, support_posts)
        if (post.department, post.function) == (moves.department, moves.function)
    ]
    return moves, numbers


def seed_early_moves(
    start_uow: StartUnitOfWork,
    start_chunk: StartChunk,
    seed: int,
    support_posts: int,
    today: date,
) -> None:
    """Propose the moves (a bulk run) and consult on them in one exercise, closed agreed."""
    moves, numbers = early_move_posts(seed, support_posts, today)
    if not numbers:
        return
    proposals = [
        c.ProposeTransfer(post_number=n, target_team=None, effective_date=moves.effective_on,
                          reason=REASON)
        for n in numbers
    ]  # fmt: skip
    run_commands(start_chunk, proposals)
    exercise_id = f"CX-DEMO{seed}-0"
    at = datetime.combine(moves.consulted_on, time(9), tzinfo=UTC)
    steps = [
        x.OpenExercise(
            exercise_id=exercise_id, purpose=PURPOSE, post_numbers=numbers,
            opened_on=moves.consulted_on, proposed_close=moves.consultation_closed_on,
            representatives=REPRESENTATIVES, at_risk_post_numbers=[],
        ),
        *_questions(exercise_id, at, answered_all=True),
        x.CloseExercise(
            exercise_id=exercise_id, closed_on=moves.consultation_closed_on, outcome="agreed",
            notes="Consultation responses considered by HR", today=today,
        ),
    ]  # fmt: skip
    for command in steps:
        try:
            with start_uow() as uow:
                handle(uow, command)
        except HrError:
            pass  # done before a restart: the rest go on


def approve_early_moves(
    start_uow: StartUnitOfWork, seed: int, support_posts: int, today: date
) -> int:
    """Approve each early move whose budget check has come back, on the Cabinet's decision;
    return how many still wait for theirs."""
    moves, numbers = early_move_posts(seed, support_posts, today)
    decision = Decision(
        reference=moves.decision_reference, decided_on=moves.decided_on, maker="cabinet"
    )
    waiting = 0
    for number in numbers:
        try:
            with start_uow() as uow:
                post = uow.posts.get(number)
                transfer = post.live_transfer if post else None
                if transfer is None or transfer.stage is not Stage.CONSULTATION_CLOSED:
                    continue  # approved already, or never proposed (refused at proposal)
                if transfer.budget_check is BudgetCheck.FAILED:
                    continue  # stays unapproved, as a real one would
                handle(uow, c.ApproveTransfer(post_number=number, decision=decision))
        except HrError:
            waiting += 1  # Finance's budget check has not come back yet
    return waiting
