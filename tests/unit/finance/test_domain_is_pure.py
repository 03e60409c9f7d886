"""Finance's domain imports nothing but the standard library and shared reference data."""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[3] / "services" / "finance" / "domain"
ALLOWED = ("services.finance.domain", "shared.reference", "__future__")
STANDARD = {"dataclasses", "datetime", "enum", "typing"}


def test_the_domain_imports_no_infrastructure() -> None:
    found: set[str] = set()
    for path in DOMAIN.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    outside = {m for m in found if not m.startswith(ALLOWED) and m.split(".")[0] not in STANDARD}
    assert outside == set()
