"""What people type onto the permanent log: no one's personal data, nothing hidden."""

from __future__ import annotations

import json
import re

import pytest
from pydantic import BaseModel, ValidationError

from services.hr.entrypoints.exercise_schemas import QuestionIn
from services.hr.entrypoints.schemas import ProposalIn, ReasonIn
from shared.free_text import honest_text


@pytest.mark.parametrize(
    "reason",
    [
        "Moves with the Finance wave; see Cabinet decision CAB-2027-014 of 12/04/2027.",
        "Budget of £41,250 held on cost centre CS-0142 until the post is filled.",
        "Post 34001 reports to the Head of Central Finance from 1 April 2027.",
        "Two lines\nwith a tab\tare fine.",
        "Costs borne by the department until April.",
    ],
)
def test_ordinary_reasons_pass_unchanged(reason: str) -> None:
    assert honest_text(reason) == reason


@pytest.mark.parametrize(
    ("reason", "what"),
    [
        ("Agreed with jane.smith@council.example.gov.uk", "an email address"),
        ("Staff member QQ 12 34 56 C asked to stay", "a National Insurance number"),
        ("Call her on 07700 900123 first", "a phone number"),
        ("Ring +44 20 7946 0958", "a phone number"),
        ("DOB: 03/04/1980, so protected", "a date of birth"),
        ("She was born on 3 March 1961", "a date of birth"),
    ],
)
def test_text_that_carries_personal_data_is_refused_with_what_it_looks_like(
    reason: str, what: str
) -> None:
    with pytest.raises(ValueError, match=f"looks like it contains {what}: say which post"):
        honest_text(reason)


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("approved\u202e by nobody", "text-direction control U+202E"),
        ("hidden\u2066 isolate", "text-direction control U+2066"),
        ("nul\x00byte", "control character U+0000"),
        ("escape\x1b[31m", "control character U+001B"),
    ],
)
def test_hidden_and_control_characters_are_refused(reason: str, words: str) -> None:
    with pytest.raises(ValueError, match=re.escape(words)):
        honest_text(reason)


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (ReasonIn, {"reason": "Email me at a.b@c.org"}),
        (ProposalIn, {"effective_date": "2027-04-01", "reason": "DOB 1/2/1970"}),
        (QuestionIn, {"asked_by": "UNISON rep", "question": "Is 07700 900123 right?"}),
    ],
)
def test_hr_requests_refuse_such_text_before_anything_is_written(
    model: type[BaseModel], fields: dict[str, str]
) -> None:
    with pytest.raises(ValidationError, match="personal data must not go onto"):
        model.model_validate_json(json.dumps(fields))
