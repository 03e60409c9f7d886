"""Each service's domain layer is pure: it imports no infrastructure."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ALLOWED_PREFIXES = ("services.{service}.domain", "shared.reference", "shared.events")
FORBIDDEN = (
    "sqlalchemy",
    "fastapi",
    "faststream",
    "aiokafka",
    "httpx",
    "structlog",
    "shared.kafka",
    "shared.persistence",
    "shared.runtime",
)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("service", ["hr", "finance", "workflow"])
def test_the_domain_layer_imports_no_infrastructure(service: str) -> None:
    files = list((ROOT / "services" / service / "domain").rglob("*.py"))
    assert files, f"services/{service}/domain has no modules"
    for path in files:
        for name in _imports(path):
            assert not name.startswith(FORBIDDEN), f"{path.relative_to(ROOT)} imports {name}"
            if name.startswith("services."):
                allowed = tuple(p.format(service=service) for p in ALLOWED_PREFIXES)
                assert name.startswith(allowed), f"{path.relative_to(ROOT)} imports {name}"
