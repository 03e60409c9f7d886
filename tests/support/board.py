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


def board_answer() -> dict[str, Any]:
    """What Workflow's `GET /programme/board-report?as_of=2027-09-30` would answer."""
    plan = WavePlan(
        version=2, name="Wave 1: Finance and ICT", functions=("FIN",), departments=(),
        consultation_starts_on=date(2027, 1, 11), approval_by=date(2027, 3, 1),
        effective_on=date(2027, 6, 1), target_saving=1_200_000,
        owner_role="Director of Finance", status="in_progress", recorded_on=date(2027, 2, 1),
    )  # fmt: skip
    posts = [
        PostFacts(
            post_number=f"3000{n}",
            function="FIN",
            department="CS",
            already_central=False,
            registered_on=date(2026, 10, 1),
            proposed=date(2026, 12, 1),
            effective_date=date(2027, 6, 1),
            consultation_started=date(2027, 1, 11),
            approved=date(2027, 2, 20),
            moved=date(2027, 6, 1) if n < 3 else None,
        )
        for n in range(5)
    ] + [
        PostFacts(
            post_number="30005",
            function="FIN",
            department="PLACE",
            already_central=False,
            registered_on=date(2026, 10, 1),
            proposed=date(2027, 8, 1),
            consultation_started=date(2027, 8, 20),
        )
    ]
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
