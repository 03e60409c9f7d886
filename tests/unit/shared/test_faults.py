"""Fault points do nothing unless armed; armed, the chosen arrival marks and pauses."""

from __future__ import annotations

import asyncio
import os
import threading
from collections import Counter
from pathlib import Path

import pytest

from shared import faults
from shared.faults import fault_point, fault_point_async
from tests.support.waiting import eventually


@pytest.fixture
def marker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(faults, "_arrivals", Counter())
    path = tmp_path / "marker"
    monkeypatch.setenv(faults.MARKER, str(path))
    return path


@pytest.mark.parametrize("armed", [None, "relay.batch_published"], ids=["unarmed", "elsewhere"])
def test_a_point_the_process_is_not_armed_at_returns_at_once_and_marks_nothing(
    marker: Path, monkeypatch: pytest.MonkeyPatch, armed: str | None
) -> None:
    monkeypatch.delenv(faults.PAUSE_AT, raising=False)
    if armed:
        monkeypatch.setenv(faults.PAUSE_AT, armed)
    for _ in range(3):
        fault_point("bulk.chunk_committed")
    assert not marker.exists()


def test_the_armed_arrival_writes_the_marker_and_pauses_its_thread(
    marker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(faults.PAUSE_AT, "relay.batch_published, bulk.chunk_committed@2")
    fault_point("bulk.chunk_committed")  # the first arrival passes
    assert not marker.exists()
    passed = threading.Event()

    def second_arrival() -> None:
        fault_point("bulk.chunk_committed")
        passed.set()

    threading.Thread(target=second_arrival, daemon=True).start()  # paused for good
    text = eventually(lambda: marker.exists() and marker.read_text(), what="the marker")
    assert text == f"bulk.chunk_committed {os.getpid()}\n"
    assert not passed.wait(0.2), "the thread is still paused at the point"


async def test_an_armed_async_point_suspends_only_its_task(
    marker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(faults.PAUSE_AT, "relay.batch_published")
    paused = asyncio.create_task(fault_point_async("relay.batch_published"))
    await asyncio.sleep(0.05)  # the loop still runs other work meanwhile
    assert not paused.done()
    assert marker.read_text() == f"relay.batch_published {os.getpid()}\n"
    paused.cancel()
