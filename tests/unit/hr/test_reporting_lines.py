"""Reporting lines: the rules that keep them a tree, and what a transfer does to a line."""

from __future__ import annotations

from datetime import date

import pytest

from services.hr.application import commands as c
from services.hr.application.handlers import handle
from services.hr.domain.errors import PostNotFound, ReportingLineNotAllowed
from services.hr.domain.post import Post
from services.hr.domain.reporting import refuse_loop
from shared.events import hr as events
from tests.support.posts import register_post
from tests.unit.hr.fakes import FakeUnitOfWork, central_finance

TODAY = date(2027, 1, 15)
MOVE_ON = date(2027, 4, 1)


def run(uow: FakeUnitOfWork, command: object) -> object:
    with uow:
        return handle(uow, command)


def line(post: str, to: str | None, on: date = TODAY) -> c.ChangeReportingLine:
    return c.ChangeReportingLine(
        post_number=post, reports_to=to, reason="restructure", effective_date=on
    )


def propose(post: str, line_manager: str | None = None) -> c.ProposeTransfer:
    return c.ProposeTransfer(
        post_number=post,
        target_team="FIN",
        effective_date=MOVE_ON,
        reason="One Council Support Functions",
        line_manager=line_manager,
    )


@pytest.fixture
def uow() -> FakeUnitOfWork:
    """Central Finance's head 900 (in the team), a department manager 100, and 10423 under it."""
    return central_finance("10423")


def test_a_post_cannot_report_to_itself(uow: FakeUnitOfWork) -> None:
    with pytest.raises(ReportingLineNotAllowed, match="post 10423 cannot report to itself"):
        run(uow, line("10423", "10423"))
    assert uow.committed == []


def test_a_line_that_would_go_round_in_a_circle_is_refused_with_the_circle(
    uow: FakeUnitOfWork,
) -> None:
    with pytest.raises(ReportingLineNotAllowed, match=r"100 → 10423 → 100"):
        run(uow, line("100", "10423"))
    assert uow.posts.posts["100"].reports_to is None


def test_a_longer_circle_is_found_up_the_line() -> None:
    lines = {"B": "C", "C": "A"}
    with pytest.raises(ReportingLineNotAllowed, match=r"A → B → C → A"):
        refuse_loop("A", "B", lines.get)


def test_a_post_cannot_be_registered_reporting_to_itself_or_to_an_unknown_post() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(ReportingLineNotAllowed, match="cannot report to itself"):
        run(uow, register_post("10423", reports_to="10423"))
    with pytest.raises(PostNotFound, match="post 555 is not in the post register"):
        run(uow, register_post("10423", reports_to="555"))
    assert uow.posts.posts == {}


def test_a_changed_line_is_recorded_and_told(uow: FakeUnitOfWork) -> None:
    run(uow, line("10423", None))
    [event] = [e.payload for e in uow.committed]
    assert event == events.ReportingLineChanged(
        post_number="10423", reports_to=None, previous_reports_to="100", reason="restructure"
    )
    assert uow.posts.posts["10423"].reports_to is None


def test_a_post_leaving_its_department_cannot_report_there_from_its_leaving_day(
    uow: FakeUnitOfWork,
) -> None:
    run(uow, register_post("101", title="Finance Manager (West)"))
    run(uow, propose("10423"))
    with pytest.raises(ReportingLineNotAllowed, match="leaves Children's Services for Central"):
        run(uow, line("10423", "101", on=MOVE_ON))
    run(uow, line("10423", "101", on=TODAY))  # until it moves, it may
    assert uow.posts.posts["10423"].reports_to == "101"


def test_a_transfer_reports_to_the_teams_head_by_default(uow: FakeUnitOfWork) -> None:
    run(uow, propose("10423"))
    [proposed] = [e.payload for e in uow.committed]
    assert isinstance(proposed, events.TransferProposed)
    assert proposed.line_manager == "900"


def test_a_transfer_may_name_a_post_in_the_team_as_its_line_manager(uow: FakeUnitOfWork) -> None:
    run(uow, propose("10423", line_manager="901"))
    assert uow.posts.posts["10423"].transfers[-1].line_manager == "901"


def test_a_transfer_cannot_name_a_line_manager_in_the_department_it_leaves(
    uow: FakeUnitOfWork,
) -> None:
    with pytest.raises(ReportingLineNotAllowed, match="cannot report to post 100 in Children"):
        run(uow, propose("10423", line_manager="100"))
    assert uow.posts.posts["10423"].transfers == []
    assert uow.committed == []


def test_a_transfer_cannot_name_a_line_manager_outside_the_team(uow: FakeUnitOfWork) -> None:
    run(uow, register_post("300", department="PLACE"))
    with pytest.raises(ReportingLineNotAllowed, match="post 300 is not in Central Finance"):
        run(uow, propose("10423", line_manager="300"))


def _take_effect(uow: FakeUnitOfWork, post: str) -> events.TransferEffective:
    transfer = uow.posts.posts[post].transfers[-1]
    transfer.open_consultation(TODAY, TODAY)
    transfer.close_consultation(TODAY, "agreed", "")
    transfer.record_budget_check(True, "")
    transfer.approve()
    uow.committed.clear()
    run(uow, c.TakeEffect(post, MOVE_ON))
    [effective] = [e.payload for e in uow.committed]
    assert isinstance(effective, events.TransferEffective)
    return effective


def test_taking_effect_moves_the_line_with_the_team_but_not_grade_title_or_duties(
    uow: FakeUnitOfWork,
) -> None:
    before = uow.posts.posts["10423"]
    run(uow, propose("10423", line_manager="901"))
    effective = _take_effect(uow, "10423")
    after: Post = uow.posts.posts["10423"]
    assert (effective.reports_to, effective.previous_reports_to) == ("901", "100")
    assert (after.team, after.reports_to) == ("FIN", "901")
    unchanged = ("title", "grade", "fte", "function", "department", "employee_ref")
    assert {n: getattr(after, n) for n in unchanged} == {n: getattr(before, n) for n in unchanged}


def test_a_head_named_after_the_proposal_is_the_line_manager_when_it_takes_effect() -> None:
    uow = FakeUnitOfWork()
    run(uow, register_post("10423"))
    run(uow, propose("10423"))
    assert uow.posts.posts["10423"].transfers[-1].line_manager is None
    run(uow, register_post("900", team="FIN"))
    run(uow, c.NameTeamHead(team="FIN", post_number="900"))
    assert _take_effect(uow, "10423").reports_to == "900"


def test_only_a_post_in_the_team_can_head_it(uow: FakeUnitOfWork) -> None:
    with pytest.raises(ReportingLineNotAllowed, match="post 100 is not in Central Finance"):
        run(uow, c.NameTeamHead(team="FIN", post_number="100"))
    run(uow, c.NameTeamHead(team="FIN", post_number="901", reason="acting head"))
    [named] = [e.payload for e in uow.committed]
    assert named == events.TeamHeadNamed(
        post_number="901", team="FIN", previous_head="900", reason="acting head"
    )
