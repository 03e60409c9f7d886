"""A new schema revision by Alembic's autogenerate: the models compared with a scratch
database brought to the current head, written as the next numbered file of the service's
`versions/` folder, and tidied with ruff (when installed) so lint passes as written."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from alembic import command

from shared.persistence.engine import make_engine
from shared.persistence.migrations import ServiceSchema


def next_revision_id(schema: ServiceSchema) -> str:
    """One more than the highest numbered revision: 0002 after 0001."""
    numbers = [
        int(script.revision)
        for script in schema.revisions().walk_revisions()
        if re.fullmatch(r"\d+", script.revision)
    ]
    return f"{max(numbers, default=0) + 1:04d}"


def write_revision(schema: ServiceSchema, message: str, ruff: str | None = None) -> Path | None:
    """Write the revision that brings the head to the models; None when nothing differs."""
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{scratch}/{schema.service}.db")
        try:
            schema.upgrade(engine)
            if not schema.differences(engine):
                return None
            with engine.begin() as connection:
                written = command.revision(
                    schema.config(connection),
                    message=message,
                    autogenerate=True,
                    rev_id=next_revision_id(schema),
                )
        finally:
            engine.dispose()
    assert written is not None and not isinstance(written, list)
    path = Path(written.path)
    _tidy(path, ruff or shutil.which("ruff"))
    return path


def _tidy(path: Path, ruff: str | None) -> None:
    # Autogenerate's own layout (quotes, long lines, its banner comments) is not the house's.
    if ruff is None:
        return
    subprocess.run([ruff, "format", "--quiet", str(path)], check=False)
    subprocess.run([ruff, "check", "--fix", "--quiet", str(path)], check=False)
