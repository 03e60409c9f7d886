"""The board report's tables as one Excel workbook (openpyxl): a sheet a table, named as
the table and its CSV are, the API's column names in the first row, figures as numbers."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def tables_workbook(tables: Mapping[str, Mapping[str, Any]], title: str) -> bytes:
    """Every table as its own sheet, in the report's order; the workbook's bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]  # a fresh book has one
    workbook.properties.title = title
    for name, table in tables.items():
        sheet = workbook.create_sheet(name[:31])  # Excel's limit on a sheet's name
        sheet.append(list(table["headers"]))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table["rows"]:
            sheet.append(list(row))
        sheet.freeze_panes = "A2"  # the column names stay in view as the rows scroll
        for column, header in zip(sheet.columns, table["headers"], strict=False):
            width = max([len(str(header))] + [len(str(cell.value)) for cell in column])
            sheet.column_dimensions[column[0].column_letter].width = min(width + 2, 40)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
