"""`onecouncil audit replay` against the real broker: clean, tampered, partial, as at a date;
a rescind whose money never went back and money moved back with no rescind are caught."""

from __future__ import annotations

import copy
import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from services.audit.entrypoints.cli import app
from tests.integration.audit.kafka_history import write_history
from tests.unit.audit.scenario import History, Message, clean_history

pytestmark = pytest.mark.kafka
runner = CliRunner()


def _find(messages: list[Message], post: str, event_type: str) -> Message:
    return next(m for m in messages if m.key == post and m.document["event_type"] == event_type)


def _replay(bootstrap: str, prefix: str, out: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    arguments = ["replay", "--bootstrap", bootstrap, "--topic-prefix", prefix, "--out", str(out)]
    result = runner.invoke(app, [*arguments, *extra])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads((out / "report.json").read_text())


def test_a_clean_history_on_the_broker_passes_every_check(
    kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    history = clean_history()
    write_history(kafka_bootstrap, topic_prefix, history.messages)
    code, report = _replay(kafka_bootstrap, topic_prefix, tmp_path)
    assert code == 0
    assert report["clean"] is True
    assert report["events_read"] == len(history.messages) == report["events_in_scope"]
    assert report["findings"] == []
    assert report["stages"] == {
        "effective": 2,
        "cancelled": 1,
        "in_consultation": 1,
        "in_department": 1,
    }
    code, one_post = _replay(kafka_bootstrap, topic_prefix, tmp_path / "one", "--post", "20001")
    assert code == 0 and [p["post_number"] for p in one_post["posts"]] == ["20001"]


def test_a_tampered_event_a_missing_event_and_an_unconsulted_transfer_are_each_caught(
    kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    history = clean_history()
    history.register("20009", "CS", 39_000, date(2026, 1, 5))
    history.propose("20009", "T-9", date(2026, 2, 1), date(2026, 4, 1))
    history.check_budget("20009", "T-9", date(2026, 2, 1))
    history.approve("20009", "T-9", date(2026, 3, 2), date(2026, 4, 1))
    history.take_effect("20009", "T-9", date(2026, 4, 1))  # no consultation at all
    history.register("20010", "CS", 40_000, date(2026, 1, 5))
    history.full_transfer("20010", "T-10", date(2026, 2, 1), date(2026, 4, 1))
    history.rescind("20010", "T-10", date(2026, 6, 1), date(2026, 4, 1))  # money never went back
    history.reverse("20001", "T-1", date(2026, 6, 1), date(2026, 4, 1), 41_000)  # no rescind
    messages = copy.deepcopy(history.messages)
    tampered = _find(messages, "20001", "TransferProposed").document
    tampered["payload"]["annual_cost"] = 1  # changed after sealing; the hash left as it was
    removed = _find(messages, "20002", "ConsultationClosed")
    messages.remove(removed)  # never published: a gap in 20002's sequence
    written = {w.event_id: w for w in write_history(kafka_bootstrap, topic_prefix, messages)}

    code, report = _replay(kafka_bootstrap, topic_prefix, tmp_path)
    assert code == 1
    # the removed ConsultationClosed also leaves 20002's transfer effective without one
    found = sorted((f["rule"], f["aggregate"]) for f in report["findings"])
    assert found == [
        ("altered", "post/20001"),
        ("budget_reversal_without_rescind", "post_budget/20001"),
        ("effective_without_prior_steps", "post/20002"),
        ("effective_without_prior_steps", "post/20009"),
        ("missing_sequence", "post/20002"),
        ("rescind_without_budget_reversal", "post/20010"),
    ]
    by_rule = {f["rule"]: f for f in report["findings"] if f["aggregate"] != "post/20002"}
    by_rule["missing_sequence"] = next(
        f for f in report["findings"] if f["rule"] == "missing_sequence"
    )

    altered = by_rule["altered"]["events"][0]
    where = written[tampered["event_id"]]
    assert (altered["topic"], altered["partition"], altered["offset"]) == (
        where.topic,
        where.partition,
        where.offset,
    )
    assert by_rule["altered"]["aggregate"] == "post/20001"

    missing = by_rule["missing_sequence"]
    assert missing["aggregate"] == "post/20002"
    assert f"sequence {removed.document['sequence']} is missing" in missing["message"]
    assert missing["events"][0]["topic"] == f"{topic_prefix}hr.posts"

    unconsulted = by_rule["effective_without_prior_steps"]
    assert (
        "post 20009" in unconsulted["message"] and "closed consultation" in unconsulted["message"]
    )
    effective = _find(messages, "20009", "TransferEffective")
    assert unconsulted["events"][0]["offset"] == written[effective.document["event_id"]].offset

    rows = list(csv.DictReader((tmp_path / "findings.csv").open()))
    assert sorted((row["rule"], row["aggregate"]) for row in rows) == found


def test_replaying_as_of_a_date_in_the_middle_gives_the_state_on_that_day(
    kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    write_history(kafka_bootstrap, topic_prefix, clean_history().messages)
    code, report = _replay(kafka_bootstrap, topic_prefix, tmp_path, "--as-of", "2026-04-15")
    assert code == 0
    posts = {p["post_number"]: p for p in report["posts"]}
    assert (posts["20001"]["stage"], posts["20001"]["placement"]) == ("effective", "FIN")
    assert posts["20001"]["budget_holder"] == "FIN-CENTRAL"
    assert (posts["20002"]["stage"], posts["20002"]["placement"]) == ("approved", "ASC")
    assert posts["20004"]["stage"] == "in_consultation"
    assert report["placements"]["FIN"] == {"posts": 1, "annual_cost": 41_000}


def test_replaying_from_a_date_reads_only_what_was_published_since(
    kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    history: History = clean_history()
    history.messages.sort(key=lambda m: m.document["recorded_at"])  # published as they happened
    write_history(kafka_bootstrap, topic_prefix, history.messages)
    since = [m for m in history.messages if m.document["recorded_at"] >= "2026-04-01"]
    code, report = _replay(kafka_bootstrap, topic_prefix, tmp_path, "--from-date", "2026-04-01")
    assert report["events_read"] == len(since) == 4
    assert report["history_complete"] is False
    assert code == 0, report["findings"]


def test_a_bad_date_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    result = runner.invoke(app, ["replay", "--as-of", "1 April", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not a date like 2026-04-01" in result.output
