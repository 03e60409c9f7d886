"""Comparing the replayed stages with the live tracker lists every difference."""

from __future__ import annotations

from services.audit.application.compare import compare_with_live
from services.audit.domain.comparison import Difference, compare_stages
from services.audit.domain.scope import Scope
from tests.unit.audit.helpers import replay_messages
from tests.unit.audit.scenario import clean_history


class FakeTracker:
    def __init__(self, stages: dict[str, str]) -> None:
        self._stages = stages

    def stages(self, post_numbers: list[str]) -> dict[str, str]:
        return dict(self._stages)


def test_stages_that_differ_or_exist_on_one_side_only_are_listed() -> None:
    differences = compare_stages(
        {"1": "approved", "2": "effective", "3": "proposed"},
        {"1": "approved", "2": "approved", "4": "in_department"},
    )
    assert differences == [
        Difference("2", "effective", "approved"),
        Difference("3", "proposed", None),
        Difference("4", None, "in_department"),
    ]
    assert differences[0].describe() == "post 2: replay says effective, tracker says approved"


def test_a_replay_of_one_post_is_compared_only_on_that_post() -> None:
    report = replay_messages(clean_history().messages, scope=Scope(post="20001"))
    compare_with_live(report, FakeTracker({"20001": "effective", "99999": "proposed"}), False)
    assert report.differences == []
    assert report.compared_posts == 1
