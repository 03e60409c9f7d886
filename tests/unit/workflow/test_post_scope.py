"""A post's scope as Workflow counts it, and what that does to progress and TeamCentralised."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from services.workflow.adapters.progress_queries import progress_by
from services.workflow.adapters.tables import journeys, metadata
from services.workflow.domain.journey import Journey, PostFact, fold_journey
from services.workflow.projections.milestones import Milestone
from services.workflow.projections.team_milestones import every_centralised_team
from services.workflow.projections.tracker import Tracker
from shared.events import hr
from shared.events.catalogue import CATALOGUE
from shared.persistence.engine import make_engine
from tests.support.consultation_events import scope, scope_agreed, scope_challenged
from tests.support.events import Council, Document, proposed, read, registered, whole_move

NOW = datetime.fromisoformat("2026-09-01T12:00:00+00:00")
START = date(2026, 5, 1)


def _journey(council: Council, post: str, *payloads: Any) -> Journey:
    documents = [council.event(payload) for payload in payloads]
    facts = [
        PostFact(
            stream=d["aggregate_type"], sequence=d["sequence"], kind=CATALOGUE[d["event_type"]],
            occurred_at=datetime.fromisoformat(d["occurred_at"]), payload=d["payload"],
        )
        for d in documents
    ]  # fmt: skip
    return fold_journey(post, facts)


def test_a_post_counts_as_out_of_scope_only_once_its_department_lead_agreed() -> None:
    council = Council()
    proposed_only = _journey(council, "1", registered("1"), scope("1", "out_of_scope"))
    assert (proposed_only.scope_status, proposed_only.scope) == ("out_of_scope", "undecided")
    agreed = _journey(
        council, "2", registered("2"), scope("2", "out_of_scope"), scope_agreed("2", "out_of_scope")
    )
    assert (agreed.scope, agreed.scope_response) == ("out_of_scope", "agreed")
    assert agreed.scope_reason == "a department-specific specialist role"


def test_a_challenged_or_under_review_post_stays_undecided_until_agreed() -> None:
    council = Council()
    challenged = _journey(council, "1", registered("1"), scope("1"), scope_challenged("1"))
    assert (challenged.scope, challenged.scope_response) == ("undecided", "challenged")
    assert "safeguarding" in (challenged.scope_reason or "")
    review = _journey(
        council, "2", registered("2"), scope("2", "under_review"),
        scope_agreed("2", "under_review"),
    )  # fmt: skip
    assert review.scope == "undecided"
    agreed = _journey(council, "3", registered("3"), scope("3"), scope_agreed("3"))
    assert agreed.scope == "in_scope"


def test_scope_decisions_apply_while_a_transfer_is_under_way() -> None:
    council = Council()
    journey = _journey(council, "1", registered("1"), proposed("1"), scope("1"), scope_agreed("1"))
    assert (journey.stage, journey.scope) == ("proposed", "in_scope")


def test_a_post_registered_in_its_central_team_is_already_central_and_in_scope() -> None:
    central = registered("1", "HR", "CST").model_copy(update={"team": "HR"})
    journey = _journey(Council(), "1", central)
    assert (journey.already_central, journey.scope, journey.stage) == (
        True, "in_scope", "in_department",
    )  # fmt: skip


def test_a_consultation_names_its_exercise_on_the_posts_journey() -> None:
    ids = {"post_number": "1", "transfer_id": "T-1"}
    opened = hr.ConsultationOpened(
        **ids, opened_on=START, closes_by=date(2026, 6, 1), exercise_id="CX-1"
    )
    journey = _journey(Council(), "1", registered("1"), proposed("1"), opened)
    assert journey.exercise_id == "CX-1"


def _engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path}/scope.db")
    metadata.create_all(engine)
    return engine


def _apply(engine: Engine, documents: list[Document]) -> list[Milestone]:
    published: list[Milestone] = []
    tracker = Tracker("", lambda: NOW)
    with engine.begin() as connection:
        tracker(connection, read(documents))
        published = every_centralised_team(connection)
    return published


def _progress(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        return {
            key[0]: value for key, value in progress_by(connection, journeys.c.function).items()
        }


def test_a_function_is_centralised_when_every_post_not_agreed_out_of_scope_has_moved(
    tmp_path: Path,
) -> None:
    engine, council = _engine(tmp_path), Council()
    moved = whole_move(council, "1", "T-1", START, "PROC") + whole_move(
        council, "2", "T-2", START, "PROC"
    )
    staying = [council.event(p) for p in (registered("3", "PROC"), scope("3", "out_of_scope"))]
    assert _apply(engine, moved + staying) == []  # proposed out, not yet agreed: still to move
    assert _progress(engine)["PROC"]["percent_centralised"] == 66.7

    milestones = _apply(engine, [council.event(scope_agreed("3", "out_of_scope"))])
    assert [m.key for m in milestones] == ["TeamCentralised:PROC"]
    assert milestones[0].event.payload.model_dump()["posts_moved"] == 2
    figures = _progress(engine)["PROC"]
    assert (figures["posts_in_scope"], figures["posts_out_of_scope"]) == (2, 1)
    assert (figures["posts_undecided"], figures["percent_centralised"]) == (0, 100.0)


def test_undecided_posts_still_count_as_to_move(tmp_path: Path) -> None:
    engine, council = _engine(tmp_path), Council()
    moved = whole_move(council, "1", "T-1", START, "POL")
    open_question = [council.event(p) for p in (registered("2", "POL"), scope("2"))]
    assert _apply(engine, moved + open_question) == []
    figures = _progress(engine)["POL"]
    assert (figures["posts_undecided"], figures["percent_centralised"]) == (1, 50.0)


def test_a_function_already_central_shows_100_percent_and_marks_no_move(tmp_path: Path) -> None:
    engine, council = _engine(tmp_path), Council()
    central = [
        council.event(registered(post, "PPM", "CST").model_copy(update={"team": "PPM"}))
        for post in ("1", "2")
    ]
    assert _apply(engine, central) == []  # nothing moved: there is no move to mark
    figures = _progress(engine)["PPM"]
    assert figures["percent_centralised"] == 100.0
    assert (figures["posts_already_central"], figures["posts_in_scope"]) == (2, 2)
