"""A consultation exercise folded from HR's events; its summaries; whose feeds it reaches."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.workflow.domain.exercise_view import fold_exercise
from services.workflow.domain.summaries import EXERCISE_SUMMARIES, SUMMARIES, summary_of
from services.workflow.subscriptions.rules import departments_of
from shared.events import consultation as cx
from shared.events import hr
from tests.support import consultation_events as build
from tests.support.events import Council, read


def _facts(*payloads: Any) -> list[tuple[int, type, dict[str, Any]]]:
    council = Council()
    events = read([council.event(payload) for payload in payloads])
    return [
        (e.envelope.sequence, type(e.payload), e.payload.model_dump(mode="json")) for e in events
    ]


def test_an_exercise_keeps_its_clock_documents_questions_answers_and_outcome() -> None:
    facts = _facts(
        build.exercise_opened("CX-1", ["1", "2"], ["CS", "PLACE"]),
        build.document_shared("CX-1"),
        build.question_asked("CX-1", "Q1"),
        build.question_asked("CX-1", "Q2"),
        build.question_answered("CX-1", "Q1"),
        build.extended("CX-1"),
    )
    view = fold_exercise("CX-1", reversed(facts))  # folded by sequence, whatever the order
    assert view is not None
    assert (view.status, view.departments, view.earliest_close) == (
        "open", ["CS", "PLACE"], date(2026, 5, 31),
    )  # fmt: skip
    assert view.proposed_close == date(2026, 6, 14)  # extended by 14 days
    assert [d["title"] for d in view.documents] == ["Proposal for a central finance team"]
    assert [q["answer"] is not None for q in view.questions] == [True, False]
    assert view.questions_unanswered == 1
    assert view.days_left(date(2026, 6, 10)) == 4
    assert view.days_left(date(2026, 7, 1)) == 0


def test_a_closed_not_agreed_exercise_shows_hrs_decision_and_no_days_left() -> None:
    facts = _facts(
        build.exercise_opened("CX-2", ["1"], ["CS"]),
        build.exercise_closed("CX-2", "not_agreed"),
        build.decision_recorded("CX-2", "revise_and_reconsult"),
    )
    view = fold_exercise("CX-2", facts)
    assert view is not None
    assert (view.status, view.outcome, view.decision) == (
        "closed", "not_agreed", "revise_and_reconsult",
    )  # fmt: skip
    assert view.days_left(date(2026, 5, 2)) is None


def test_an_answer_given_twice_keeps_the_first_and_nothing_shows_before_opening() -> None:
    first = build.question_answered("CX-3", "Q1")
    again = first.model_copy(update={"answer": "a second answer"})
    facts = _facts(
        build.exercise_opened("CX-3", ["1"], ["CS"]), build.question_asked("CX-3"), first, again
    )
    view = fold_exercise("CX-3", facts)
    assert view is not None and view.questions[0]["answer"] == first.answer
    assert fold_exercise("CX-3", facts[1:]) is None


def test_every_new_event_has_a_summary_in_the_councils_words() -> None:
    new_post_events = (hr.PostScopeProposed, hr.PostScopeAgreed, hr.PostScopeChallenged)
    assert set(new_post_events) <= set(SUMMARIES)
    assert set(EXERCISE_SUMMARIES) == set(cx.EVENTS)
    samples = [
        build.scope("1", "out_of_scope"), build.scope_agreed("1", "out_of_scope"),
        build.scope_challenged("1"), build.exercise_opened("CX-1", ["1"], ["CS"]),
        build.document_shared("CX-1"), build.question_asked("CX-1"),
        build.question_answered("CX-1"), build.extended("CX-1"), build.exercise_closed("CX-1"),
        build.decision_recorded("CX-1"),
    ]  # fmt: skip
    lines = [summary_of(type(p), p.model_dump(mode="json")) for p in samples]
    assert lines[0] == "HR proposed the post as out of scope: a department-specific specialist role"
    assert lines[1] == "department lead agreed the post is out of scope"
    assert lines[5] == "question Q1 asked by representative of UNISON"
    assert all(line != type(p).EVENT_TYPE for line, p in zip(lines, samples, strict=True))


def test_exercise_events_reach_every_department_the_exercise_consults() -> None:
    opened = build.exercise_opened("CX-1", ["1", "2"], ["PLACE", "CS"]).model_dump(mode="json")
    assert departments_of(cx.ConsultationExerciseOpened, None, opened, {}) == ["CS", "PLACE"]
    asked = build.question_asked("CX-1").model_dump(mode="json")
    known = {"CX-1": ["CS", "PLACE"]}
    assert departments_of(cx.ConsultationQuestionAsked, None, asked, {}, known) == ["CS", "PLACE"]
    assert departments_of(cx.ConsultationQuestionAsked, None, asked, {}, {}) == []
    agreed = build.scope_agreed("1").model_dump(mode="json")
    assert departments_of(hr.PostScopeAgreed, "CS", agreed, {}) == ["CS"]
