"""Someone who can write to the broker but holds no service's key (issue 20): a budget
check forged on Finance's topic is set aside by HR with the reason and approves nothing;
a history of `hr.posts` deleted and written back with recomputed hashes is reported by
the audit replay, event by event, for signatures that no longer hold."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from shared.events.checkpoints import Checkpoint, parse_note
from shared.events.envelope import seal
from shared.events.finance import BudgetCheckPassed
from shared.events.signing import Signer
from shared.events.topics import EVENT_TOPICS, physical
from shared.events.transparency import LOG_INDEX_HEADER
from shared.kafka.provisioning import ensure_topics
from tests.integration.hr.conftest import RunningHr, StartHr
from tests.integration.hr.support import audit_report, post_streams
from tests.support.envelopes import StreamWriter, unsigned
from tests.support.posts import a_post
from tests.support.topics import read_topic, read_until, truncate, write
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.kafka
FORGER = Signer.from_seed("finance", os.urandom(32))  # a key that looks like Finance's


async def _consulted(running: RunningHr, post: str) -> str:
    """Registered, proposed, consulted: only Finance's budget check is still awaited."""
    hr = running.client
    assert (await hr.post("/posts", json=a_post(post))).status_code == 201
    answer = await hr.post(
        f"/posts/{post}/transfer", json={"effective_date": "2027-04-01", "reason": "Centralise"}
    )
    for step, body in (("open", {"closes_by": "2027-02-28"}), ("close", {"outcome": "agreed"})):
        done = await hr.post(f"/posts/{post}/transfer/consultation/{step}", json=body)
        assert done.status_code == 200, done.text
    return str(answer.json()["transfer_id"])


def _passed(post: str, transfer_id: str) -> BudgetCheckPassed:
    return BudgetCheckPassed(post_number=post, transfer_id=transfer_id, cost_centre="CS-FIN-01",
                             annual_cost=41_000, headroom=10_000)  # fmt: skip


def _replay(bootstrap: str, prefix: str, out: Path, kept: Path) -> dict[str, Any]:
    return audit_report(bootstrap, prefix, out, "--checkpoint", str(kept))


async def test_forged_budget_checks_are_set_aside_and_a_rewritten_history_is_reported(
    start_hr: StartHr, tmp_path: Path
) -> None:
    async with start_hr(checkpoint_interval_s=0.3, checkpoint_dir=str(tmp_path)) as running_hr:
        await _forge_and_rewrite(running_hr, tmp_path)
        assert (await running_hr.client.post("/posts", json=a_post("62003"))).status_code == 201
    # Once HR has stopped, its exported checkpoint covers what it published last.
    bootstrap, topic = running_hr.bootstrap, physical("hr.posts", running_hr.prefix)
    last = await read_until(bootstrap, topic, lambda ms: any(m["key"] == "62003" for m in ms))
    position = next(int(m["headers"][LOG_INDEX_HEADER]) for m in last if m["key"] == "62003")
    assert parse_note((tmp_path / "hr.checkpoint").read_text()).size > position


async def _forge_and_rewrite(running_hr: RunningHr, tmp_path: Path) -> None:
    bootstrap, prefix, hr = running_hr.bootstrap, running_hr.prefix, running_hr.client
    await ensure_topics(bootstrap, [physical(t, prefix) for t in EVENT_TOPICS], 3)
    forged_for, unsigned_for = "62001", "62002"
    forged = StreamWriter("finance", FORGER).document(
        _passed(forged_for, await _consulted(running_hr, forged_for)), department="CS"
    )
    bare = unsigned(StreamWriter("finance").document(
        _passed(unsigned_for, await _consulted(running_hr, unsigned_for)), department="CS"
    ))  # fmt: skip
    budgets = physical("finance.budgets", prefix)
    await write(bootstrap, [(budgets, forged_for, forged), (budgets, unsigned_for, bare)])

    dead = await read_until(
        bootstrap, physical("hr.dead-letters", prefix), lambda messages: len(messages) >= 2
    )
    why = {m["key"]: (m["headers"]["x-dead-letter-code"], m["headers"]["x-dead-letter-reason"])
           for m in dead}  # fmt: skip
    assert why[forged_for] == (
        "unknown_key",
        f"signed with key {FORGER.key_id!r}, which the key registry lacks",
    )
    assert why[unsigned_for] == ("unsigned", "the event is not signed: nothing proves who wrote it")
    for post in (forged_for, unsigned_for):
        refused = await hr.post(f"/posts/{post}/transfer/approve")
        assert refused.status_code == 409, refused.text
        assert "Finance's budget check has not come back" in refused.json()["detail"]

    # HR published its key, then signs checkpoints over everything, exported to a file too.
    posts = await read_topic(bootstrap, physical("hr.posts", prefix), at_least=8)
    last = max(int(m["headers"][LOG_INDEX_HEADER]) for m in posts)  # the relay's positions
    kept_file = tmp_path / "kept.checkpoint"
    await _checkpoint_covering(tmp_path / "hr.checkpoint", last + 1, kept_file)
    streams = await post_streams(bootstrap, physical("hr.posts", prefix), 8)
    on_log = await read_until(bootstrap, physical("hr.checkpoints", prefix),
                              lambda ms: len(ms) >= 2)  # fmt: skip
    assert [m["value"]["event_type"] for m in on_log[:2]] == [
        "SigningKeyPublished",
        "CheckpointSigned",
    ]
    clean = await asyncio.to_thread(_replay, bootstrap, prefix, tmp_path / "before", kept_file)
    integrity = {f["rule"] for f in clean["findings"] if f["kind"] == "integrity"}
    assert integrity == {"unknown_key", "unsigned"}  # HR's own log is whole

    # An insider deletes hr.posts and writes it back with another reason, hashes recomputed.
    await truncate(bootstrap, physical("hr.posts", prefix))
    rewritten = []
    for post, events in streams.items():
        previous = None
        for event in events:
            if event["event_type"] == "TransferProposed":
                event = {**event, "payload": {**event["payload"], "reason": "Cut the post"}}
            event = seal({**event, "prev_hash": previous})  # HR's signature kept: all it can do
            previous = event["hash"]
            rewritten.append((physical("hr.posts", prefix), post, event))
    await write(bootstrap, rewritten)

    report = await asyncio.to_thread(_replay, bootstrap, prefix, tmp_path / "after", kept_file)
    found = {(f["rule"], f["aggregate"], f["events"][0]["event_type"])
             for f in report["findings"] if f["kind"] == "integrity" and f["events"]}  # fmt: skip
    assert {("unknown_key", f"post_budget/{forged_for}", "BudgetCheckPassed"),
            ("unsigned", f"post_budget/{unsigned_for}", "BudgetCheckPassed")} <= found  # fmt: skip
    for post in (forged_for, unsigned_for):
        # From the rewritten event on, each one's hash changed, and HR's signature with it.
        badly_signed = {kind for rule, aggregate, kind in found
                        if aggregate == f"post/{post}" and rule == "bad_signature"}  # fmt: skip
        assert badly_signed == {"TransferProposed", "ConsultationOpened", "ConsultationClosed"}
    # HR's signed log no longer holds what HR signed for: the originals' positions are gone.
    signed_log = {f["rule"] for f in report["findings"] if f["aggregate"] == "signed_log/hr"}
    assert signed_log & {"truncated_head", "skipped_event", "truncated_tail"}, report["findings"]


async def _checkpoint_covering(path: Path, size: int, keep_at: Path) -> Checkpoint:
    """HR's exported checkpoint once it covers `size` events; the auditor keeps a copy."""

    def read() -> Checkpoint | None:
        return parse_note(path.read_text()) if path.exists() else None

    found = await eventually_async(
        lambda: asyncio.to_thread(read), lambda cp: cp is not None and cp.size >= size,
        what=f"a checkpoint of at least {size} events in {path}",
    )  # fmt: skip
    assert found is not None
    keep_at.write_text(found.note)
    return found
