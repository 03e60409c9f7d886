"""The relay never sends a checkpoint in the same batch as events it covers: a reader who
sees the checkpoint must be able to see every event it signed for."""

from __future__ import annotations

from typing import NamedTuple

from shared.kafka.relay import _up_to_a_checkpoint


class Row(NamedTuple):
    id: int
    topic: str


def test_a_batch_is_cut_before_a_checkpoint_that_is_not_its_first_row() -> None:
    rows = [Row(1, "hr.posts"), Row(2, "hr.posts"), Row(3, "hr.checkpoints"), Row(4, "hr.posts")]
    assert _up_to_a_checkpoint(rows) == rows[:2]
    assert _up_to_a_checkpoint(rows[2:]) == rows[2:]  # next time it leads its own batch
    assert _up_to_a_checkpoint(rows[:2]) == rows[:2]
