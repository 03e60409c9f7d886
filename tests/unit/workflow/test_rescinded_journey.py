"""A rescinded transfer on a post's journey: back in its department, no budget moved, and
the rescind on its timeline."""

from __future__ import annotations

from datetime import date, datetime

from services.workflow.domain.journey import PostFact, fold_journey
from services.workflow.domain.summaries import summary_of
from shared.events import finance
from shared.events.catalogue import CATALOGUE
from tests.support.events import Council, Document, rescinded, whole_move

MOVED_ON = date(2026, 7, 1)


def _facts(documents: list[Document]) -> list[PostFact]:
    return [
        PostFact(
            stream=d["aggregate_type"],
            sequence=d["sequence"],
            kind=CATALOGUE[d["event_type"]],
            occurred_at=datetime.fromisoformat(d["occurred_at"]),
            payload=d["payload"],
        )
        for d in documents
    ]


def test_a_rescinded_move_shows_the_post_back_in_its_department_with_no_budget_moved() -> None:
    council = Council()
    documents = whole_move(council, "10001", "T-1", date(2026, 5, 2))
    documents.append(council.event(rescinded("10001", "T-1", MOVED_ON), date(2026, 8, 1)))
    back = finance.BudgetMoveReversed(
        post_number="10001", transfer_id="T-1", from_cost_centre="CEN-FIN-01",
        to_cost_centre="CS-FIN-01", effective_date=MOVED_ON, financial_year="2026/27",
        full_year_amount=41_000, amount_this_year=20_500,
    )  # fmt: skip
    documents.append(council.event(back, date(2026, 8, 1), "system"))
    journey = fold_journey("10001", _facts(documents))
    assert (journey.stage, journey.team, journey.department) == ("rescinded", None, "CS")
    assert (journey.budget_moved, journey.moved_on) == (False, None)
    said = [summary_of(CATALOGUE[d["event_type"]], d["payload"]) for d in documents[-2:]]
    assert said == [
        "transfer to FIN rescinded by Director of HR: the post supports a school, not the "
        "finance function; back in CS",
        "£41,000 a year moved back from CEN-FIN-01 to CS-FIN-01",
    ]
