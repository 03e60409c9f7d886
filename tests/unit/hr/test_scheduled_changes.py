"""Future-dated changes of a post: recorded now, applied on their date, refused with reasons."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.hr.application import commands as c
from services.hr.application.handlers import handle
from services.hr.domain.errors import PostChangeNotAllowed, ReportingLineNotAllowed
from shared.events import hr as events
from tests.support.posts import register_post
from tests.unit.hr.fakes import FakeUnitOfWork

TODAY, LATER, MOVE_ON = date(2027, 1, 15), date(2027, 3, 1), date(2027, 4, 1)


def run(uow: FakeUnitOfWork, command: object) -> object:
    with uow:
        return handle(uow, command)


def later(changes: dict[str, Any], on: date = LATER) -> c.SchedulePostChange:
    return c.SchedulePostChange(
        post_number="10423",
        changes=changes,
        reason="job evaluation",
        effective_date=on,
        today=TODAY,
    )


@pytest.fixture
def uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    run(uow, register_post("100", title="Finance Manager"))
    run(uow, register_post("10423", reports_to="100"))
    uow.committed.clear()
    return uow


def test_a_future_change_is_recorded_and_told_but_the_post_keeps_its_values(
    uow: FakeUnitOfWork,
) -> None:
    run(uow, later({"grade": "Grade 8", "annual_cost": 44_500}))
    [scheduled] = [e for e in uow.committed]
    assert isinstance(scheduled.payload, events.PostChangeScheduled)
    assert scheduled.payload.changes == {"grade": "Grade 8", "annual_cost": 44_500}
    assert scheduled.effective_date == LATER
    post = uow.posts.posts["10423"]
    assert (post.grade, post.annual_cost) == ("Grade 7", 41_000)


def test_on_its_date_the_change_is_applied_as_an_update_naming_it(uow: FakeUnitOfWork) -> None:
    run(uow, later({"grade": "Grade 8", "annual_cost": 44_500, "reports_to": None}))
    uow.committed.clear()
    run(uow, c.ApplyDueChanges(post_number="10423", today=LATER - (LATER - TODAY) / 2))
    assert uow.committed == []  # not yet due
    run(uow, c.ApplyDueChanges(post_number="10423", today=LATER))
    updated, line = (e.payload for e in uow.committed)
    assert isinstance(updated, events.PostUpdated) and isinstance(line, events.ReportingLineChanged)
    assert (updated.grade, updated.annual_cost) == ("Grade 8", 44_500)
    assert updated.scheduled_change_id == line.scheduled_change_id is not None
    assert [e.effective_date for e in uow.committed] == [LATER, LATER]
    post = uow.posts.posts["10423"]
    assert (post.grade, post.annual_cost, post.reports_to) == ("Grade 8", 44_500, None)
    uow.committed.clear()
    run(uow, c.ApplyDueChanges(post_number="10423", today=LATER))
    assert uow.committed == [], "applied once"


def test_an_update_during_a_transfer_names_it_so_finance_checks_the_budget_again(
    uow: FakeUnitOfWork,
) -> None:
    run(
        uow,
        c.ProposeTransfer(
            post_number="10423", target_team=None, effective_date=MOVE_ON, reason="x"
        ),
    )
    run(uow, later({"annual_cost": 60_000}))
    run(uow, c.ApplyDueChanges(post_number="10423", today=LATER))
    updated = uow.committed[-1].payload
    assert isinstance(updated, events.PostUpdated)
    assert updated.live_transfer_id == uow.posts.posts["10423"].transfers[-1].transfer_id


@pytest.mark.parametrize(
    ("changes", "on", "refusal"),
    [
        ({"grade": "Grade 8"}, TODAY, "is not in the future"),
        ({"function": "HR"}, LATER, "cannot be changed ahead: function"),
        ({}, LATER, "changes nothing"),
        ({"reports_to": "10423"}, LATER, "cannot report to itself"),
    ],
)
def test_a_change_that_cannot_be_scheduled_is_refused_and_nothing_is_recorded(
    uow: FakeUnitOfWork, changes: dict[str, Any], on: date, refusal: str
) -> None:
    with pytest.raises((PostChangeNotAllowed, ReportingLineNotAllowed), match=refusal):
        run(uow, later(changes, on))
    assert uow.committed == [] and uow.scheduled_changes.changes == {}


def test_a_line_into_the_department_from_the_day_the_post_leaves_it_is_refused(
    uow: FakeUnitOfWork,
) -> None:
    run(uow, register_post("101"))
    run(
        uow,
        c.ProposeTransfer(
            post_number="10423", target_team=None, effective_date=MOVE_ON, reason="x"
        ),
    )
    with pytest.raises(ReportingLineNotAllowed, match="leaves Children's Services"):
        run(uow, later({"reports_to": "101"}, MOVE_ON))
    run(uow, later({"reports_to": "101"}, LATER))  # before it leaves: allowed
