"""Which database the tests use: DATABASE_URL, else testcontainers, else a local PostgreSQL,
else SQLite files. Every call to `new_database_url` makes a database no other test sees."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

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


@contextmanager
def fresh_databases(admin_url: str | None, work_dir: Path) -> Iterator[NewDatabase]:
    """A factory: name → URL of a brand-new, empty database, on PostgreSQL when there is one.
    The PostgreSQL databases it made are dropped when the block ends: a server that keeps
    every run's databases grows by gigabytes a day and takes minutes to recover a crash."""
    if admin_url is None:
        yield lambda name: f"sqlite:///{work_dir}/{name}-{uuid.uuid4().hex[:8]}.db"
        return
    admin = create_engine(_driver(admin_url), isolation_level="AUTOCOMMIT")
    made: list[str] = []
    try:
        yield _postgres_factory(admin, admin_url.rsplit("/", 1)[0], made)
    finally:
        with admin.connect() as connection:
            for database in made:  # FORCE: a service a failed test left running lets go
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


def _postgres_factory(admin: Engine, base: str, made: list[str]) -> NewDatabase:
    def new_database(name: str) -> str:
        database = f"{name}_{uuid.uuid4().hex[:10]}".lower()
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        made.append(database)
        return f"{base}/{database}"

    return new_database


def upgrade_to_head(service: str, url: str) -> None:
    """Bring a service's database to the head revision, as `onecouncil db upgrade` does
    before a service starts (a no-op when it is there already); nothing for the console."""
    if service in SERVICES_WITH_DATABASES:
        upgrade_database(service, url)
