"""A rescinded transfer on a post's journey: back in its department, no budget moved, the
rescind on its timeline, and a published move corrected by a new milestone."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from services.workflow.adapters.tables import messaging, metadata
from services.workflow.domain.journey import fold_journey
from services.workflow.domain.summaries import summary_of
from services.workflow.projections.tracker import Tracker
from shared.events import finance
from shared.events.catalogue import CATALOGUE
from shared.persistence.engine import make_engine
from tests.support.events import Council, facts_of, read, rescinded, whole_move

MOVED_ON = date(2026, 7, 1)
NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)


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
    journey = fold_journey("10001", facts_of(documents))
    assert (journey.stage, journey.team, journey.department) == ("rescinded", None, "CS")
    assert (journey.budget_moved, journey.moved_on) == (False, None)
    said = [summary_of(CATALOGUE[d["event_type"]], d["payload"]) for d in documents[-2:]]
    assert said == [
        "transfer to FIN rescinded by Director of HR: the post supports a school, not the "
        "finance function; back in CS",
        "£41,000 a year moved back from CEN-FIN-01 to CS-FIN-01",
    ]


def _outbox(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        bodies = connection.scalars(select(messaging.outbox.c.body)).all()
    return [json.loads(body) for body in bodies]


def test_an_announced_move_that_is_rescinded_is_withdrawn_by_a_new_milestone(
    tmp_path: Path,
) -> None:
    council = Council()
    documents = whole_move(council, "10001", "T-1", date(2026, 5, 2))
    engine = make_engine(f"sqlite:///{tmp_path}/tracker.db")
    metadata.create_all(engine)
    tracker = Tracker("", lambda: NOW)
    rescind = [council.event(rescinded("10001", "T-1", MOVED_ON), date(2026, 8, 1))]
    for batch in (documents, rescind, rescind):
        with engine.begin() as connection:
            tracker(connection, read(batch))
    published = {m["event_type"]: m for m in _outbox(engine)}
    assert sorted(published) == [
        "PostMoveCompleted", "PostMoveWithdrawn", "TeamCentralisationWithdrawn", "TeamCentralised",
    ]  # fmt: skip
    withdrawn = published["PostMoveWithdrawn"]["payload"]
    assert withdrawn["corrects_event_id"] == published["PostMoveCompleted"]["event_id"]
    assert (withdrawn["team"], withdrawn["from_department"]) == ("FIN", "CS")


def test_a_move_rescinded_before_it_was_announced_has_nothing_to_withdraw(
    tmp_path: Path,
) -> None:
    council = Council()
    documents = whole_move(council, "10001", "T-1", date(2026, 5, 2))
    documents.append(council.event(rescinded("10001", "T-1", MOVED_ON), date(2026, 8, 1)))
    engine = make_engine(f"sqlite:///{tmp_path}/tracker.db")
    metadata.create_all(engine)
    with engine.begin() as connection:
        Tracker("", lambda: NOW)(connection, read(documents))
    assert [m["event_type"] for m in _outbox(engine)] == []
