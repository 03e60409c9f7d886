"""HR's handlers with an in-memory unit of work: what they save and the events they emit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.hr.application import commands as c
from services.hr.application import exercise_commands as x
from services.hr.application.handlers import HANDLERS, handle
from services.hr.domain.errors import (
    EventNotFound,
    HrError,
    PostAlreadyRegistered,
    PostChangeNotAllowed,
    PostNotFound,
    TeamNotFound,
    TransferNotAllowed,
)
from services.hr.domain.transfer import Stage
from shared.events import hr as events
from tests.support.posts import SAMPLE_POST
from tests.unit.hr.fakes import FakeUnitOfWork

TODAY = date(2027, 1, 15)
EFFECTIVE_ON = date(2027, 4, 1)
REGISTER = c.RegisterPost(**SAMPLE_POST, effective_date=TODAY)


def update(changes: dict[str, Any], reason: str, **more: Any) -> c.UpdatePost:
    """HR's change to the sample post, as of today."""
    return c.UpdatePost(
        post_number="10423", changes=changes, reason=reason, effective_date=TODAY, **more
    )


def run(uow: FakeUnitOfWork, command: object) -> object:
    with uow:
        return handle(uow, command)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    run(uow, REGISTER)
    return uow


def drive_to_approved(uow: FakeUnitOfWork) -> None:
    run(
        uow,
        c.ProposeTransfer(
            post_number="10423",
            target_team="Central Finance",
            effective_date=EFFECTIVE_ON,
            reason="centralise",
        ),
    )
    run(uow, c.OpenConsultation(post_number="10423", opened_on=TODAY, closes_by=date(2027, 2, 28)))
    run(
        uow,
        c.CloseConsultation(
            post_number="10423", closed_on=date(2027, 2, 20), outcome="agreed", notes="fine"
        ),
    )
    post = uow.posts.posts["10423"]
    post.current_transfer().record_budget_check(True, "")
    run(uow, c.ApproveTransfer(post_number="10423"))


def test_every_command_has_a_handler() -> None:
    modules = (c, x)
    commands = {
        cls
        for module in modules
        for cls in vars(module).values()
        if isinstance(cls, type) and cls.__module__ == module.__name__
    }
    assert commands == set(HANDLERS)


def test_registering_keeps_personal_data_in_hr_and_emits_only_the_reference(
    uow: FakeUnitOfWork,
) -> None:
    (event,) = uow.committed
    assert isinstance(event.payload, events.PostRegistered)
    assert event.payload.employee_ref == "E00001"
    assert "Jo Bloggs" not in event.payload.model_dump_json()
    assert uow.employees["E00001"] == ("Jo Bloggs", "jo@example.org")
    assert (event.aggregate_id, event.department, event.effective_date) == ("10423", "CS", TODAY)


def test_registering_a_post_twice_is_refused(uow: FakeUnitOfWork) -> None:
    with pytest.raises(PostAlreadyRegistered, match="post 10423 is already in the post register"):
        run(uow, REGISTER)
    assert len(uow.committed) == 1


def test_a_transfer_lifecycle_emits_each_fact_in_order_dated_by_its_effective_date(
    uow: FakeUnitOfWork,
) -> None:
    drive_to_approved(uow)
    run(uow, c.TakeEffect("10423", EFFECTIVE_ON))
    # The post's own stream; its consultation is an exercise of one post, in a stream of its own.
    stream = [e for e in uow.committed if e.aggregate_id == "10423"]
    kinds = [type(e.payload).__name__ for e in stream]
    assert kinds == [
        "PostRegistered",
        "TransferProposed",
        "ConsultationOpened",
        "ConsultationClosed",
        "TransferApproved",
        "TransferEffective",
    ]
    exercise = [type(e.payload).__name__ for e in uow.committed if e.aggregate_id != "10423"]
    assert exercise == ["ConsultationExerciseOpened", "ConsultationExerciseClosed"]
    for event in stream[1:]:
        assert (event.department, event.effective_date) == ("CS", EFFECTIVE_ON)
    assert uow.posts.posts["10423"].team == "FIN"
    effective = uow.committed[-1].payload
    assert isinstance(effective, events.TransferEffective)
    assert (effective.from_department, effective.target_team) == ("CS", "FIN")


def test_changing_the_effective_date_says_what_it_was(uow: FakeUnitOfWork) -> None:
    run(
        uow,
        c.ProposeTransfer(
            post_number="10423", target_team=None, effective_date=EFFECTIVE_ON, reason="centralise"
        ),
    )
    changed = c.ChangeEffectiveDate(
        post_number="10423", effective_date=date(2027, 6, 1), reason="consultation ran late"
    )
    run(uow, changed)
    payload = uow.committed[-1].payload
    assert isinstance(payload, events.EffectiveDateChanged)
    assert (payload.previous_effective_date, payload.effective_date) == (
        EFFECTIVE_ON,
        date(2027, 6, 1),
    )
    assert uow.committed[-1].effective_date == date(2027, 6, 1)


def test_a_proposal_without_a_team_goes_to_the_posts_own_central_team(
    uow: FakeUnitOfWork,
) -> None:
    transfer = run(
        uow,
        c.ProposeTransfer(
            post_number="10423", target_team=None, effective_date=EFFECTIVE_ON, reason="centralise"
        ),
    )
    assert getattr(transfer, "team_name", None) == "Central Finance"


@pytest.mark.parametrize(
    ("command", "error"),
    [
        (
            c.ProposeTransfer(
                post_number="99999", target_team=None, effective_date=EFFECTIVE_ON, reason="x"
            ),
            PostNotFound,
        ),
        (
            c.ProposeTransfer(
                post_number="10423",
                target_team="Central Catering",
                effective_date=EFFECTIVE_ON,
                reason="x",
            ),
            TeamNotFound,
        ),
        (c.ApproveTransfer(post_number="10423"), TransferNotAllowed),
        (c.CancelTransfer("10423", "x"), TransferNotAllowed),
        (
            update({"title": "Finance Officer"}, "no-op"),
            PostChangeNotAllowed,
        ),
        (
            update({"title": "X"}, "fix", corrects_event_id="nope"),
            EventNotFound,
        ),
    ],
)
def test_a_refused_command_writes_nothing_and_emits_nothing(
    uow: FakeUnitOfWork, command: object, error: type[HrError]
) -> None:
    before = (len(uow.committed), list(uow.posts.saved))
    with pytest.raises(error):
        run(uow, command)
    assert (len(uow.committed), uow.posts.saved) == before


def test_a_correction_names_the_event_it_puts_right(uow: FakeUnitOfWork) -> None:
    uow.known_events.add(("10423", "e-1"))
    run(
        uow,
        update({"annual_cost": 42_000}, "typo", corrects_event_id="e-1"),
    )
    payload = uow.committed[-1].payload
    assert isinstance(payload, events.PostUpdated)
    assert (payload.annual_cost, payload.corrects_event_id, payload.title) == (42_000, "e-1", None)


def test_a_post_falling_vacant_is_emitted_as_vacant(uow: FakeUnitOfWork) -> None:
    run(
        uow,
        update({"employee_ref": None}, "leaver"),
    )
    payload = uow.committed[-1].payload
    assert isinstance(payload, events.PostUpdated)
    assert payload.vacant is True


def test_a_cost_centre_cannot_change_under_a_live_transfer(uow: FakeUnitOfWork) -> None:
    run(
        uow,
        c.ProposeTransfer(
            post_number="10423", target_team=None, effective_date=EFFECTIVE_ON, reason="centralise"
        ),
    )
    with pytest.raises(PostChangeNotAllowed, match="cost centre cannot change while its transfer"):
        run(
            uow,
            update({"cost_centre": "CS-FIN-02"}, "recode"),
        )


def test_cancelling_an_approved_transfer_records_the_stage_it_was_in(
    uow: FakeUnitOfWork,
) -> None:
    drive_to_approved(uow)
    run(uow, c.CancelTransfer("10423", "restructure paused"))
    payload = uow.committed[-1].payload
    assert isinstance(payload, events.TransferCancelled)
    assert payload.stage == Stage.APPROVED.value
