"""The budget saga against the real Kafka: HR's events in, Finance's budget events out."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date

import pytest

from services.finance.domain.journal import journals
from services.finance.domain.journal_file import COLUMNS, journal_csv
from shared.export_periods import period_of
from tests.integration.finance.conftest import RunningFinance
from tests.integration.finance.reading import events_of, types
from tests.support.events import approved, cancelled, proposed, took_effect
from tests.support.topics import Messages, read_topic

pytestmark = [pytest.mark.kafka, pytest.mark.asyncio(loop_scope="session")]


def new_post() -> str:
    return str(uuid.uuid4().int % 10**8 + 10**8)


async def load(finance: RunningFinance, code: str, budget: int, frozen: bool = False) -> None:
    owner = "CENTRAL" if code.startswith("CEN-") else code.split("-")[0]
    body = {
        "name": code,
        "owner": owner,
        "function": "FIN",
        "frozen": frozen,
        "annual_budget": budget,
    }
    answer = await finance.client.put(f"/cost-centres/{code}", json=body)
    assert answer.status_code == 200, answer.text


async def budget_events(finance: RunningFinance, post: str, count: int) -> Messages:
    return await events_of(finance.bootstrap, finance.topic("finance.budgets"), post, count)


async def test_a_full_transfer_from_proposal_to_effective_moves_the_budget(
    finance: RunningFinance,
) -> None:
    await load(finance, "CS-FIN-01", 10_000_000)
    post = new_post()
    [proposal, *_] = await finance.send(
        proposed(post, "T-full", cost=36_500),
        approved(post, "T-full"),
        took_effect(post, "T-full", cost=36_500),
    )
    on_topic = await budget_events(finance, post, 3)
    assert types(on_topic) == ["BudgetCheckPassed", "BudgetReserved", "BudgetMoved"]
    moved = on_topic[2]["value"]
    assert moved["payload"]["from_cost_centre"] == "CS-FIN-01"
    assert moved["payload"]["to_cost_centre"] == "CEN-FIN-01"
    assert moved["payload"]["full_year_amount"] == 36_500
    assert moved["payload"]["amount_this_year"] == 18_200  # 182 of 365 days
    assert moved["payload"]["financial_year"] == "2026/27"
    assert [m["value"]["sequence"] for m in on_topic] == [1, 2, 3]
    assert on_topic[1]["value"]["prev_hash"] == on_topic[0]["value"]["hash"]
    assert on_topic[0]["value"]["causation_id"] == proposal["event_id"]
    answer = await finance.client.get("/reservations", params={"post_number": post})
    assert answer.json()[0]["money"] == "moved"


async def test_a_cancellation_after_reservation_releases_it(finance: RunningFinance) -> None:
    await load(finance, "CS-FIN-01", 10_000_000)
    post = new_post()
    await finance.send(
        proposed(post, "T-c", cost=41_000), approved(post, "T-c"), cancelled(post, "T-c")
    )
    on_topic = await budget_events(finance, post, 3)
    assert types(on_topic) == ["BudgetCheckPassed", "BudgetReserved", "BudgetReleased"]
    assert on_topic[2]["value"]["payload"]["amount"] == 41_000
    assert on_topic[2]["value"]["payload"]["reason"] == "transfer cancelled: restructure paused"


async def test_a_failed_check_says_why_and_approval_then_reserves_nothing(
    finance: RunningFinance,
) -> None:
    await load(finance, "PLACE-FIN-01", 10_000_000, frozen=True)
    await load(finance, "ASCH-FIN-01", 30_000)
    frozen, short, unknown = new_post(), new_post(), new_post()
    await finance.send(
        proposed(frozen, "T-f1", department="PLACE"),
        approved(frozen, "T-f1"),
        proposed(frozen, "T-f2", department="PLACE"),  # marks approval as applied
        proposed(short, "T-s", department="ASCH"),
        proposed(unknown, "T-u", cost_centre="NOWHERE-01"),
    )
    frozen_events = await budget_events(finance, frozen, 2)
    assert types(frozen_events) == ["BudgetCheckFailed", "BudgetCheckFailed"]
    assert frozen_events[0]["value"]["payload"]["reason"] == "cost centre PLACE-FIN-01 is frozen"
    [short_check] = await budget_events(finance, short, 1)
    assert short_check["value"]["payload"]["reason_code"] == "cost_above_line"
    assert "£11,000 more than budget line ASCH-FIN-01" in short_check["value"]["payload"]["reason"]
    [unknown_check] = await budget_events(finance, unknown, 1)
    assert unknown_check["value"]["payload"]["reason_code"] == "no_budget_line"


async def test_the_same_event_delivered_twice_has_one_effect(finance: RunningFinance) -> None:
    await load(finance, "CS-FIN-01", 10_000_000)
    post = new_post()
    await finance.send(proposed(post, "T-r", cost=20_000), approved(post, "T-r"), twice=True)
    await finance.send(cancelled(post, "T-r"))  # comes after both copies of each
    on_topic = await budget_events(finance, post, 3)
    assert types(on_topic) == ["BudgetCheckPassed", "BudgetReserved", "BudgetReleased"]


async def test_budgets_balance_after_transfers_cancellations_and_redeliveries(
    finance: RunningFinance,
) -> None:
    await load(finance, "CS-FIN-01", 10_000_000)
    posts = [new_post() for _ in range(4)]
    marker = new_post()
    before = await _total(finance)
    await finance.send(
        proposed(posts[0], "T-b0", cost=30_000),
        approved(posts[0], "T-b0"),
        took_effect(posts[0], "T-b0", date(2027, 1, 1), cost=30_000),
        proposed(posts[1], "T-b1", cost=25_000),
        approved(posts[1], "T-b1"),
        proposed(posts[2], "T-b2", cost=40_000),
        approved(posts[2], "T-b2"),
        cancelled(posts[2], "T-b2"),
        proposed(posts[3], "T-b3", cost=35_000),
        twice=True,
    )
    await finance.send(proposed(marker, "T-bm", cost=1_000))
    for post, count in ((posts[0], 3), (posts[1], 2), (posts[2], 3), (posts[3], 1), (marker, 1)):
        assert len(await budget_events(finance, post, count)) == count
    assert await _total(finance) == before
    lines = {(line["cost_centre"], line["function"]): line for line in await _lines(finance)}
    assert lines[("CS-FIN-01", "FIN")]["reserved"] >= 25_000


async def _lines(finance: RunningFinance) -> Messages:
    answer = await finance.client.get("/budget-lines")
    assert answer.status_code == 200
    return answer.json()  # type: ignore[no-any-return]


async def _total(finance: RunningFinance) -> int:
    return sum(line["available"] + line["reserved"] for line in await _lines(finance))


async def test_the_ledger_export_balances_and_is_rebuilt_the_same_from_the_log(
    finance: RunningFinance,
) -> None:
    await load(finance, "CS-FIN-01", 10_000_000)
    post, gone = new_post(), new_post()
    await finance.send(
        proposed(post, "T-l1", cost=36_500),
        approved(post, "T-l1"),
        took_effect(post, "T-l1", date(2027, 1, 1), cost=36_500),
        proposed(gone, "T-l2", cost=20_000),
        approved(gone, "T-l2"),
        cancelled(gone, "T-l2"),
    )
    await budget_events(finance, post, 3)
    await budget_events(finance, gone, 3)
    whole = {"from": "2026-01-01", "to": "2027-12-31"}
    answer = await finance.client.get("/exports/ledger", params=whole)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"] == (
        'attachment; filename="ledger_2026-01-01_2027-12-31.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    moved = [r for r in rows if post in r["reference"]]
    assert [(r["kind"], r["account"], r["debit"], r["credit"]) for r in moved] == [
        ("budget moved", "CEN-FIN-01", "9000", "0"),  # 1 January to 31 March: 90 of 365 days
        ("budget moved", "CS-FIN-01", "0", "9000"),
    ]
    assert moved[0]["journal_date"] == "2027-01-01"
    released = [(r["account"], r["debit"], r["credit"]) for r in rows if gone in r["reference"]]
    assert released == [("CS-FIN-01", "20000", "0"), ("COMMITMENTS", "0", "20000")]
    total = rows[-1]
    assert total["journal_id"] == "TOTAL" and total["debit"] == total["credit"] != "0"

    # An auditor's rebuild from the log (the topic, not Finance's database) gives the same file.
    log = await read_topic(finance.bootstrap, finance.topic("finance.budgets"), at_least=6)
    rebuilt = journal_csv(journals([m["value"] for m in log], period_of(None, *DAYS)))
    assert rebuilt == answer.text

    empty = await finance.client.get("/exports/ledger", params={"period": "2020-01"})
    assert empty.status_code == 200
    assert empty.text.splitlines() == [",".join(COLUMNS), "TOTAL,,,,,0,0,,"]
    refused = await finance.client.get("/exports/ledger", params={"period": "2027-13"})
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "'2027-13' is not a pay period: write it as YYYY-MM, e.g. 2027-04"
    )


DAYS = (date(2026, 1, 1), date(2027, 12, 31))
