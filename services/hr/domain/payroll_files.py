"""The payroll export's two files: CSV (with a header row) and a fixed-width layout that a
payroll import (iTrent, ResourceLink, Oracle, SAP) maps column by column. The layout is
documented in docs/exports.md; change both together."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Final

from services.hr.domain.payroll import EstablishmentChange
from shared.safe_csv import write_rows

COLUMNS: Final = (
    "post_number", "title", "change", "old_cost_centre", "new_cost_centre",
    "old_reports_to", "new_reports_to", "effective_date", "fte",
)  # fmt: skip
# (field, width): text left-aligned and space-padded, FTE as 0000.00, dates as YYYYMMDD.
LAYOUT: Final = (
    ("record_type", 2), ("post_number", 10), ("change", 16), ("old_cost_centre", 12),
    ("new_cost_centre", 12), ("old_reports_to", 10), ("new_reports_to", 10),
    ("effective_date", 8), ("fte", 7), ("title", 40),
)  # fmt: skip
RECORD_WIDTH: Final = sum(width for _, width in LAYOUT)


def payroll_csv(rows: Sequence[EstablishmentChange]) -> str:
    """A header and one line per change; an empty period gives the header alone."""
    out = io.StringIO()
    write_rows(out, COLUMNS, (_cells(row) for row in rows))
    return out.getvalue()


def payroll_fixed(rows: Sequence[EstablishmentChange], period_name: str) -> str:
    """A header record (HD), one detail record (DT) per change, a trailer (TR) with the count."""
    lines = ["HD" + _pad(f"ONECOUNCIL ESTABLISHMENT {period_name}", RECORD_WIDTH - 2)]
    for row in rows:
        cells = {**_cells(row), "record_type": "DT"}
        cells["effective_date"] = row.effective_date.strftime("%Y%m%d")
        cells["fte"] = f"{row.fte:07.2f}"
        lines.append("".join(_pad(str(cells[name]), width) for name, width in LAYOUT))
    lines.append("TR" + _pad(f"{len(rows):08d}", RECORD_WIDTH - 2))
    return "\r\n".join(lines) + "\r\n"


def _cells(row: EstablishmentChange) -> dict[str, str]:
    return {
        "post_number": row.post_number,
        "title": row.title,
        "change": row.change,
        "old_cost_centre": row.old_cost_centre,
        "new_cost_centre": row.new_cost_centre,
        "old_reports_to": row.old_reports_to,
        "new_reports_to": row.new_reports_to,
        "effective_date": row.effective_date.isoformat(),
        "fte": f"{row.fte:.2f}",
    }


def _pad(text: str, width: int) -> str:
    # Payroll imports read bytes by position: plain ASCII, cut to the width, never longer.
    plain = text.encode("ascii", "replace").decode().replace("\r", " ").replace("\n", " ")
    return plain[:width].ljust(width)
