"""Fixtures every tier shares: the broker, databases, topic prefixes, tokens, artefacts."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.auth import Role, mint_token
from tests.support.brokers import kafka_broker
from tests.support.databases import NewDatabase, fresh_databases, postgres_server
from tests.support.in_process import new_topic_prefix
from tests.support.services import JWT_SECRET
from tests.support.topics import delete_topics

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Bootstrap servers of the real broker for this session."""
    with kafka_broker(tmp_path_factory.mktemp("broker")) as bootstrap:
        yield bootstrap


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str | None]:
    """The PostgreSQL server of this session (DATABASE_URL, testcontainers or a local one),
    or None when none answers."""
    with postgres_server() as admin_url:
        yield admin_url


@pytest.fixture(scope="session")
def new_database(
    postgres_admin_url: str | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[NewDatabase]:
    """Call with a name to get the URL of a fresh database of its own (dropped at the end)."""
    with fresh_databases(postgres_admin_url, tmp_path_factory.mktemp("databases")) as new:
        yield new


NO_POSTGRES = (
    "needs PostgreSQL and none answers: run deploy/postgres/start-local.sh and export the "
    "DATABASE_URL it prints (or set DATABASE_URL to a server where the tests may create "
    "databases)"
)


@pytest.fixture(autouse=True)
def _postgres_marker_means_postgres(request: pytest.FixtureRequest) -> None:
    """A test marked `postgres` runs on PostgreSQL or not at all: it never passes quietly on
    SQLite. Without a server it is skipped with the reason, except in CI, which always has
    one, where it fails."""
    if request.node.get_closest_marker("postgres") is None:
        return
    if request.getfixturevalue("postgres_admin_url") is not None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI: {NO_POSTGRES}", pytrace=False)
    pytest.skip(NO_POSTGRES)


# Every test makes its own topics; two partitions each (not six) keeps a suite of a few
# hundred tests from loading one small broker with thousands of partitions.
os.environ.setdefault("TOPIC_PARTITIONS", "2")


@pytest.fixture
def topic_prefix(request: pytest.FixtureRequest) -> Iterator[str]:
    """A prefix that gives this test topics (and consumer groups) nobody else uses.

    The test's topics are deleted afterwards when it used the broker.
    """
    prefix = new_topic_prefix()
    yield prefix
    if "kafka_bootstrap" in request.fixturenames:
        # Bounded: tidying up must never hang a run whose test passed (a stopped broker).
        bootstrap = request.getfixturevalue("kafka_bootstrap")
        with contextlib.suppress(TimeoutError):
            asyncio.run(asyncio.wait_for(delete_topics(bootstrap, prefix), timeout=30))


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """A folder kept after the run for this test's logs and screenshots."""
    folder = ARTIFACTS / str(request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def token_for(role: Role, department: str | None = None, user_id: str = "tester") -> str:
    """A bearer token signed with the test secret."""
    return mint_token(JWT_SECRET, user_id, role, department)


@pytest.fixture
def hr_token() -> str:
    return token_for("hr_staff", user_id="hr-officer-1")
