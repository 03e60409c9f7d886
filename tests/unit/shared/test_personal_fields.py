"""Which fields of the events carry personal data, and what a reader other than HR shows
for a sealed one: `(sealed)`, never the ciphertext (Workflow's timeline, feeds and
exercise view; Finance's release reasons)."""

from __future__ import annotations

from typing import Any

from services.workflow.domain.exercise_view import fold_exercise
from services.workflow.domain.summaries import summary_of
from shared.events import consultation as cx
from shared.events import hr
from shared.events.catalogue import CATALOGUE
from shared.events.personal import (
    SHOWN_SEALED,
    personal_entries_of,
    personal_fields,
    shown_payload,
)
from tests.support import consultation_events as build
from tests.support.events import cancelled

SEALED = "sealed:v1:0123456789abcdef0123456789abcdef:bm9uY2UrY2lwaGVydGV4dA=="


def test_the_employee_reference_and_the_free_text_of_hrs_events_are_marked_personal() -> None:
    assert personal_fields(hr.PostRegistered) == ("employee_ref",)
    assert personal_fields(hr.PostUpdated) == ("employee_ref", "reason")
    assert personal_fields(hr.ConsultationClosed) == ("notes",)
    assert personal_fields(cx.ConsultationQuestionAsked) == ("asked_by", "question")
    assert personal_entries_of(hr.PostChangeScheduled) == {"changes": ("employee_ref",)}
    schema = hr.TransferCancelled.model_json_schema()["properties"]["reason"]
    assert "sealed:v1:" in schema["x-personal-data"]  # the AsyncAPI document says so


def test_no_event_outside_hrs_topics_carries_a_personal_field() -> None:
    outside = [
        event_type
        for event_type, kind in CATALOGUE.items()
        if (personal_fields(kind) or personal_entries_of(kind)) and not kind.TOPIC.startswith("hr.")
    ]
    assert outside == []


def test_a_sealed_value_reads_sealed_and_an_old_plaintext_one_reads_as_it_was() -> None:
    payload = {"reason": SEALED, "changes": {"employee_ref": SEALED, "grade": "Grade 8"}}
    assert shown_payload(payload) == {
        "reason": SHOWN_SEALED,
        "changes": {"employee_ref": SHOWN_SEALED, "grade": "Grade 8"},
    }
    plain = cancelled().model_dump(mode="json")
    assert shown_payload(plain) == plain


def test_workflows_timeline_line_shows_sealed_in_place_of_the_ciphertext() -> None:
    payload: dict[str, Any] = {**cancelled().model_dump(mode="json"), "reason": SEALED}
    line = summary_of(hr.TransferCancelled, payload)
    assert line == "transfer cancelled while approved: (sealed)"


def test_workflows_exercise_view_keeps_no_ciphertext_of_a_staff_question() -> None:
    asked = build.question_asked("CX-1", "Q1").model_dump(mode="json")
    answered = build.question_answered("CX-1", "Q1").model_dump(mode="json")
    asked.update(asked_by=SEALED, question=SEALED)
    answered.update(answer=SEALED)
    opened = build.exercise_opened("CX-1", ["1"], ["CS"]).model_dump(mode="json")
    facts = [
        (1, cx.ConsultationExerciseOpened, opened),
        (2, cx.ConsultationQuestionAsked, asked),
        (3, cx.ConsultationQuestionAnswered, answered),
    ]
    view = fold_exercise("CX-1", facts)
    assert view is not None
    question = view.questions[0]
    assert (question["asked_by"], question["question"], question["answer"]) == (
        SHOWN_SEALED, SHOWN_SEALED, SHOWN_SEALED,
    )  # fmt: skip
