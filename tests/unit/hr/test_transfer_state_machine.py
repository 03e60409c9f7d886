"""The transfer state machine, exhaustively: every stage × every command is either allowed
or refused with the sentence an HR officer reads, and a refusal changes nothing."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date

import pytest

from services.hr.domain.errors import TransferNotAllowed
from services.hr.domain.post import Post
from services.hr.domain.transfer import BudgetCheck, Stage

EFFECTIVE_ON = date(2027, 4, 1)
TODAY = date(2027, 1, 15)
STATE = {
    Stage.PROPOSED: "is only proposed",
    Stage.IN_CONSULTATION: "is in consultation",
    Stage.CONSULTATION_CLOSED: "has had its consultation closed",
    Stage.APPROVED: "is approved",
    Stage.EFFECTIVE: "has already taken effect",
    Stage.REJECTED: "was rejected",
    Stage.CANCELLED: "was cancelled",
    Stage.RESCINDED: "was rescinded",
}
WORDS = {
    Stage.PROPOSED: "proposed",
    Stage.IN_CONSULTATION: "in consultation",
    Stage.CONSULTATION_CLOSED: "with consultation closed",
    Stage.APPROVED: "approved",
}


def a_post() -> Post:
    return Post(
        post_number="10423",
        title="Finance Officer",
        grade="Grade 7",
        fte=1.0,
        function="FIN",
        department="CS",
        cost_centre="CS-FIN-01",
        annual_cost=41_000,
    )


def post_at(stage: Stage) -> Post:
    """A post whose transfer has been driven to `stage` through the domain's own moves."""
    post = a_post()
    transfer = post.propose_transfer("T-1", "FIN", "Central Finance", EFFECTIVE_ON, "centralise")
    path = {
        Stage.PROPOSED: [],
        Stage.IN_CONSULTATION: ["open"],
        Stage.CONSULTATION_CLOSED: ["open", "close"],
        Stage.APPROVED: ["open", "close", "approve"],
        Stage.EFFECTIVE: ["open", "close", "approve", "effect"],
        Stage.REJECTED: ["reject"],
        Stage.CANCELLED: ["cancel"],
        Stage.RESCINDED: ["open", "close", "approve", "effect", "rescind"],
    }[stage]
    for step in path:
        if step == "open":
            transfer.open_consultation(TODAY, date(2027, 2, 28))
        elif step == "close":
            transfer.close_consultation(date(2027, 2, 20), "agreed", "no objections")
            transfer.record_budget_check(True, "")
        elif step == "approve":
            transfer.approve()
        elif step == "effect":
            transfer.take_effect(EFFECTIVE_ON)
            post.move_into_team("FIN", None)
        elif step == "reject":
            transfer.reject("not needed")
        elif step == "cancel":
            transfer.cancel("withdrawn")
        elif step == "rescind":
            transfer.rescind("wrong function", "Director of HR")
            post.move_back(None)
    assert transfer.stage is stage
    return post


def _propose(post: Post) -> None:
    post.propose_transfer("T-2", "FIN", "Central Finance", EFFECTIVE_ON, "again")


COMMANDS: dict[str, tuple[str, Callable[[Post], object], frozenset[Stage]]] = {
    # name: (action words in the refusal, the move, stages where it is allowed)
    "propose": ("", _propose, frozenset({Stage.REJECTED, Stage.CANCELLED, Stage.RESCINDED})),
    "change_effective_date": (
        "change the effective date",
        lambda p: p.current_transfer().change_effective_date(date(2027, 6, 1)),
        frozenset({Stage.PROPOSED, Stage.IN_CONSULTATION, Stage.CONSULTATION_CLOSED}),
    ),
    "open_consultation": (
        "open consultation",
        lambda p: p.current_transfer().open_consultation(TODAY, date(2027, 2, 28)),
        frozenset({Stage.PROPOSED}),
    ),
    "close_consultation": (
        "close consultation",
        lambda p: p.current_transfer().close_consultation(date(2027, 2, 20), "agreed", ""),
        frozenset({Stage.IN_CONSULTATION}),
    ),
    "approve": (
        "approve",
        lambda p: p.current_transfer().approve(),
        frozenset({Stage.CONSULTATION_CLOSED}),
    ),
    "reject": (
        "reject",
        lambda p: p.current_transfer().reject("no longer needed"),
        frozenset({Stage.PROPOSED, Stage.IN_CONSULTATION, Stage.CONSULTATION_CLOSED}),
    ),
    "take_effect": (
        "make the transfer effective",
        lambda p: p.current_transfer().take_effect(EFFECTIVE_ON),
        frozenset({Stage.APPROVED}),
    ),
    "cancel": (
        "cancel",
        lambda p: p.current_transfer().cancel("withdrawn"),
        frozenset(
            {Stage.PROPOSED, Stage.IN_CONSULTATION, Stage.CONSULTATION_CLOSED, Stage.APPROVED}
        ),
    ),
    "rescind": (
        "rescind the transfer",
        lambda p: p.current_transfer().rescind("wrong function", "Director of HR"),
        frozenset({Stage.EFFECTIVE}),
    ),
}
AFTER = {
    "change_effective_date": None,
    "open_consultation": Stage.IN_CONSULTATION,
    "close_consultation": Stage.CONSULTATION_CLOSED,
    "approve": Stage.APPROVED,
    "reject": Stage.REJECTED,
    "take_effect": Stage.EFFECTIVE,
    "cancel": Stage.CANCELLED,
    "rescind": Stage.RESCINDED,
}


def expected_refusal(command: str, stage: Stage) -> str:
    if command == "propose":
        if stage is Stage.EFFECTIVE:
            return "post 10423 has already moved to a centralised team"
        return f"post 10423 already has a transfer {WORDS[stage]} to Central Finance"
    if command == "approve" and stage in (Stage.PROPOSED, Stage.IN_CONSULTATION):
        return (
            "cannot approve post 10423's transfer to Central Finance: its consultation has "
            f"not closed (it is {WORDS[stage]})"
        )
    action = COMMANDS[command][0]
    return f"cannot {action}: post 10423's transfer to Central Finance {STATE[stage]}"


CASES = [(command, stage) for command in COMMANDS for stage in Stage]


@pytest.mark.parametrize(("command", "stage"), CASES, ids=[f"{c}-{s}" for c, s in CASES])
def test_every_command_in_every_stage_is_allowed_or_refused_in_words(
    command: str, stage: Stage
) -> None:
    post = post_at(stage)
    before = copy.deepcopy(post)
    _, move, allowed_in = COMMANDS[command]
    if stage in allowed_in:
        move(post)
        if command == "propose":
            assert post.live_transfer is not None and post.live_transfer.transfer_id == "T-2"
        elif AFTER[command] is not None:
            assert post.current_transfer().stage is AFTER[command]
        else:
            assert post.current_transfer().effective_date == date(2027, 6, 1)
    else:
        with pytest.raises(TransferNotAllowed) as refusal:
            move(post)
        assert str(refusal.value) == expected_refusal(command, stage)
        assert post == before, "a refused command changes nothing"


def test_a_post_with_no_transfer_says_to_propose_one_first() -> None:
    with pytest.raises(TransferNotAllowed, match="post 10423 has no transfer: propose one first"):
        a_post().current_transfer()


def test_approval_waits_for_finances_budget_check() -> None:
    post = post_at(Stage.IN_CONSULTATION)
    post.current_transfer().close_consultation(date(2027, 2, 20), "agreed", "")
    with pytest.raises(TransferNotAllowed, match="Finance's budget check has not come back"):
        post.current_transfer().approve()


def test_a_failed_budget_check_blocks_approval_with_finances_reason() -> None:
    post = post_at(Stage.CONSULTATION_CLOSED)
    post.current_transfer().record_budget_check(False, "cost centre CS-FIN-01 is frozen")
    with pytest.raises(TransferNotAllowed) as refusal:
        post.current_transfer().approve()
    assert str(refusal.value) == (
        "cannot approve post 10423's transfer: the budget check failed "
        "(cost centre CS-FIN-01 is frozen)"
    )


def test_a_later_passed_budget_check_unblocks_approval() -> None:
    post = post_at(Stage.CONSULTATION_CLOSED)
    transfer = post.current_transfer()
    transfer.record_budget_check(False, "frozen")
    transfer.record_budget_check(True, "")
    transfer.approve()
    assert transfer.stage is Stage.APPROVED


def test_a_budget_verdict_after_the_transfer_ended_is_ignored() -> None:
    post = post_at(Stage.CANCELLED)
    post.current_transfer().record_budget_check(True, "")
    assert post.current_transfer().budget_check is BudgetCheck.PENDING


def test_a_transfer_cannot_take_effect_before_its_effective_date() -> None:
    post = post_at(Stage.APPROVED)
    with pytest.raises(TransferNotAllowed) as refusal:
        post.current_transfer().take_effect(date(2027, 3, 31))
    assert str(refusal.value) == (
        "post 10423's transfer cannot take effect before its effective date, 01 April 2027"
    )


def test_a_post_moves_only_into_its_own_functions_team() -> None:
    with pytest.raises(TransferNotAllowed, match="is a FIN post, so it cannot move to Central HR"):
        a_post().propose_transfer("T-1", "HR", "Central HR", EFFECTIVE_ON, "centralise")


@pytest.mark.parametrize(
    ("move", "message"),
    [
        (lambda t: t.reject("  "), "rejecting a transfer needs a reason"),
        (lambda t: t.cancel(""), "cancelling a transfer needs a reason"),
        (
            lambda t: t.open_consultation(date(2027, 2, 1), date(2027, 1, 1)),
            "post 10423's consultation cannot close by 2027-01-01, before it opens on 2027-02-01",
        ),
        (
            lambda t: t.change_effective_date(EFFECTIVE_ON),
            "post 10423's transfer already takes effect on 2027-04-01",
        ),
    ],
)
def test_malformed_moves_are_refused_in_words(move: Callable[..., object], message: str) -> None:
    post = post_at(Stage.PROPOSED)
    with pytest.raises(TransferNotAllowed) as refusal:
        move(post.current_transfer())
    assert str(refusal.value) == message


def test_a_consultation_cannot_close_before_it_opened_or_with_an_unknown_outcome() -> None:
    transfer = post_at(Stage.IN_CONSULTATION).current_transfer()
    with pytest.raises(TransferNotAllowed, match="cannot close on 2027-01-01, before it opened"):
        transfer.close_consultation(date(2027, 1, 1), "agreed", "")
    with pytest.raises(TransferNotAllowed, match="outcome is one of agreed, agreed_with_changes"):
        transfer.close_consultation(date(2027, 2, 1), "maybe", "")


def test_a_proposal_needs_a_reason() -> None:
    with pytest.raises(TransferNotAllowed, match="a transfer needs a reason"):
        a_post().propose_transfer("T-1", "FIN", "Central Finance", EFFECTIVE_ON, " ")


def test_a_rescind_needs_a_reason_and_who_decided() -> None:
    transfer = post_at(Stage.EFFECTIVE).current_transfer()
    with pytest.raises(TransferNotAllowed, match="rescinding a transfer needs a reason"):
        transfer.rescind(" ", "Director of HR")
    with pytest.raises(TransferNotAllowed, match="needs who decided it"):
        transfer.rescind("wrong function", "")
    assert transfer.stage is Stage.EFFECTIVE
