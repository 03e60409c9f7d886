"""The audit's domain layer is pure: it imports no infrastructure."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[3] / "services" / "audit" / "domain"
ALLOWED = ("services.audit.domain", "shared.events")


def _allowed(module: str) -> bool:
    return module.startswith(ALLOWED) or module.split(".")[0] in sys.stdlib_module_names


def test_the_audit_domain_imports_only_itself_shared_events_and_the_standard_library() -> None:
    files = list(DOMAIN.rglob("*.py"))
    assert files
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert _allowed(node.module), f"{path.name} imports {node.module}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert _allowed(alias.name), f"{path.name} imports {alias.name}"
