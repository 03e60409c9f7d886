"""Events of posts' journeys, as HR and Finance would publish them, sealed for the wire.

Used by unit tests (read back through the catalogue) and integration tests (written to
topics). Each producer keeps per-aggregate sequences and hash chains via `StreamWriter`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from shared.events import finance, hr
from shared.events.base import EventPayload
from shared.events.catalogue import ReadEvent, read_document
from tests.support.envelopes import StreamWriter

Document = dict[str, Any]


@dataclass
class Council:
    """The two producers Workflow listens to, writing sealed documents."""

    hr: StreamWriter = field(default_factory=lambda: StreamWriter("hr"))
    finance: StreamWriter = field(default_factory=lambda: StreamWriter("finance"))
    workflow: StreamWriter = field(default_factory=lambda: StreamWriter("workflow"))

    def event(
        self, payload: EventPayload, on: date | None = None, role: str = "hr_staff"
    ) -> Document:
        """The next sealed document for this payload, optionally as if it happened `on`."""
        writer = self.finance if payload.TOPIC.startswith("finance") else self.hr
        key = getattr(payload, "post_number", None) or getattr(payload, "team", "")
        extra: dict[str, Any] = {"actor": {"id": f"{role}-1", "role": role, "department": None}}
        if on is not None:
            stamp = datetime.combine(on, time(9, 0)).isoformat() + "+00:00"
            extra.update(occurred_at=stamp, recorded_at=stamp)
        department = getattr(payload, "department", None) or getattr(
            payload, "from_department", None
        )
        return writer.document(payload, str(key), department, actor_role=role, **extra)

    def redesign(self, payload: EventPayload, producer: str = "hr") -> Document:
        writer = {"hr": self.hr, "finance": self.finance, "workflow": self.workflow}[producer]
        key = getattr(payload, "candidate_id", None) or getattr(payload, "process_id", "")
        return writer.document(payload, str(key), None, actor_role="hr_staff")


def registered(
    post: str, function: str = "FIN", department: str = "CS", cost: int = 41_000, fte: float = 1.0
) -> hr.PostRegistered:
    return hr.PostRegistered(
        post_number=post, title="Finance Officer", grade="Grade 7", fte=fte, function=function,
        department=department, cost_centre=f"{department}-{function}-01", annual_cost=cost,
        employee_ref="E0000001",
    )  # fmt: skip


def proposed(
    post: str,
    transfer: str,
    effective: date,
    function: str = "FIN",
    department: str = "CS",
    cost: int = 41_000,
    fte: float = 1.0,
) -> hr.TransferProposed:
    return hr.TransferProposed(
        post_number=post, transfer_id=transfer, function=function, from_department=department,
        target_team=function, effective_date=effective, reason="One Council",
        cost_centre=f"{department}-{function}-01", annual_cost=cost, fte=fte,
    )  # fmt: skip


def whole_move(
    council: Council,
    post: str,
    transfer: str,
    start: date,
    function: str = "FIN",
    department: str = "CS",
    cost: int = 41_000,
    fte: float = 1.0,
) -> list[Document]:
    """Every HR and Finance event of a post moving, from registration to budget moved."""
    ids = {"post_number": post, "transfer_id": transfer}
    effective = start + timedelta(days=60)
    centre = f"{department}-{function}-01"
    docs = [
        council.event(registered(post, function, department, cost, fte), start),
        council.event(proposed(post, transfer, effective, function, department, cost, fte), start),
        council.event(hr.ConsultationOpened(**ids, opened_on=start,
                                            closes_by=start + timedelta(days=30)), start),
        council.event(finance.BudgetCheckPassed(**ids, cost_centre=centre, annual_cost=cost,
                                                headroom=5_000), start, "system"),
        council.event(hr.ConsultationClosed(**ids, closed_on=start + timedelta(days=28),
                                            outcome="agreed"), start + timedelta(days=28)),
        council.event(hr.TransferApproved(**ids, target_team=function, effective_date=effective),
                      start + timedelta(days=30)),
        council.event(hr.TransferEffective(**ids, from_department=department, target_team=function,
                                           effective_date=effective, annual_cost=cost, fte=fte,
                                           cost_centre=centre), effective),
        council.event(finance.BudgetMoved(**ids, from_cost_centre=centre,
                                          to_cost_centre=f"CEN-{function}-01",
                                          effective_date=effective, financial_year="2026/27",
                                          full_year_amount=cost, amount_this_year=cost // 2),
                      effective, "system"),
    ]  # fmt: skip
    return docs


def read(documents: list[Document]) -> list[ReadEvent]:
    """Documents read back the way a consumer reads them."""
    return [read_document(document) for document in documents]
