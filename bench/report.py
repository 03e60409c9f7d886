"""Print benchmark results as a table and keep them as JSON beside the code."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

RESULTS = Path(__file__).parent / "results"


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    return {
        "cpus": os.cpu_count(),
        "cpu_model": _first("/proc/cpuinfo", "model name"),
        "memory": _first("/proc/meminfo", "MemTotal"),
        "load_average_at_end": os.getloadavg(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "at": datetime.now(UTC).isoformat(),
    }


def report(name: str, rows: list[tuple[str, str]], figures: dict[str, Any]) -> None:
    """Show the rows and save `figures` to bench/results/<name>.json."""
    table = Table(title=name)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for label, value in rows:
        table.add_row(label, value)
    Console().print(table)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **figures}, indent=2) + "\n")
    Console().print(f"saved {path}")


def _first(path: str, field: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None
