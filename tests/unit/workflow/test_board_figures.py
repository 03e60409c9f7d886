"""The board report's arithmetic: the plan in force, savings gaps, the period's decisions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from shared.programme.board import BoardInputs, DecisionFact, PostFacts, board_tables
from shared.programme.savings import SavingsFact
from tests.support.board import FINANCE_WAVE

V1 = FINANCE_WAVE
V2 = replace(V1, version=2, effective_on=date(2027, 6, 1), recorded_on=date(2027, 3, 15))


def post(number: str, **facts: object) -> PostFacts:
    return PostFacts(post_number=number, function="FIN", department="CS", already_central=False,
                     registered_on=date(2026, 11, 1), **facts)  # type: ignore[arg-type]  # fmt: skip


def test_the_plan_in_force_is_the_latest_recorded_by_the_date() -> None:
    inputs = BoardInputs(posts=[post("1", moved=date(2027, 4, 1))], plans={"W1": [V1, V2]})
    march = dict((r[0], r) for r in board_tables(inputs, date(2027, 3, 10))["waves"][1])
    april = dict((r[0], r) for r in board_tables(inputs, date(2027, 4, 30))["waves"][1])
    assert march["W1"][2] == 1 and april["W1"][2] == 2
    assert (april["W1"][6], april["W1"][7]) == (0, 1)  # v2 due in June; one moved already
    assert board_tables(inputs, date(2026, 11, 30))["waves"][1] == []  # not yet planned


def test_savings_take_the_latest_target_and_sum_what_was_realised_up_to_the_year() -> None:
    savings = [
        SavingsFact(team="FIN", financial_year="2026/27", kind="target", amount=90, sequence=1),
        SavingsFact(team="FIN", financial_year="2026/27", kind="target", amount=80, sequence=2),
        SavingsFact(team="FIN", financial_year="2026/27", kind="realised", amount=30, sequence=3),
        SavingsFact(team="FIN", financial_year="2027/28", kind="target", amount=99, sequence=4),
    ]
    rows = board_tables(BoardInputs(savings=savings), date(2027, 3, 31))["savings"][1]
    assert rows == [("FIN", "2026/27", 80, 30, 50)]


def test_decisions_are_those_dated_in_the_six_months_to_the_date_counted_by_posts() -> None:
    decisions = [
        DecisionFact(post_number=n, reference=r, decided_on=d, maker="cabinet")
        for n, r, d in (("1", "CAB/14", date(2027, 2, 25)), ("2", "CAB/14", date(2027, 2, 25)),
                        ("3", "CAB/02", date(2026, 9, 1)))
    ]  # fmt: skip
    tables = board_tables(BoardInputs(decisions=decisions), date(2027, 3, 31))
    assert tables["decisions"][1] == [("CAB/14", "2027-02-25", "cabinet", 2)]
    assert dict(tables["headline"][1])["decisions_in_period"] == 1


def test_the_trend_counts_posts_moved_week_by_week() -> None:
    inputs = BoardInputs(posts=[post("1", moved=date(2027, 3, 20))], plans={"W1": [V1]})
    trend = board_tables(inputs, date(2027, 4, 2))["trend"][1]
    assert len(trend) == 26 and trend[-1] == ("2027-04-02", 1, 1)
    assert trend[-3] == ("2027-03-19", 0, 0)
