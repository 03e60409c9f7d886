"""SQLite serves one replica: a second process on the same file is refused at start-up
with what to do instead; once the first is gone, another may start."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from shared.persistence.engine import make_engine
from shared.persistence.replicas import Leadership, SecondReplicaRefused, SingleReplica


def _claim_in_another_process(url: str, answer: multiprocessing.Queue[str]) -> None:
    try:
        SingleReplica(make_engine(url), "hr").claim()
        answer.put("started")
    except SecondReplicaRefused as refusal:
        answer.put(str(refusal))


def _started_elsewhere(url: str) -> str:
    answer: multiprocessing.Queue[str] = multiprocessing.Queue()
    process = multiprocessing.get_context("fork").Process(
        target=_claim_in_another_process, args=(url, answer)
    )
    process.start()
    process.join(timeout=30)
    return answer.get(timeout=5)


def test_a_second_replica_on_one_sqlite_file_is_refused_saying_what_to_do(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/hr.db"
    first = SingleReplica(make_engine(url), "hr")
    first.claim()
    try:
        refusal = _started_elsewhere(url)
        assert "another hr process is already running" in refusal
        assert "PostgreSQL" in refusal and "DATABASE_URL" in refusal
    finally:
        first.release()
    assert _started_elsewhere(url) == "started"  # the first one gone: a replica may start


def test_on_sqlite_the_only_replica_leads_everything(tmp_path: Path) -> None:
    leadership = Leadership(make_engine(f"sqlite:///{tmp_path}/hr.db"), "hr:scheduler")
    assert leadership.try_lead() and leadership.leading
