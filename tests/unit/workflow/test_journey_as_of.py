"""Workflow's journey and progress as of a date, as known on a date: what we believed on
1 March about 1 April, beside what we now know about 1 April after a late correction."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from services.workflow.adapters.journey_store import dated_facts
from services.workflow.adapters.progress_as_of import as_of_then
from services.workflow.adapters.progress_queries import progress_by
from services.workflow.adapters.tables import journeys, metadata
from services.workflow.domain.journey_as_of import journey_as_of
from services.workflow.projections.tracker import Tracker
from shared.persistence.engine import make_engine
from tests.support.events import Council, Document, corrected, read, whole_move

APRIL, MARCH, CORRECTED_ON = date(2026, 4, 1), date(2026, 3, 1), date(2026, 4, 15)


def _history() -> list[Document]:
    """10001 registered in CS on 31 January, moved on 1 April; on 15 April HR found it had
    always been an Adult Social Care and Health post and corrected the registration."""
    council = Council()
    documents = whole_move(council, "10001", "T-1", date(2026, 1, 31))
    fix = corrected("10001", documents[0]["event_id"], {"department": ("CS", "ASCH")})
    return [*documents, council.event(fix, CORRECTED_ON)]


def test_the_journey_believed_on_1_march_about_1_april_differs_from_what_we_now_know(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/tracker.db")
    metadata.create_all(engine)
    with engine.begin() as connection:
        Tracker("", lambda: datetime(2026, 5, 1, tzinfo=UTC))(connection, read(_history()))
    with engine.connect() as connection:
        facts = dated_facts(connection, "10001")["10001"]
        believed = journey_as_of("10001", facts, APRIL, MARCH)
        known = journey_as_of("10001", facts, APRIL, None)
        before_move = journey_as_of("10001", facts, MARCH, None)

        def departments(known_on: date | None) -> set[str]:
            figures = as_of_then(
                connection, APRIL, known_on, lambda c: progress_by(c, journeys.c.department)
            )
            return {key[0] for key in figures}

        assert (departments(MARCH), departments(None)) == ({"CS"}, {"ASCH"})
    assert (believed.stage, believed.department, believed.team) == (
        "consultation_closed",
        "CS",
        None,
    )
    assert (known.stage, known.department, known.team) == ("effective", "ASCH", "FIN")
    assert (before_move.stage, before_move.department) == ("consultation_closed", "ASCH")
