"""Which services own a database, and each one's schema: its tables and its migrations.

The tables are read after importing the service's composition root, so every module that
declares a table on the service's metadata (Workflow's subscriptions, its exercises...) has
been imported, exactly as in the running service; a test checks it is the same metadata.
"""

from __future__ import annotations

import os
from importlib import import_module

from shared.config import ServiceSettings
from shared.persistence.engine import make_engine
from shared.persistence.migrations import ServiceSchema

SERVICES_WITH_DATABASES = ("hr", "finance", "workflow")


def schema_of(service: str) -> ServiceSchema:
    """The service's tables and migrations folder; `service` must own a database."""
    if service not in SERVICES_WITH_DATABASES:
        raise ValueError(
            f"{service!r} has no database of its own: name one of "
            + ", ".join(SERVICES_WITH_DATABASES)
        )
    import_module(f"services.{service}.app")
    tables = import_module(f"services.{service}.adapters.tables")
    migrations = import_module(f"services.{service}.adapters.migrations")
    return ServiceSchema(service=service, metadata=tables.metadata, scripts=migrations.SCRIPTS)


def database_url_of(service: str, only_one: bool) -> str:
    """Where the service's database is: DATABASE_URL_<SERVICE> (as `make demo` reads it),
    else DATABASE_URL when one service is named, else its SQLite file under DATA_DIR."""
    own = os.environ.get(f"DATABASE_URL_{service.upper()}")
    if own:
        return own
    settings = ServiceSettings()
    if settings.database_url and not only_one:
        raise ValueError(
            "DATABASE_URL names one database, not three: name the service "
            f"(`onecouncil db upgrade {service}`), or set DATABASE_URL_{service.upper()}"
        )
    return settings.database_url_for(service)


def upgrade_database(service: str, url: str, revision: str = "head") -> tuple[str | None, str]:
    """`onecouncil db upgrade` for one service's database: its revision before and after."""
    engine = make_engine(url)
    try:
        schema = schema_of(service)
        before = schema.state(engine).current
        after = schema.upgrade(engine, revision).current
    finally:
        engine.dispose()
    assert after is not None
    return before, after
