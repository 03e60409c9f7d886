"""HR's consultation-exercise and scope handlers with an in-memory unit of work."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from services.hr.application import commands as c
from services.hr.application import exercise_commands as x
from services.hr.application.handlers import handle
from services.hr.domain.errors import (
    ConsultationNotAllowed,
    HrError,
    NotTheirDepartment,
    TransferNotAllowed,
)
from services.hr.domain.transfer import Stage
from shared.events import consultation as events
from shared.events import hr
from tests.support.posts import register_post
from tests.unit.hr.fakes import FakeUnitOfWork

OPENED = date(2027, 1, 4)
AFTER_CLOCK = OPENED + timedelta(days=30)
NUMBERS = ["20001", "20002", "20003"]


def run(uow: FakeUnitOfWork, command: object) -> object:
    with uow:
        return handle(uow, command)


def opening(
    exercise_id: str = "CX-1", numbers: list[str] | None = None, **more: object
) -> x.OpenExercise:
    values: dict[str, object] = {
        "exercise_id": exercise_id,
        "purpose": "Move finance officers into Central Finance",
        "post_numbers": numbers or NUMBERS,
        "opened_on": OPENED,
        "proposed_close": AFTER_CLOCK,
        "representatives": ["UNISON", "GMB"],
        "at_risk_post_numbers": [],
        **more,
    }
    return x.OpenExercise(**values)  # type: ignore[arg-type]


def closing(outcome: str = "agreed", closed_on: date = AFTER_CLOCK) -> x.CloseExercise:
    return x.CloseExercise(
        exercise_id="CX-1", closed_on=closed_on, outcome=outcome, notes="", today=AFTER_CLOCK
    )


def deciding(decision: str, reason: str, exercise_id: str = "CX-1") -> x.RecordDecision:
    return x.RecordDecision(exercise_id=exercise_id, decision=decision, reason=reason)


SCOPED_AT = datetime(2027, 1, 5, 10, 0)


def scope_proposal(status: str, reason: str = "") -> x.ProposeScope:
    return x.ProposeScope(
        post_number="20004", status=status, reason=reason, proposed_by="hr1", proposed_at=SCOPED_AT
    )


def agreement_by(lead: str, department: str) -> x.RespondToScope:
    return x.RespondToScope(
        post_number="20004", response="agreed", reason="", lead=lead, lead_department=department
    )


def transfer_proposal() -> c.ProposeTransfer:
    return c.ProposeTransfer(
        post_number="20004", target_team=None, effective_date=date(2027, 6, 1), reason="move"
    )


@pytest.fixture
def uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    for number in [*NUMBERS, "20004"]:
        run(uow, register_post(number))
    for number in NUMBERS:
        proposal = c.ProposeTransfer(
            post_number=number, target_team=None, effective_date=date(2027, 6, 1), reason="move"
        )
        run(uow, proposal)
        uow.posts.posts[number].current_transfer().record_budget_check(True, "")
    uow.committed.clear()
    return uow


def test_opening_an_exercise_puts_each_proposed_transfer_into_consultation(
    uow: FakeUnitOfWork,
) -> None:
    run(uow, opening())
    kinds = [type(e.payload) for e in uow.committed]
    assert kinds == [events.ConsultationExerciseOpened, *[hr.ConsultationOpened] * 3]
    opened = uow.committed[0]
    assert (opened.aggregate_id, opened.department) == ("CX-1", None)
    assert {e.payload.exercise_id for e in uow.committed[1:]} == {"CX-1"}  # type: ignore[attr-defined]
    assert all(
        uow.posts.posts[n].current_transfer().stage is Stage.IN_CONSULTATION for n in NUMBERS
    )


def test_an_exercise_refuses_a_post_without_a_proposed_transfer_naming_it_and_writes_nothing(
    uow: FakeUnitOfWork,
) -> None:
    with pytest.raises(ConsultationNotAllowed, match="20004"):
        run(uow, opening(numbers=[*NUMBERS, "20004"]))
    assert uow.committed == [] and uow.exercises.exercises == {}
    assert uow.posts.posts["20001"].current_transfer().stage is Stage.PROPOSED


def test_a_post_already_in_an_open_exercise_cannot_join_another(uow: FakeUnitOfWork) -> None:
    run(uow, opening(numbers=["20001"]))
    with pytest.raises(ConsultationNotAllowed, match="already consulted on in open exercise CX-1"):
        run(uow, opening("CX-2", numbers=["20002", "20001"]))
    assert "CX-2" not in uow.exercises.exercises


def test_an_exercise_closes_only_after_its_clock_with_every_question_answered(
    uow: FakeUnitOfWork,
) -> None:
    run(uow, opening())
    asked = datetime(2027, 1, 10, 9, 30)
    run(
        uow,
        x.AskQuestion(
            exercise_id="CX-1",
            question_id="Q1",
            asked_by="representative of UNISON",
            question="Will my grade change?",
            asked_at=asked,
        ),
    )
    with pytest.raises(ConsultationNotAllowed, match="may close on or after 03 February 2027"):
        run(uow, closing(closed_on=AFTER_CLOCK - timedelta(days=1)))
    with pytest.raises(ConsultationNotAllowed, match="Q1"):
        run(uow, closing())
    answer = x.AnswerQuestion(exercise_id="CX-1", question_id="Q1", answer="No.", answered_at=asked)
    run(uow, answer)
    with pytest.raises(ConsultationNotAllowed, match="answered"):
        run(uow, answer)
    run(uow, closing())
    closed = [e.payload for e in uow.committed if isinstance(e.payload, hr.ConsultationClosed)]
    assert sorted(p.post_number for p in closed) == NUMBERS


def test_not_agreed_blocks_approval_until_hr_decides_to_proceed(uow: FakeUnitOfWork) -> None:
    run(uow, opening())
    run(uow, closing("not_agreed"))
    with pytest.raises(TransferNotAllowed, match="no decision"):
        run(uow, c.ApproveTransfer(post_number="20001"))
    run(uow, deciding("proceed", "Business case stands"))
    run(uow, c.ApproveTransfer(post_number="20001"))
    assert uow.posts.posts["20001"].current_transfer().stage is Stage.APPROVED


def test_withdrawing_keeps_approval_blocked_and_revising_lets_hr_consult_again(
    uow: FakeUnitOfWork,
) -> None:
    run(uow, opening())
    run(uow, closing("not_agreed"))
    run(uow, deciding("revise_and_reconsult", "Rethink"))
    with pytest.raises(TransferNotAllowed, match="revise and reconsult"):
        run(uow, c.ApproveTransfer(post_number="20001"))
    run(
        uow, opening("CX-2", opened_on=AFTER_CLOCK, proposed_close=AFTER_CLOCK + timedelta(days=30))
    )
    assert uow.posts.posts["20001"].current_transfer().stage is Stage.IN_CONSULTATION


def test_closing_in_the_future_is_refused(uow: FakeUnitOfWork) -> None:
    run(uow, opening())
    with pytest.raises(ConsultationNotAllowed, match="after today"):
        run(uow, closing(closed_on=AFTER_CLOCK + timedelta(days=1)))


def test_the_collective_rule_sets_a_longer_clock_and_an_hr1_date_for_a_hundred_at_risk_posts() -> (
    None
):
    uow = FakeUnitOfWork()
    numbers = [str(30000 + i) for i in range(100)]
    for number in numbers:
        run(uow, register_post(number))
        run(
            uow,
            c.ProposeTransfer(
                post_number=number, target_team=None, effective_date=date(2027, 6, 1), reason="move"
            ),
        )
    run(
        uow,
        opening(
            numbers=numbers,
            at_risk_post_numbers=numbers,
            proposed_close=OPENED + timedelta(days=45),
        ),
    )
    opened = uow.committed[-101].payload
    assert isinstance(opened, events.ConsultationExerciseOpened)
    assert (opened.minimum_days, opened.at_risk_posts) == (45, 100)
    assert opened.hr1_due == date(2027, 6, 1) - timedelta(days=45)
    assert "statutory" in opened.rule


def test_an_out_of_scope_post_cannot_be_proposed_for_transfer(uow: FakeUnitOfWork) -> None:
    run(uow, scope_proposal("out_of_scope", "Schools-funded"))
    with pytest.raises(TransferNotAllowed, match="out of the programme's scope"):
        run(uow, transfer_proposal())


def test_only_the_posts_own_department_lead_may_agree_its_scope(uow: FakeUnitOfWork) -> None:
    run(uow, scope_proposal("in_scope"))
    with pytest.raises(NotTheirDepartment, match="only that department's lead"):
        run(uow, agreement_by("lead-place", "PLACE"))
    run(uow, agreement_by("lead-cs", "CS"))
    agreed = uow.committed[-1].payload
    assert isinstance(agreed, hr.PostScopeAgreed) and agreed.status == "in_scope"


def test_a_refused_exercise_command_raises_an_hr_error(uow: FakeUnitOfWork) -> None:
    with pytest.raises(HrError, match="at least one post"):
        run(
            uow,
            x.OpenExercise(
                exercise_id="CX-9",
                purpose="p",
                post_numbers=[],
                opened_on=OPENED,
                proposed_close=AFTER_CLOCK,
                representatives=[],
                at_risk_post_numbers=[],
            ),
        )


def test_a_post_can_be_registered_as_already_in_its_central_team() -> None:
    uow = FakeUnitOfWork()
    run(uow, register_post("50001", function="HR", team="HR"))
    registered = uow.committed[-1].payload
    assert isinstance(registered, hr.PostRegistered) and registered.team == "HR"
    assert uow.posts.posts["50001"].is_centralised
    with pytest.raises(HrError, match="only in its own function's central team"):
        run(uow, register_post("50002", function="HR", team="FIN"))
    assert "50002" not in uow.posts.posts


def test_a_transfers_own_consultation_closed_not_agreed_blocks_approval_until_hr_decides(
    uow: FakeUnitOfWork,
) -> None:
    run(uow, c.OpenConsultation(post_number="20001", opened_on=OPENED, closes_by=AFTER_CLOCK))
    [(exercise_id, *_)] = uow.exercises.rows
    too_soon = c.CloseConsultation(
        post_number="20001", closed_on=AFTER_CLOCK - timedelta(days=1), outcome="agreed",
        today=AFTER_CLOCK, minimum_days=30,
    )  # fmt: skip
    with pytest.raises(TransferNotAllowed, match="may close on or after 03 February 2027"):
        run(uow, too_soon)
    not_agreed = c.CloseConsultation(
        post_number="20001", closed_on=AFTER_CLOCK, outcome="not_agreed", today=AFTER_CLOCK
    )
    run(uow, not_agreed)
    with pytest.raises(TransferNotAllowed, match=f"exercise {exercise_id} closed not agreed"):
        run(uow, c.ApproveTransfer(post_number="20001"))
    assert uow.posts.posts["20001"].current_transfer().stage is Stage.CONSULTATION_CLOSED
    run(uow, deciding("proceed", "Case stands", exercise_id))
    run(uow, c.ApproveTransfer(post_number="20001"))
    assert uow.posts.posts["20001"].current_transfer().stage is Stage.APPROVED


def test_a_post_with_a_transfer_under_way_cannot_be_put_out_of_scope(
    uow: FakeUnitOfWork,
) -> None:
    run(uow, transfer_proposal())
    sent = len(uow.committed)
    out = scope_proposal("out_of_scope", "Schools-funded")
    with pytest.raises(HrError, match="cancel it before proposing the post out of scope"):
        run(uow, out)
    assert uow.scopes.get("20004") is None, "nothing written"
    assert len(uow.committed) == sent, "no event emitted"
    under_review = scope_proposal("under_review", "Awaiting the service review")
    assert run(uow, under_review) is not None, "a review does not stop the move"
