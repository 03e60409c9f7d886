"""The finance service's Alembic environment: run by `onecouncil db ...` (shared/persistence)."""

from shared.persistence.alembic_env import run_migrations

run_migrations()
