"""Correcting a recorded fact about a post: by a new event naming the one it puts right,
refused with a reason when there is nothing to correct or it would break a rule."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.hr.application import commands as c
from services.hr.application.handlers import handle
from services.hr.domain.errors import (
    CorrectionNotAllowed,
    EventNotFound,
    ReportingLineNotAllowed,
)
from shared.events.post_corrections import FactCorrection, PostFactCorrected
from tests.support.posts import register_post
from tests.unit.hr.fakes import FakeUnitOfWork

TODAY = date(2027, 1, 15)
MOVE_ON = date(2027, 4, 1)


def run(uow: FakeUnitOfWork, command: object) -> object:
    with uow:
        return handle(uow, command)


def event_id(uow: FakeUnitOfWork, post: str, event_type: str, nth: int = 0) -> str:
    found = [d for d in uow.history[post] if d["event_type"] == event_type]
    return str(found[nth]["event_id"])


def correct(post: str, event: str, **changes: Any) -> c.CorrectPostFact:
    return c.CorrectPostFact(
        post_number=post,
        corrects_event_id=event,
        changes=changes,
        reason="registered against the wrong department",
        decided_by="Head of HR Operations",
        today=TODAY,
    )


def told(uow: FakeUnitOfWork) -> PostFactCorrected:
    [payload] = [e.payload for e in uow.committed]
    assert isinstance(payload, PostFactCorrected)
    return payload


PROPOSE = c.ProposeTransfer(
    post_number="10423",
    target_team="FIN",
    effective_date=MOVE_ON,
    reason="One Council Support Functions",
)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    """Manager 100 and 10423 under it in Children's Services; 900 heads Central Finance."""
    uow = FakeUnitOfWork()
    run(uow, register_post("900", team="FIN", title="Head of Central Finance"))
    run(uow, c.NameTeamHead(team="FIN", post_number="900", reason="appointed"))
    run(uow, register_post("100", title="Finance Manager"))
    run(uow, register_post("10423", reports_to="100"))
    uow.committed.clear()
    return uow


def test_a_registered_department_is_corrected_by_a_new_event_naming_the_old_one(
    uow: FakeUnitOfWork,
) -> None:
    registered = event_id(uow, "10423", "PostRegistered")
    run(uow, correct("10423", registered, department="ASCH", grade="Grade 8"))
    event = told(uow)
    assert event.corrects_event_id == registered
    assert event.corrects_event_type == "PostRegistered"
    assert event.corrections == (
        FactCorrection(field="department", old="CS", new="ASCH"),
        FactCorrection(field="grade", old="Grade 7", new="Grade 8"),
    )
    assert event.in_force == {"department": "ASCH", "grade": "Grade 8"}
    assert (event.reason, event.decided_by) == (
        "registered against the wrong department",
        "Head of HR Operations",
    )
    assert uow.committed[0].department == "ASCH"  # the right lead's feed gets it
    post = uow.posts.posts["10423"]
    assert (post.department, post.grade) == ("ASCH", "Grade 8")


def test_a_correction_of_a_fact_a_later_one_replaced_changes_nothing_now(
    uow: FakeUnitOfWork,
) -> None:
    for cost in (42_000, 43_000):
        change = c.UpdatePost(
            post_number="10423",
            changes={"annual_cost": cost},
            reason="pay award",
            effective_date=TODAY,
        )
        run(uow, change)
    first = event_id(uow, "10423", "PostUpdated")
    uow.committed.clear()
    run(uow, correct("10423", first, annual_cost=42_500))
    assert told(uow).in_force == {}
    assert uow.posts.posts["10423"].annual_cost == 43_000
    later = event_id(uow, "10423", "PostUpdated", 1)
    uow.committed.clear()
    run(uow, correct("10423", later, annual_cost=43_500))
    assert told(uow).in_force == {"annual_cost": 43_500}


def test_a_correction_names_an_event_of_the_post(uow: FakeUnitOfWork) -> None:
    other = event_id(uow, "100", "PostRegistered")
    with pytest.raises(EventNotFound, match=f"post 10423 has no event {other} to correct"):
        run(uow, correct("10423", other, grade="Grade 8"))
    assert uow.committed == []


def test_a_correction_of_an_event_that_is_not_a_post_fact_is_refused(uow: FakeUnitOfWork) -> None:
    head = event_id(uow, "900", "TeamHeadNamed")
    with pytest.raises(CorrectionNotAllowed, match="is a TeamHeadNamed, not a registered fact"):
        run(uow, correct("900", head, department="ASCH"))
    run(uow, PROPOSE)
    proposed = event_id(uow, "10423", "TransferProposed")
    with pytest.raises(CorrectionNotAllowed, match="change its effective date, or cancel it"):
        run(uow, correct("10423", proposed, effective_date="2027-05-01"))


def test_a_field_the_event_did_not_record_cannot_be_corrected(uow: FakeUnitOfWork) -> None:
    regraded = c.UpdatePost(
        post_number="10423", changes={"grade": "Grade 8"}, reason="regraded", effective_date=TODAY
    )
    run(uow, regraded)
    updated = event_id(uow, "10423", "PostUpdated")
    with pytest.raises(CorrectionNotAllowed, match="did not record department; it recorded grade"):
        run(uow, correct("10423", updated, department="ASCH"))


def test_a_correction_that_changes_nothing_is_refused(uow: FakeUnitOfWork) -> None:
    registered = event_id(uow, "10423", "PostRegistered")
    with pytest.raises(CorrectionNotAllowed, match="already records these values"):
        run(uow, correct("10423", registered, department="CS", grade="Grade 7"))
    assert uow.committed == []


def test_a_corrected_line_that_would_go_round_in_a_circle_is_refused(uow: FakeUnitOfWork) -> None:
    manager = event_id(uow, "100", "PostRegistered")
    with pytest.raises(ReportingLineNotAllowed, match="go round in a circle"):
        run(uow, correct("100", manager, reports_to="10423"))
    with pytest.raises(ReportingLineNotAllowed, match="cannot report to itself"):
        run(uow, correct("100", manager, reports_to="100"))
    assert uow.posts.posts["100"].reports_to is None


def test_a_line_change_can_be_redated_but_not_into_the_future(uow: FakeUnitOfWork) -> None:
    line = c.ChangeReportingLine(
        post_number="10423", reports_to=None, reason="restructure", effective_date=TODAY
    )
    run(uow, line)
    changed = event_id(uow, "10423", "ReportingLineChanged")
    uow.committed.clear()
    run(uow, correct("10423", changed, effective_date="2027-01-04"))
    assert told(uow).corrections == (
        FactCorrection(field="effective_date", old="2027-01-15", new="2027-01-04"),
    )
    assert told(uow).in_force == {}  # the line now is the same: only its date was wrong
    with pytest.raises(CorrectionNotAllowed, match="scheduled, not corrected"):
        run(uow, correct("10423", changed, effective_date="2027-02-01"))


def test_a_moving_or_moved_posts_function_cannot_be_corrected(uow: FakeUnitOfWork) -> None:
    registered = event_id(uow, "10423", "PostRegistered")
    run(uow, PROPOSE)
    with pytest.raises(CorrectionNotAllowed, match="moving to the FIN central team"):
        run(uow, correct("10423", registered, function="ICT"))
    central = event_id(uow, "900", "PostRegistered")
    with pytest.raises(CorrectionNotAllowed, match="rescind or cancel the move"):
        run(uow, correct("900", central, function="HR"))


def test_a_cost_centre_is_corrected_before_approval_but_not_once_money_is_held(
    uow: FakeUnitOfWork,
) -> None:
    registered = event_id(uow, "10423", "PostRegistered")
    run(uow, PROPOSE)
    transfer = uow.posts.posts["10423"].transfers[-1]
    uow.committed.clear()
    run(uow, correct("10423", registered, cost_centre="CS-FIN-02"))
    assert told(uow).live_transfer_id == transfer.transfer_id  # Finance checks it again
    transfer = uow.posts.posts["10423"].transfers[-1]
    transfer.open_consultation(TODAY, TODAY)
    transfer.close_consultation(TODAY, "agreed", "")
    transfer.record_budget_check(True, "")
    transfer.approve()
    with pytest.raises(CorrectionNotAllowed, match="held or moved from cost centre CS-FIN-02"):
        run(uow, correct("10423", registered, cost_centre="CS-FIN-03"))


def test_a_correction_needs_a_reason_and_who_decided(uow: FakeUnitOfWork) -> None:
    registered = event_id(uow, "10423", "PostRegistered")
    unexplained = c.CorrectPostFact(
        post_number="10423",
        corrects_event_id=registered,
        changes={"grade": "Grade 8"},
        reason=" ",
        decided_by="Head of HR Operations",
        today=TODAY,
    )
    with pytest.raises(CorrectionNotAllowed, match="needs a reason"):
        run(uow, unexplained)


def _to_stage(uow: FakeUnitOfWork, stage: str) -> None:
    """Take 10423's transfer to Central Finance as far as `stage` ("" for none at all)."""
    if not stage:
        return
    run(uow, PROPOSE)
    transfer = uow.posts.posts["10423"].transfers[-1]
    steps = ["in_consultation", "consultation_closed", "approved", "effective", "rescinded"]
    if stage in steps:
        transfer.open_consultation(TODAY, TODAY)
    if stage in steps[1:]:
        transfer.close_consultation(TODAY, "agreed", "")
    if stage in steps[2:]:
        transfer.record_budget_check(True, "")
        transfer.approve()
    if stage in steps[3:]:
        run(uow, c.TakeEffect("10423", MOVE_ON))
    if stage == "rescinded":
        run(uow, c.RescindTransfer(post_number="10423", reason="mistake", decided_by="Director"))
    if stage == "cancelled":
        run(uow, c.CancelTransfer("10423", "not now"))
    if stage == "rejected":
        run(uow, c.RejectTransfer("10423", "not agreed"))


# Whether a cost centre and a function can be corrected with the transfer in each stage.
STAGES = {
    "": (True, True),
    "proposed": (True, False),
    "in_consultation": (True, False),
    "consultation_closed": (True, False),
    "approved": (False, False),
    "effective": (False, False),
    "rescinded": (True, True),
    "cancelled": (True, True),
    "rejected": (True, True),
}


@pytest.mark.parametrize("stage", list(STAGES))
def test_a_registered_fact_is_corrected_in_every_stage_within_the_rules_of_the_move(
    uow: FakeUnitOfWork, stage: str
) -> None:
    registered = event_id(uow, "10423", "PostRegistered")
    _to_stage(uow, stage)
    if stage:
        assert uow.posts.posts["10423"].transfers[-1].stage.value == stage
    run(uow, correct("10423", registered, department="ASCH"))  # allowed in every stage
    cost_centre, function = STAGES[stage]
    for allowed, change in (
        (cost_centre, {"cost_centre": "ASCH-FIN-01"}),
        (function, {"function": "BUS"}),
    ):
        if allowed:
            run(uow, correct("10423", registered, **change))
        else:
            with pytest.raises(CorrectionNotAllowed, match="rescind or cancel the move"):
                run(uow, correct("10423", registered, **change))
    post = uow.posts.posts["10423"]
    assert post.department == "ASCH"
    assert post.cost_centre == ("ASCH-FIN-01" if cost_centre else "CS-FIN-01")
    assert post.function == ("BUS" if function else "FIN")
