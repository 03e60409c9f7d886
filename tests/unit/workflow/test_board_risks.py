"""The board report's risks and savings per wave: transfers stalled (Workflow's stall
limits), milestones slipped, consultations at risk by their clocks, counted and listed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from services.workflow.domain.stalls import StallLimits
from shared.programme.board import BoardInputs, PostFacts, board_tables
from shared.programme.exercises import ExerciseFacts, fold_exercise_facts
from shared.programme.risks import STALL_LIMIT_DAYS
from shared.programme.savings import SavingsFact
from tests.support.board import FINANCE_WAVE

W1 = FINANCE_WAVE
W2 = replace(W1, name="Wave 2: Finance and ICT", functions=("FIN", "ICT"), target_saving=80_000)


def post(number: str, function: str = "FIN", **facts: object) -> PostFacts:
    return PostFacts(post_number=number, function=function, department="CS",
                     already_central=False, registered_on=date(2026, 11, 1),
                     **facts)  # type: ignore[arg-type]  # fmt: skip


def test_the_reports_stall_limits_are_workflows_default_limits() -> None:
    limits = StallLimits()
    workflows = {"proposed": limits.proposed_days, "in_consultation": limits.consultation_days,
                 "approved": limits.approved_overdue_days}  # fmt: skip
    assert workflows == STALL_LIMIT_DAYS


def test_a_transfer_is_stalled_past_its_stages_limit_and_not_once_it_moves_on() -> None:
    posts = [
        post("1", proposed=date(2026, 12, 1)),  # proposed 76 days: stalled
        post("2", proposed=date(2027, 1, 1), consultation_started=date(2027, 1, 10)),  # 36 days
        post("3", proposed=date(2026, 12, 1), approved=date(2027, 1, 5),
             effective_date=date(2027, 2, 1)),  # 14 days past its effective date
        post("4", proposed=date(2027, 1, 20)),  # 26 days: within the limit
        post("5", proposed=date(2026, 11, 2), transfer_ended=date(2026, 12, 20)),  # cancelled
    ]  # fmt: skip
    tables = board_tables(BoardInputs(posts=posts, plans={"W1": [W1]}), date(2027, 2, 15))
    assert tables["stalls"][1] == [
        ("1", "W1", "CS", "proposed", "2026-12-01", 76, 60),
        ("2", "W1", "CS", "in_consultation", "2027-01-10", 36, 30),
        ("3", "W1", "CS", "approved", "2027-02-01", 14, 7),
    ]
    summary = {row[0]: row[1:] for row in tables["risks"][1]}
    assert summary["transfers_stalled"] == (3, "W1")
    assert dict(tables["headline"][1])["transfers_stalled"] == 3
    moved = replace(posts[2], moved=date(2027, 2, 14))
    later = board_tables(BoardInputs(posts=[moved], plans={"W1": [W1]}), date(2027, 2, 15))
    assert later["stalls"][1] == []


def test_a_slipped_milestone_is_listed_with_the_posts_that_reached_it() -> None:
    posts = [post("1", consultation_started=date(2027, 1, 11)), post("2")]
    tables = board_tables(BoardInputs(posts=posts, plans={"W1": [W1]}), date(2027, 2, 15))
    assert tables["slipped"][1] == [("W1", "consultation_started", "2027-01-11", 1, 2)]
    assert ("milestones_slipped", 1, "W1") in tables["risks"][1]


def _exercise(**changes: object) -> ExerciseFacts:
    facts = [
        ("ConsultationExerciseOpened", date(2027, 1, 11),
         {"post_numbers": ["1", "2"], "opened_on": "2027-01-11", "proposed_close": "2027-02-20"}),
        ("ConsultationQuestionAsked", date(2027, 1, 20), {"question_id": "Q1"}),
    ]  # fmt: skip
    folded = fold_exercise_facts("CX-1", facts)
    assert folded is not None
    return replace(folded, **changes)  # type: ignore[arg-type]


def test_a_consultation_is_at_risk_near_its_close_with_questions_or_once_past_it() -> None:
    inputs = BoardInputs(posts=[post("1"), post("2")], plans={"W1": [W1]},
                         exercises=[_exercise()])  # fmt: skip
    assert board_tables(inputs, date(2027, 1, 31))["consultations"][1] == []  # 20 days left
    near = board_tables(inputs, date(2027, 2, 10))["consultations"][1]
    assert near == [("CX-1", "W1", "2027-01-11", "2027-02-20", 10, 1, 2,
                     "questions_unanswered_near_close")]  # fmt: skip
    answered = replace(_exercise(), questions=((date(2027, 1, 20), date(2027, 2, 1)),))
    inputs.exercises = [answered]
    assert board_tables(inputs, date(2027, 2, 10))["consultations"][1] == []
    late = board_tables(inputs, date(2027, 2, 25))
    assert [row[-1] for row in late["consultations"][1]] == ["past_planned_close"]
    assert dict(late["headline"][1])["consultations_at_risk"] == 1
    inputs.exercises = [replace(answered, closed_on=date(2027, 2, 22))]
    assert board_tables(inputs, date(2027, 2, 25))["consultations"][1] == []


def test_an_extension_known_by_the_date_moves_the_planned_close() -> None:
    extended = _exercise(closes=((date(2027, 1, 11), date(2027, 2, 20)),
                                 (date(2027, 2, 18), date(2027, 3, 20))))  # fmt: skip
    assert extended.at_risk(date(2027, 2, 17)) is not None  # 3 days left, question open
    assert extended.at_risk(date(2027, 2, 19)) is None  # extended: a month left


def test_savings_per_wave_share_a_teams_savings_by_the_waves_posts_of_its_function() -> None:
    w2 = replace(W2, recorded_on=date(2026, 12, 1))
    posts = [post("1"), post("2", function="ICT"),
             replace(post("3"), department="PLACE")]  # fmt: skip
    plans = {"W1": [replace(W1, departments=("CS",))], "W2": [replace(w2, departments=("PLACE",
             "CS"), functions=("FIN", "ICT"))]}  # fmt: skip
    savings = [
        SavingsFact(team="FIN", financial_year="2026/27", kind="realised", amount=30_001,
                    sequence=1),
        SavingsFact(team="ICT", financial_year="2026/27", kind="realised", amount=8_000,
                    sequence=2),
        SavingsFact(team="HR", financial_year="2026/27", kind="realised", amount=5_000,
                    sequence=3),
        SavingsFact(team="FIN", financial_year="2025/26", kind="realised", amount=999,
                    sequence=4),
    ]  # fmt: skip
    inputs = BoardInputs(posts=posts, plans=plans, savings=savings)
    rows = board_tables(inputs, date(2027, 2, 15))["wave_savings"][1]
    # FIN's posts: one in W1 (CS), two in W2 (CS and PLACE, W2 covers both).
    assert rows == [
        ("W1", "Wave 1: Finance", "2026/27", 50_000, 10_001, 39_999),
        ("W2", "Wave 2: Finance and ICT", "2026/27", 80_000, 28_000, 52_000),
        ("none", "Outside the waves", "2026/27", 0, 5_000, -5_000),
    ]


def test_a_consultation_dated_before_its_proposal_was_recorded_still_stalls_it() -> None:
    backdated = post("1", proposed=date(2027, 2, 10), consultation_started=date(2027, 1, 1))
    again = post(
        "2",
        proposed=date(2027, 2, 1),
        consultation_started=date(2026, 12, 1),
        transfer_ended=date(2026, 12, 20),
    )  # its consultation was the ended transfer's
    tables = board_tables(BoardInputs(posts=[backdated, again]), date(2027, 2, 15))
    assert [row[:4] for row in tables["stalls"][1]] == [("1", "none", "CS", "in_consultation")]
