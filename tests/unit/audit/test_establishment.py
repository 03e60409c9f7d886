"""The establishment as at a date: placement, budget holder and transfer stage of every post."""

from __future__ import annotations

from datetime import date

from services.audit.domain.scope import Scope
from tests.unit.audit.helpers import replay_messages
from tests.unit.audit.scenario import clean_history


def _view(as_of: date | None) -> dict[str, tuple[str, str, str | None]]:
    report = replay_messages(clean_history().messages, as_of=as_of)
    return {n: (p.stage, p.placement, p.budget_holder) for n, p in report.posts.items()}


def test_in_the_middle_of_the_programme_every_post_is_where_it_stood_that_day() -> None:
    assert _view(date(2026, 3, 15)) == {
        "20001": ("approved", "CS", "CS-FIN-01"),
        "20002": ("approved", "ASC", "ASC-FIN-01"),
        "20003": ("cancelled", "PLACE", "PLACE-FIN-01"),
        "20004": ("in_consultation", "CS", "CS-FIN-01"),
        "20005": ("in_department", "CORP", "CORP-FIN-01"),
    }


def test_after_an_effective_date_the_post_and_its_budget_sit_in_the_central_team() -> None:
    view = _view(date(2026, 4, 15))
    assert view["20001"] == ("effective", "FIN", "FIN-CENTRAL")
    assert view["20002"] == ("approved", "ASC", "ASC-FIN-01")


def test_before_anything_happened_no_post_is_known() -> None:
    assert _view(date(2025, 12, 31)) == {}


def test_without_a_date_the_state_is_the_end_of_the_log() -> None:
    view = _view(None)
    assert view["20002"] == ("effective", "FIN", "FIN-CENTRAL")
    assert view["20004"][0] == "in_consultation"


def test_the_report_counts_posts_and_cost_per_department_or_team() -> None:
    report = replay_messages(clean_history().messages, as_of=date(2026, 4, 15))
    assert report.placements()["FIN"] == (1, 41_000)
    assert report.placements()["CS"] == (1, 36_000)
    assert report.stages()["approved"] == 1


def test_one_post_can_be_replayed_on_its_own() -> None:
    report = replay_messages(clean_history().messages, scope=Scope(post="20001"))
    assert list(report.posts) == ["20001"]
    assert report.aggregates == 2  # its post stream and its budget stream
    assert report.findings == []


def test_one_department_can_be_replayed_on_its_own() -> None:
    report = replay_messages(clean_history().messages, scope=Scope(department="CS"))
    assert sorted(report.posts) == ["20001", "20004"]
    assert report.findings == []
