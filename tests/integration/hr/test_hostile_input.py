"""Whatever a client sends, HR answers 4xx with a reason and writes nothing: never a 5xx.

The classes a hostile review found: paging past what the database can count, CSV that
breaks the parser, text that cannot be encoded echoed back in a 422, oversized bodies."""

from __future__ import annotations

import pytest

from tests.integration.hr.conftest import RunningHr

pytestmark = pytest.mark.kafka
CSV = {"Content-Type": "text/csv"}


async def test_paging_past_what_the_database_can_count_is_refused(
    running_hr: RunningHr,
) -> None:
    hr = running_hr.client
    for params in ({"offset": str(10**30)}, {"limit": str(2**64)}, {"offset": "-1"}):
        answer = await hr.get("/posts", params=params)
        assert answer.status_code == 422, (params, answer.text)


@pytest.mark.parametrize(
    "body",
    [
        b'post_number,title\n"unclosed,quote\n',
        b"post_number,title\n" + b"x" * 200_000 + b",t\n",  # past the csv module's field limit
        b"post_number\x00,title\n1\x00,t\n",
        b"\xff\xfe\x00p\x00o\x00s\x00t",  # not UTF-8
        b"a,b,c\n1,2,3,4,5,6\n",
        b"",
    ],
    ids=["unclosed-quote", "huge-field", "nul", "utf16", "ragged", "empty"],
)
async def test_malformed_csv_is_refused_with_a_reason_and_nothing_is_written(
    running_hr: RunningHr, body: bytes
) -> None:
    hr = running_hr.client
    answer = await hr.post("/posts/csv", content=body, headers=CSV)
    assert answer.status_code in (200, 422), answer.text
    if answer.status_code == 200:  # a file with no good line registers nothing
        assert answer.json()["totals"]["done"] == 0, answer.text
    bulk = {"action": "approve", "csv": body.decode("utf-8", "replace")}
    refused = await hr.post("/bulk/transfers", json=bulk, headers={"Idempotency-Key": "k"})
    assert refused.status_code in (200, 422), refused.text
    assert (await hr.get("/posts")).json() == []


async def test_text_that_cannot_be_encoded_is_refused_not_echoed_into_a_500(
    running_hr: RunningHr,
) -> None:
    hr = running_hr.client
    body = '{"effective_date": "2027-04-01", "reason": "\\ud800 lone surrogate"}'
    answer = await hr.post(
        "/posts/12345/transfers", content=body, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code in (404, 422), answer.text
    bad_date = '{"effective_date": "\\ud800", "reason": "ok"}'
    answer = await hr.post(
        "/posts/12345/transfers", content=bad_date, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 422, answer.text


async def test_an_oversized_body_is_refused_before_it_is_read_whole(
    running_hr: RunningHr,
) -> None:
    hr = running_hr.client
    huge = b"post_number,title\n" + b"1,t\n" * 10_000_000  # 40 MB
    answer = await hr.post("/posts/csv", content=huge, headers=CSV)
    assert answer.status_code == 413, answer.text
    assert "larger than" in answer.json()["detail"]


async def test_a_bulk_csv_names_the_first_line_that_is_not_a_post_number(
    running_hr: RunningHr,
) -> None:
    body = {"action": "approve", "csv": "post_number\n12345\nabc\n"}
    answer = await running_hr.client.post(
        "/bulk/transfers", json=body, headers={"Idempotency-Key": "bad-line"}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"] == "line 3: 'abc' is not a post number (3 to 10 digits)"
