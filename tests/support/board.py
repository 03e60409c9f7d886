"""A board report's figures for tests of its pages and files: one wave, one slip, stalled
transfers, a consultation at risk, savings and a decision, computed by the report's own
arithmetic."""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.programme.board import BoardInputs, DecisionFact, PostFacts, board_tables, tables_json
from shared.programme.exercises import ExerciseFacts
from shared.programme.plan import WavePlan
from shared.programme.savings import SavingsFact

AS_OF = date(2027, 9, 30)
# Every table of the report, in its reading order.
TABLES = ("headline", "waves", "wave_savings", "savings", "risks", "stalls", "slipped",
          "consultations", "decisions", "trend")  # fmt: skip
# A wave plan for tests of the report's arithmetic.
FINANCE_WAVE = WavePlan(
    version=1, name="Wave 1: Finance", functions=("FIN",), departments=(),
    consultation_starts_on=date(2027, 1, 11), approval_by=date(2027, 3, 1),
    effective_on=date(2027, 4, 1), target_saving=50_000, owner_role="Director of Finance",
    status="in_progress", recorded_on=date(2026, 12, 1),
)  # fmt: skip


def board_answer() -> dict[str, Any]:
    """What Workflow's `GET /programme/board-report?as_of=2027-09-30` would answer."""
    plan = WavePlan(
        version=2, name="Wave 1: Finance and ICT", functions=("FIN",), departments=(),
        consultation_starts_on=date(2027, 1, 11), approval_by=date(2027, 3, 1),
        effective_on=date(2027, 6, 1), target_saving=1_200_000,
        owner_role="Director of Finance", status="in_progress", recorded_on=date(2027, 2, 1),
    )  # fmt: skip
    posts = [
        _finance_post(f"3000{n}", "CS", date(2026, 12, 1), date(2027, 1, 11),
                      approved=date(2027, 2, 20), effective_date=date(2027, 6, 1),
                      moved=date(2027, 6, 1) if n < 3 else None)
        for n in range(5)
    ] + [_finance_post("30005", "PLACE", date(2027, 8, 1), date(2027, 8, 20))]  # fmt: skip
    exercise = ExerciseFacts(
        exercise_id="CX-0007", post_numbers=("30005",), opened_on=date(2027, 8, 20),
        closes=((date(2027, 8, 20), date(2027, 10, 5)),),
        questions=((date(2027, 9, 1), None),),
    )  # fmt: skip
    inputs = BoardInputs(
        posts=posts,
        plans={"W1": [plan]},
        savings=[
            SavingsFact(team="FIN", financial_year="2027/28", kind="target", amount=900_000,
                        sequence=1),
            SavingsFact(team="FIN", financial_year="2027/28", kind="realised", amount=310_000,
                        sequence=2),
        ],
        decisions=[DecisionFact(post_number="30000", reference="CAB/2027/14",
                                decided_on=date(2027, 6, 24), maker="cabinet")],
        exercises=[exercise],
    )  # fmt: skip
    return {"as_of": AS_OF.isoformat(), "tables": tables_json(board_tables(inputs, AS_OF))}


def _finance_post(
    number: str, department: str, proposed: date, consulted: date, **later: Any
) -> PostFacts:
    return PostFacts(post_number=number, function="FIN", department=department,
                     already_central=False, registered_on=date(2026, 10, 1), proposed=proposed,
                     consultation_started=consulted, **later)  # fmt: skip
