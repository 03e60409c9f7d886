"""One set of bounds for the API and the events: what HR's API accepts, the events carry and
every consumer reads; what a consumer would refuse, the API refuses first."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from services.console.application.bulk_csv import read_post_numbers
from services.hr.entrypoints.posts_csv import read_posts
from services.hr.entrypoints.schemas import PostIn, ProposalIn
from shared.events import hr, redesign
from shared.events.catalogue import UnreadableEvent, read_document
from shared.redesign.api import DeliverIn, ProcessIn
from tests.support.envelopes import StreamWriter
from tests.support.events import proposed

POST = {"post_number": "10423", "title": "Finance Officer", "grade": "7", "fte": 1.0,
        "function": "FIN", "department": "CS", "cost_centre": "CS-FIN-01",
        "annual_cost": 41_000}  # fmt: skip


@pytest.mark.parametrize("effective", ["0001-01-01", "1900-04-01", "9999-12-31"])
def test_a_date_outside_the_programme_window_is_refused_by_the_api(effective: str) -> None:
    with pytest.raises(ValidationError, match=r"greater than or equal to 2000-01-01|less than"):
        ProposalIn.model_validate_json(
            f'{{"effective_date": "{effective}", "reason": "One Council Support Functions"}}'
        )


@pytest.mark.parametrize(
    ("field", "value"), [("fte", True), ("annual_cost", True), ("annual_cost", 41000.5),
                         ("annual_cost", "41000"), ("fte", "1")]
)  # fmt: skip
def test_numbers_are_strict_booleans_and_strings_are_not_numbers(field: str, value: Any) -> None:
    with pytest.raises(ValidationError):
        PostIn.model_validate({**POST, field: value})


def test_a_whole_number_is_a_good_fte() -> None:
    assert PostIn.model_validate({**POST, "fte": 1}).fte == 1.0


def test_an_event_dated_outside_the_window_is_unreadable_for_every_consumer() -> None:
    good = proposed(effective=date(2027, 4, 1))
    document = StreamWriter("hr").document(good, good.post_number)
    assert isinstance(read_document(document).payload, hr.TransferProposed)
    document["payload"] = {**document["payload"], "effective_date": "0001-01-01"}
    with pytest.raises(UnreadableEvent) as refused:
        read_document(document)
    assert refused.value.code == "invalid_payload"


# Found by the contract property test: a regex digit class also takes other scripts' digits.
@pytest.mark.parametrize("number", ["7੨໔", "١٠٤٢٣", "１０４２３"])
def test_a_post_number_in_another_scripts_digits_is_refused_by_the_api_and_the_csvs(
    number: str,
) -> None:
    with pytest.raises(ValidationError, match="should match pattern"):
        PostIn.model_validate({**POST, "post_number": number})
    header = ",".join(POST)
    line = ",".join(str(value) for value in {**POST, "post_number": number}.values())
    _, bad = read_posts(f"{header}\n{line}\n")
    assert [line.post_number for line in bad] == [number]
    assert read_post_numbers(f"post_number\n{number}\n")[0] == []


# Found by the redesign contract property test: `Infinity` is accepted from a JSON body,
# written onto the log as `Infinity` (not JSON), and no HTTP answer showing it can be written.
@pytest.mark.parametrize(
    ("model", "body"),
    [(DeliverIn, '{"realised_hours_saved_per_year": Infinity, "realised_money_saved_per_year": 1}'),
     (ProcessIn, '{"process_id": "PRC-1", "name": "Payroll queries", "volume_per_year": 1,'
                 ' "minutes_per_case": Infinity, "average_grade_cost": 30000}')],
)  # fmt: skip
def test_an_infinite_number_is_refused_by_the_redesign_api(
    model: type[BaseModel], body: str
) -> None:
    with pytest.raises(ValidationError, match="finite number"):
        model.model_validate_json(body)


def test_a_redesign_event_cannot_carry_an_infinite_number() -> None:
    with pytest.raises(ValidationError, match="finite number"):
        redesign.CandidateDelivered(
            candidate_id="CAND-1", realised_hours_saved_per_year=math.inf,
            realised_money_saved_per_year=1,
        )  # fmt: skip
