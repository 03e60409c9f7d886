"""Ending posts a delivered candidate no longer needs: a vacant post directly, a filled one
only after it was put at risk and consulted on (where it counts towards the clock)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.hr.application import exercise_commands as x
from services.hr.application.commands import Disestablish, MarkAtRisk, ProposeTransfer
from services.hr.application.handlers import handle
from services.hr.domain.ending import KnownCandidate
from services.hr.domain.errors import PostEndingNotAllowed, TransferNotAllowed
from shared.events import consultation, hr
from tests.support.posts import register_post
from tests.unit.hr.fakes import FakeUnitOfWork

MARKED = date(2027, 5, 4)
CLOSES = MARKED + timedelta(days=30)


def run(uow: FakeUnitOfWork, command: object) -> object:
    with uow:
        return handle(uow, command)


def council(status: str = "delivered") -> FakeUnitOfWork:
    """Central Finance's posts 30001 (filled) and 30002 (vacant); candidate CAN-1 claims both."""
    uow = FakeUnitOfWork()
    run(uow, register_post("30001", team="FIN", function="FIN"))
    run(uow, register_post("30002", team="FIN", function="FIN", employee_ref=None))
    run(uow, register_post("30003", team="FIN", function="FIN"))
    uow.candidates.candidates["CAN-1"] = KnownCandidate(
        candidate_id="CAN-1", team="FIN", status=status, posts=frozenset({"30001", "30002"})
    )
    uow.committed.clear()
    return uow


def ending(post: str, on: date = CLOSES, candidate: str = "CAN-1") -> Disestablish:
    return Disestablish(post_number=post, candidate_id=candidate, effective_date=on, reason="")


def at_risk(post: str = "30001", candidate: str = "CAN-1") -> MarkAtRisk:
    return MarkAtRisk(
        post_number=post,
        candidate_id=candidate,
        on=MARKED,
        planned_end=date(2027, 9, 30),
        reason="invoice matching is automated",
    )


def consult(uow: FakeUnitOfWork, numbers: list[str], at_risk_numbers: list[str]) -> None:
    run(uow, x.OpenExercise(
        exercise_id="CX-9", purpose="End the invoice clerk posts", post_numbers=numbers,
        opened_on=MARKED, proposed_close=CLOSES, representatives=["UNISON"],
        at_risk_post_numbers=at_risk_numbers,
    ))  # fmt: skip


def close(uow: FakeUnitOfWork, outcome: str = "agreed") -> None:
    run(uow, x.CloseExercise(exercise_id="CX-9", closed_on=CLOSES, outcome=outcome, notes="",
                             today=CLOSES))  # fmt: skip


def test_a_vacant_post_is_disestablished_directly_with_what_the_establishment_loses() -> None:
    uow = council()
    run(uow, ending("30002"))
    [event] = [e.payload for e in uow.committed]
    assert isinstance(event, hr.PostDisestablished)
    assert (event.candidate_id, event.team, event.was_filled, event.exercise_id) == (
        "CAN-1", "FIN", False, None,
    )  # fmt: skip
    assert event.annual_cost > 0 and event.fte > 0


def test_a_filled_post_is_not_disestablished_without_consultation_and_nothing_is_written() -> None:
    uow = council()
    with pytest.raises(PostEndingNotAllowed, match="30001 is filled: it must be marked at risk"):
        run(uow, ending("30001"))
    run(uow, at_risk())
    uow.committed.clear()
    with pytest.raises(PostEndingNotAllowed, match="no consultation exercise has consulted"):
        run(uow, ending("30001"))
    assert uow.committed == [] and uow.endings.endings["30001"].disestablished_on is None


def test_a_post_at_risk_is_consulted_on_as_redundant_and_ends_once_the_exercise_closes() -> None:
    uow = council()
    run(uow, at_risk())
    consult(uow, ["30001"], at_risk_numbers=[])  # put at risk: counted as redundant anyway
    opened = next(e.payload for e in uow.committed
                  if isinstance(e.payload, consultation.ConsultationExerciseOpened))  # fmt: skip
    assert opened.at_risk_post_numbers == ["30001"] and opened.at_risk_posts == 1
    with pytest.raises(PostEndingNotAllowed, match="exercise CX-9 has not closed"):
        run(uow, ending("30001"))
    close(uow)
    with pytest.raises(PostEndingNotAllowed, match="before its consultation closed"):
        run(uow, ending("30001", on=CLOSES - timedelta(days=1)))
    run(uow, ending("30001"))
    event = uow.committed[-1].payload
    assert isinstance(event, hr.PostDisestablished)
    assert (event.was_filled, event.exercise_id) == (True, "CX-9")


def test_a_post_is_disestablished_once() -> None:
    uow = council()
    run(uow, ending("30002"))
    with pytest.raises(PostEndingNotAllowed, match="30002 was already disestablished on"):
        run(uow, ending("30002"))


@pytest.mark.parametrize(
    ("status", "post", "candidate", "refusal"),
    [
        ("in_delivery", "30002", "CAN-1", "CAN-1 is in delivery: only a delivered candidate"),
        ("delivered", "30003", "CAN-1", "post 30003 is not one candidate CAN-1 claims"),
        ("delivered", "30002", "CAN-X", "candidate CAN-X is not known to HR"),
    ],
)
def test_only_a_delivered_candidate_ends_a_post_it_claims(
    status: str, post: str, candidate: str, refusal: str
) -> None:
    uow = council(status)
    with pytest.raises(PostEndingNotAllowed, match=refusal):
        run(uow, ending(post, candidate=candidate))
    with pytest.raises(PostEndingNotAllowed, match=refusal):
        run(uow, at_risk(post, candidate=candidate))
    assert uow.committed == []


def test_a_vacant_post_is_not_put_at_risk_nor_a_post_twice() -> None:
    uow = council()
    with pytest.raises(PostEndingNotAllowed, match="30002 is vacant: nobody is at risk"):
        run(uow, at_risk("30002"))
    run(uow, at_risk())
    with pytest.raises(PostEndingNotAllowed, match="30001 is already at risk since 04 May 2027"):
        run(uow, at_risk())


def test_a_post_at_risk_cannot_be_proposed_for_transfer() -> None:
    uow = council()
    run(uow, at_risk())
    proposal = ProposeTransfer(post_number="30001", target_team=None,
                               effective_date=date(2027, 9, 1), reason="move")  # fmt: skip
    with pytest.raises(TransferNotAllowed, match="30001 is at risk \\(candidate CAN-1\\)"):
        run(uow, proposal)


def test_a_closed_not_agreed_consultation_blocks_the_ending_until_hr_decides_to_proceed() -> None:
    uow = council()
    run(uow, at_risk())
    consult(uow, ["30001"], at_risk_numbers=["30001"])
    close(uow, "not_agreed")
    with pytest.raises(PostEndingNotAllowed, match="recorded no decision"):
        run(uow, ending("30001"))
    run(uow, x.RecordDecision(exercise_id="CX-9", decision="proceed", reason="no other way"))
    run(uow, ending("30001"))
    assert isinstance(uow.committed[-1].payload, hr.PostDisestablished)


def test_a_candidate_ends_only_posts_of_its_own_teams_function() -> None:
    uow = council()
    uow.candidates.candidates["CAN-ICT"] = KnownCandidate(
        candidate_id="CAN-ICT", team="ICT", status="delivered", posts=frozenset({"30002"})
    )
    with pytest.raises(PostEndingNotAllowed, match="30002 is a FIN post: candidate CAN-ICT of"):
        run(uow, ending("30002", candidate="CAN-ICT"))
