"""Each service's schema as Alembic revisions: what state a database is in, upgrading it, and
comparing it with the models.

There is no alembic.ini: a service's environment is its migrations folder (`env.py`,
`script.py.mako`, `versions/`) plus the metadata its tables are declared on, both handed
over here. The running service only reads the revision (`refusal`); changing the schema is
the operator's step, `onecouncil db upgrade <service>` (see docs/operations.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, inspect

# The revision that is the schema as it stood when migrations began (main at ecd457e).
BASELINE = "0001"
VERSION_TABLE = "alembic_version"


class SchemaNotCurrent(RuntimeError):
    """The database is not at the revision this code needs; the message says what to run."""


@dataclass(frozen=True, kw_only=True)
class SchemaState:
    """Where one service's database stands against its revisions."""

    service: str
    current: str | None  # the stamped revision; None when the database has none
    head: str
    has_tables: bool  # any of the service's tables, stamped or not

    @property
    def at_head(self) -> bool:
        return self.current == self.head

    def refusal(self, known: set[str]) -> str | None:
        """Why a service must not start on this database, with the command; None if it may."""
        run = f"run `onecouncil db upgrade {self.service}`"
        if self.at_head:
            return None
        if self.current is None and not self.has_tables:
            return f"the {self.service} database is empty (no schema revision): {run}"
        if self.current is None:
            return (
                f"the {self.service} database has tables but no schema revision (made before "
                f"migrations): {run}, which adopts it at revision {BASELINE} and upgrades it"
            )
        if self.current not in known:
            return (
                f"the {self.service} database is at revision {self.current}, which this "
                f"release does not know (a newer release upgraded it): run that release, or "
                f"restore a backup taken before the upgrade"
            )
        return (
            f"the {self.service} database is at revision {self.current} and this release "
            f"needs {self.head}: {run}"
        )


@dataclass(frozen=True, kw_only=True)
class ServiceSchema:
    """One service's tables and the folder of its Alembic environment."""

    service: str
    metadata: MetaData
    scripts: Path

    def config(self, connection: Connection | None = None) -> Config:
        """An Alembic configuration for this service, bound to `connection` when given."""
        config = Config()
        config.set_main_option("script_location", str(self.scripts))
        config.set_main_option("path_separator", "os")
        # Numbered files (0002_add_x.py) read in order in a listing and a review.
        config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
        config.attributes["target_metadata"] = self.metadata
        config.attributes["connection"] = connection
        return config

    def revisions(self) -> ScriptDirectory:
        return ScriptDirectory.from_config(self.config())

    def head(self) -> str:
        """The newest revision; there must be exactly one (two heads: a merge to write)."""
        head = self.revisions().get_current_head()
        if head is None:
            raise SchemaNotCurrent(f"{self.service} has no schema revisions")
        return head

    def state(self, engine: Engine) -> SchemaState:
        """Read the database's revision, without changing anything."""
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            names = set(inspect(connection).get_table_names()) - {VERSION_TABLE}
        return SchemaState(
            service=self.service,
            current=current,
            head=self.head(),
            has_tables=bool(names & set(self.metadata.tables)),
        )

    def refusal(self, engine: Engine) -> str | None:
        """Why the service must not start on this database (with the command), or None."""
        known = {script.revision for script in self.revisions().walk_revisions()}
        return self.state(engine).refusal(known)

    def require_current(self, engine: Engine) -> None:
        """Raise `SchemaNotCurrent` unless the database is at this release's head."""
        refusal = self.refusal(engine)
        if refusal:
            raise SchemaNotCurrent(refusal)

    def upgrade(self, engine: Engine, revision: str = "head") -> SchemaState:
        """Bring the database to `revision` in one transaction. A database made before
        migrations (the baseline's tables, no revision) is adopted at the baseline first."""
        before = self.state(engine)
        with engine.begin() as connection:
            config = self.config(connection)
            if before.current is None and before.has_tables:
                command.stamp(config, BASELINE)
            command.upgrade(config, revision)
        return self.state(engine)

    def differences(self, engine: Engine) -> list[Any]:
        """What the models declare that the database does not have, or the other way round
        (Alembic's autogenerate comparison); empty when a revision is not needed."""
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            differences: list[Any] = compare_metadata(context, self.metadata)
        return differences
