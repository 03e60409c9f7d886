"""The one layering rule, for every service: which imports each layer may have.

Names are checked on dotted boundaries (`sqlalchemy.Connection` is under `sqlalchemy`);
`{service}` is the service being checked, and no layer may import another service. The
standard library is always allowed. Anything not in a layer's row is refused, so a new
dependency is a decision made here, in one place, with its reason.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Pure helpers of the standard library's kind (no I/O, no state): any layer may use them.
# `shared.faults` is the one exception: an inert fault point unless a test arms it.
# `shared.programme` is the programme plan's arithmetic, pure, shared by Workflow and the audit.
# `shared.approval_policy` is who may approve what, pure, enforced by HR and held by the audit.
PURE = (
    "shared.chunks",
    "shared.records",
    "shared.faults",
    "shared.safe_csv",
    "shared.free_text",
    "shared.org_chart",
    "shared.programme",
    "shared.approval_policy",
    "shared.export_periods",
)

# What code that reads and writes a database may use (projections and adapters).
STORAGE = ("shared.events", "shared.persistence", "sqlalchemy", "orjson", "structlog", *PURE)

# What a layer may import, for every service that has the layer.
MAY_IMPORT: dict[str, tuple[str, ...]] = {
    # Pure rules: the service's own domain, event schemas and reference data.
    "domain": ("services.{service}.domain", "shared.events", "shared.reference", *PURE),
    # Handlers: decide with the domain and return events (`NewEvent`) for the outbox; they
    # reach storage only through ports that adapters implement.
    "application": (
        "services.{service}.domain",
        "services.{service}.application",
        "shared.events",
        "shared.reference",
        "shared.demo",
        "shared.auth",
        "shared.persistence.outbox.NewEvent",
        "shared.persistence.outbox.EventContext",
        # The redesign handlers HR and Finance share for their own processes (no I/O of
        # their own: they write through the unit of work's ports, like any handler).
        "shared.redesign.publishing",
        "shared.redesign.commands",
        "structlog",
        *PURE,
    ),
    # Read models in plain SQL (Workflow's tracker, savings and pipeline): named as what
    # they are rather than passed off as handlers behind adapters.
    "projections": (
        "services.{service}.domain",
        "services.{service}.projections",
        "services.{service}.adapters",
        *STORAGE,
    ),
    # SQL repositories, the outbox and inbox tables, clients of other systems.
    "adapters": (
        "services.{service}.domain",
        "services.{service}.application",  # the ports they implement
        "services.{service}.adapters",
        *STORAGE,
        "httpx",
        "shared.cli_http",  # the one HTTP client of another service's API, and its failures
        "aiokafka",
        "shared.kafka.security",  # how every Kafka client authenticates (one function)
        "jwt",
        # Schema revisions (adapters/migrations/): Alembic's operations, run by its
        # environment in shared.persistence.
        "alembic",
    ),
    # Thin: validate, build a command, hand it on; and the wiring of all of the above.
    "entrypoints": (
        "services.{service}",
        "shared",
        "sqlalchemy",
        "fastapi",
        "faststream",
        "starlette",
        "jinja2",
        "pydantic",
        "typer",
        "rich",
        "httpx",
        "aiokafka",
        "orjson",
        "structlog",
    ),
}

# Where one service's layer may import more than the row above says, and why.
ALSO_MAY_IMPORT: dict[tuple[str, str], tuple[str, ...]] = {
    # Workflow's redesign commands run in the caller's transaction and write through the
    # pipeline projection (publish, then apply at once).
    ("workflow", "application"): (
        "services.workflow.projections",
        "sqlalchemy.Connection",
        "sqlalchemy.Engine",
    ),
    # The console writes the board report's workbook with openpyxl (a file format, like PDF).
    ("console", "adapters"): ("openpyxl",),
    # HR keeps each employee's data key and seals personal fields with it (AES-GCM); the
    # development master key is public, refused in production like the other secrets.
    ("hr", "adapters"): ("cryptography", "shared.production.DEVELOPMENT_PERSONAL_DATA_KEY"),
}

# Every service and the layers it has; each must exist, so this test cannot pass vacuously.
LAYERS: dict[str, tuple[str, ...]] = {
    "hr": ("domain", "application", "adapters", "entrypoints"),
    "finance": ("domain", "application", "adapters", "entrypoints"),
    "workflow": ("domain", "application", "projections", "adapters", "entrypoints"),
    "audit": ("domain", "application", "adapters", "entrypoints"),
    "console": ("application", "adapters", "entrypoints"),
}


def imported_names(path: Path) -> list[str]:
    """Every name the module imports, fully dotted (`from a import b` gives `a.b`)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module != "__future__":
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def refused_imports(service: str, layer: str, root: Path = ROOT) -> list[str]:
    """`path: name` for every import the layer may not have."""
    allowed = tuple(p.format(service=service) for p in MAY_IMPORT[layer])
    allowed += ALSO_MAY_IMPORT.get((service, layer), ())
    refused: list[str] = []
    for path in sorted((root / "services" / service / layer).rglob("*.py")):
        for name in imported_names(path):
            if name.split(".")[0] in sys.stdlib_module_names or _under(name, allowed):
                continue
            refused.append(f"{path.relative_to(root)}: {name}")
    return refused


@pytest.mark.parametrize(
    ("service", "layer"), [(service, layer) for service, ls in LAYERS.items() for layer in ls]
)
def test_each_layer_imports_only_what_its_row_allows(service: str, layer: str) -> None:
    assert list((ROOT / "services" / service / layer).glob("*.py")), f"no {service}/{layer}"
    assert refused_imports(service, layer) == []


def test_every_layered_directory_of_every_service_is_in_the_table() -> None:
    found = {
        (path.parent.parent.name, path.parent.name)
        for path in (ROOT / "services").glob("*/*/__init__.py")
        if path.parent.name in MAY_IMPORT
    }
    assert found == {(service, layer) for service, ls in LAYERS.items() for layer in ls}


def test_a_layer_importing_what_its_row_does_not_allow_is_refused(tmp_path: Path) -> None:
    domain = tmp_path / "services" / "hr" / "domain"
    domain.mkdir(parents=True)
    (domain / "post.py").write_text(
        "import dataclasses\n"
        "from shared.events import hr\n"
        "from sqlalchemy import select\n"
        "from services.hr.adapters import tables\n"
        "from services.finance.domain import budget\n"
    )
    assert refused_imports("hr", "domain", tmp_path) == [
        "services/hr/domain/post.py: sqlalchemy.select",
        "services/hr/domain/post.py: services.hr.adapters.tables",
        "services/hr/domain/post.py: services.finance.domain.budget",
    ]
