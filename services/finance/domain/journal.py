"""The ledger journals Finance booked, read from its own record of events: each budget
moved, moved back, released or reduced is one journal of lines that balance (debits equal
credits). Pure: the same events give the same journal, from Finance's outbox or the log.

Accounts are cost centres, and two of the council's control accounts:
- a budget moved: Dr the cost centre that takes it, Cr the one that gives it (this year's
  pro-rated amount, which is what moves in the ledger); moved back: the other way round;
- a reservation released: Dr the cost centre (its budget is free again), Cr COMMITMENTS;
- a central budget reduced by a saving: Dr CORPORATE-SAVINGS, Cr the central cost centre.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from shared.events import finance
from shared.export_periods import Period

COMMITMENTS: Final = "COMMITMENTS"
SAVINGS: Final = "CORPORATE-SAVINGS"


@dataclass(frozen=True, slots=True, kw_only=True)
class JournalLine:
    """One line of a journal: an account debited or credited, whole pounds."""

    journal_id: str  # the event's id: one journal per event, found again in the log
    journal_date: date
    kind: str  # budget moved | budget moved back | budget released | budget reduced
    line: int
    account: str
    debit: int
    credit: int
    reference: str  # the post (and transfer), or the central team and candidate
    description: str


def journals(documents: Iterable[Mapping[str, Any]], period: Period) -> list[JournalLine]:
    """Every journal dated in the period, by date then journal id; lines in order."""
    lines = [
        line for document in documents for line in _journal(document) if line.journal_date in period
    ]
    return sorted(lines, key=lambda x: (x.journal_date, x.journal_id, x.line))


def _journal(document: Mapping[str, Any]) -> list[JournalLine]:
    kind, p = document["event_type"], document["payload"]
    if kind == finance.BudgetMoved.EVENT_TYPE:
        return _pair(document, "budget moved", p["to_cost_centre"], p["from_cost_centre"],
                     p["amount_this_year"], date.fromisoformat(p["effective_date"]))  # fmt: skip
    if kind == finance.BudgetMoveReversed.EVENT_TYPE:
        return _pair(document, "budget moved back", p["to_cost_centre"], p["from_cost_centre"],
                     p["amount_this_year"], _dated(document))  # fmt: skip
    if kind == finance.BudgetReleased.EVENT_TYPE:
        return _pair(document, "budget released", p["cost_centre"], COMMITMENTS, p["amount"],
                     _dated(document))  # fmt: skip
    if kind == finance.CentralBudgetReduced.EVENT_TYPE:
        return _pair(document, "budget reduced", SAVINGS, p["cost_centre"], p["amount"],
                     _dated(document))  # fmt: skip
    return []


def _pair(
    document: Mapping[str, Any], kind: str, debit: str, credit: str, amount: int, on: date
) -> list[JournalLine]:
    if amount <= 0:
        return []  # nothing moved this year (effective on the year's last day): no journal
    p = document["payload"]
    if "transfer_id" in p:
        reference = f"post {p['post_number']} transfer {p['transfer_id']}"
    else:
        reference = f"team {p['team']} candidate {p['candidate_id']}"

    def line(number: int, account: str, debit_: int, credit_: int) -> JournalLine:
        return JournalLine(
            journal_id=str(document["event_id"]), journal_date=on, kind=kind, line=number,
            account=account, debit=debit_, credit=credit_, reference=reference,
            description=f"{kind}, {reference}",
        )  # fmt: skip

    return [line(1, debit, amount, 0), line(2, credit, 0, amount)]


def _dated(document: Mapping[str, Any]) -> date:
    return date.fromisoformat(str(document.get("effective_date") or document["occurred_at"])[:10])


def balanced(lines: Iterable[JournalLine]) -> bool:
    """Each journal's debits equal its credits."""
    totals: dict[str, int] = {}
    for line in lines:
        totals[line.journal_id] = totals.get(line.journal_id, 0) + line.debit - line.credit
    return all(total == 0 for total in totals.values())
