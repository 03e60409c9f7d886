"""The ledger journal as CSV: one row per line, journal by journal, and a closing TOTAL row
whose debits and credits are equal (a ledger import refuses a file whose are not)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import asdict
from typing import Final

from services.finance.domain.journal import JournalLine
from shared.safe_csv import write_rows

COLUMNS: Final = (
    "journal_id", "journal_date", "kind", "line", "account", "debit", "credit", "reference",
    "description",
)  # fmt: skip


def journal_csv(lines: Sequence[JournalLine]) -> str:
    """A header, the lines, and the totals; an empty period gives a header and zero totals."""
    out = io.StringIO()
    rows = [{**asdict(line), "journal_date": line.journal_date.isoformat()} for line in lines]
    total = {"journal_id": "TOTAL", "debit": sum(line.debit for line in lines),
             "credit": sum(line.credit for line in lines)}  # fmt: skip
    write_rows(out, COLUMNS, [*rows, total])
    return out.getvalue()
