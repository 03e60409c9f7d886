"""The demo establishment, registered once into an empty post register.

Posts come from `shared.demo` (the same seed gives every service the same council);
names and emails go into HR's employees table only; HR's and PPM's posts are registered in
their central team (already central). HR's own processes are registered for the redesign
pipeline, and a few transfers are started so the demo shows something: some consulted on in
exercises (open with questions, closed agreed, closed not agreed with HR's decision), some
posts' scope under review, agreed in scope or agreed out of scope (`demo_consultation.py`).

Seeding survives HR being killed halfway: each step records how far it got in its own
transaction, and a restart picks up from there: posts already registered are not
registered again, the processes are published once, and the transfers' bulk rows for
posts already moved on are refused by the posts themselves (one live transfer a post).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Protocol

from services.hr.application import commands as c
from services.hr.application.bulk import (
    StartChunk,
    one_per_transaction,
    run_commands,
)
from services.hr.application.demo_consultation import seed_consultations
from services.hr.application.demo_moves import seed_early_moves
from services.hr.application.handlers import handle
from services.hr.application.redesign import OWNER
from services.hr.application.unit_of_work import UnitOfWork
from shared.chunks import chunks
from shared.demo import (
    DemoPost,
    generate_posts,
    generate_processes,
    out_of_scope_posts,
)
from shared.records import record_from
from shared.redesign.commands import RegisterProcess
from shared.redesign.publishing import Processes, register_process, seed_demo_candidates

POSTS_PER_TRANSACTION = 500
REGISTERING, PUBLISHED, FINISHED = "posts", "processes", "finished"


class SeedingUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also knows how far the demo seeding got."""

    def has_posts(self) -> bool: ...
    def demo_stage(self, seed: int) -> str | None: ...
    def record_demo_stage(self, seed: int, stage: str) -> None: ...
    @property
    def processes(self) -> Processes: ...


StartSeeding = Callable[[], AbstractContextManager[SeedingUnitOfWork]]


@dataclass(frozen=True, slots=True)
class DemoTransfers:
    """Which posts' transfers the demo starts, and how far each group gets."""

    # All Policy posts of one department: HR's own posts are already central, and CST's
    # policy cost centre can fund the moves.
    proposed: tuple[str, str] = ("CST", "POL")
    in_consultation: tuple[str, str] = ("PLACE", "FIN")
    consultation_closed: tuple[str, str] = ("CS", "COMMS")


def seed_demo(
    start_uow: StartSeeding,
    seed: int,
    support_posts: int,
    today: date,
    start_chunk: StartChunk | None = None,
) -> int:
    """Register the demo posts, publish HR's processes, start some transfers; return the
    posts registered now. An unfinished seeding is finished; a register that holds posts
    it did not seed is left alone.

    The transfers are bulk rows (`start_chunk`; by default each row its own unit of work).
    """
    with start_uow() as uow:
        stage = uow.demo_stage(seed)
        if stage == FINISHED or (stage is None and uow.has_posts()):
            return 0
    groups: dict[tuple[str, str], list[str]] = {}
    registered = 0
    for chunk in chunks(generate_posts(seed, support_posts), POSTS_PER_TRANSACTION):
        with start_uow() as uow:
            if stage is None:  # the seeding starts: recorded with the first posts
                stage = REGISTERING
                uow.record_demo_stage(seed, stage)
            for post in chunk:
                groups.setdefault((post.department, post.function), []).append(post.post_number)
                if stage == REGISTERING and not uow.posts.exists(post.post_number):
                    handle(uow, _register(post, today))
                    registered += 1
    if stage == REGISTERING:
        with start_uow() as uow:
            for process in generate_processes(seed):
                if process.function == OWNER.function:
                    register_process(OWNER, uow, record_from(RegisterProcess, process))
            seed_demo_candidates(OWNER, uow, seed)
            uow.record_demo_stage(seed, PUBLISHED)
    transfers = start_chunk or one_per_transaction(start_uow)
    by_stage = _start_transfers(transfers, groups, today)
    out_of_scope = out_of_scope_posts(generate_posts(seed, support_posts))
    seed_consultations(
        start_uow, seed, by_stage, today, DemoTransfers().consultation_closed[0], out_of_scope
    )
    seed_early_moves(start_uow, transfers, seed, support_posts, today)  # "a year in"
    with start_uow() as uow:
        uow.record_demo_stage(seed, FINISHED)
    return registered


def _start_transfers(
    start_chunk: StartChunk, groups: dict[tuple[str, str], list[str]], today: date
) -> dict[str, list[str]]:
    """Propose the three groups' transfers (a bulk run: a row may be refused, the rest go
    on); return each stage's post numbers, for the exercises that consult on two of them."""
    plan = DemoTransfers()
    effective = today + timedelta(days=120)
    reason = "One Council Support Functions: centralise the discipline"
    stages = {
        "proposed": plan.proposed,
        "in_consultation": plan.in_consultation,
        "consultation_closed": plan.consultation_closed,
    }
    by_stage = {stage: groups.get(group, []) for stage, group in stages.items()}
    for numbers in by_stage.values():  # a bulk run per group
        proposals = [
            c.ProposeTransfer(
                post_number=n, target_team=None, effective_date=effective, reason=reason
            )
            for n in numbers
        ]
        run_commands(start_chunk, proposals)
    return by_stage


def _register(post: DemoPost, today: date) -> c.RegisterPost:
    # A demo post holds exactly a registration's details: post, incumbent and contact.
    return c.RegisterPost(**asdict(post), effective_date=today)
