"""Which database the tests use: DATABASE_URL, else testcontainers, else a local PostgreSQL,
else SQLite files. Every call to `new_database_url` makes a database no other test sees."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from services.operations.schemas import SERVICES_WITH_DATABASES, upgrade_database
from tests.support.brokers import docker_answers

LOCAL_POSTGRES = "postgresql://onecouncil:onecouncil@127.0.0.1:5432/postgres"
NewDatabase = Callable[[str], str]


def _postgres_answers(url: str) -> bool:
    try:
        engine = create_engine(_driver(url), connect_args={"connect_timeout": 2})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def _driver(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@contextmanager
def postgres_server() -> Iterator[str | None]:
    """Yield the admin URL of a PostgreSQL server the tests may create databases in, or None
    when none answers (then the tests use SQLite files)."""
    configured = os.environ.get("DATABASE_URL")
    if configured:
        yield configured
    elif docker_answers():
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:16-alpine") as container:
            yield container.get_connection_url(driver=None)
    elif _postgres_answers(LOCAL_POSTGRES):
        yield LOCAL_POSTGRES
    else:
        yield None


def database_factory(admin_url: str | None, work_dir: Path) -> NewDatabase:
    """A factory: name → URL of a brand-new, empty database, on PostgreSQL when there is one."""
    if admin_url is not None:
        return _postgres_factory(admin_url)
    return lambda name: f"sqlite:///{work_dir}/{name}-{uuid.uuid4().hex[:8]}.db"


def _postgres_factory(admin_url: str) -> NewDatabase:
    admin = create_engine(_driver(admin_url), isolation_level="AUTOCOMMIT")
    base = admin_url.rsplit("/", 1)[0]

    def new_database(name: str) -> str:
        database = f"{name}_{uuid.uuid4().hex[:10]}".lower()
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        return f"{base}/{database}"

    return new_database


def upgrade_to_head(service: str, url: str) -> None:
    """Bring a service's database to the head revision, as `onecouncil db upgrade` does
    before a service starts (a no-op when it is there already); nothing for the console."""
    if service in SERVICES_WITH_DATABASES:
        upgrade_database(service, url)
