"""Scan every message on every topic and every service log line for personal data: the
names and emails in HR's employees table, and anything that looks like an email address."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from aiokafka import AIOKafkaConsumer
from sqlalchemy import select

from services.hr.adapters.tables import employees
from shared.events.topics import ALL_TOPICS
from shared.kafka.security import client_options
from shared.persistence.engine import make_engine
from tests.reliability.stack import Stack

EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
TWO_WORDS = re.compile(rb"[A-Z][A-Za-z'-]+ [A-Z][A-Za-z'-]+")


async def _all_messages(bootstrap: str, topics: list[str]) -> list[bytes]:
    consumer = AIOKafkaConsumer(
        *topics,
        **client_options(bootstrap),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=4 * 1024 * 1024,
    )
    await consumer.start()
    try:
        found: list[bytes] = []
        quiet = 0
        while quiet < 5:
            batch = await consumer.getmany(timeout_ms=300, max_records=10_000)
            quiet = 0 if batch else quiet + 1
            for records in batch.values():
                for record in records:
                    headers = b" ".join(value for _, value in record.headers)
                    found.append(b" ".join((record.key or b"", record.value or b"", headers)))
        return found
    finally:
        await consumer.stop()


def personal_data_leaks(stack: Stack) -> tuple[list[str], dict[str, int]]:
    """Where personal data shows (empty when nowhere), and how much was scanned."""
    engine = make_engine(stack.databases["hr"])
    with engine.connect() as connection:
        people = list(connection.execute(select(employees.c.name, employees.c.email)))
    engine.dispose()
    names = {name.encode() for name, _ in people}
    assert names and any(email for _, email in people), "the scenario must have employees"
    topics = [stack.topic(name) for name in ALL_TOPICS]
    messages = asyncio.run(_all_messages(stack.bootstrap, topics))
    lines = [line for log in sorted(stack.log_dir.glob("*.log")) for line in _lines(log)]
    leaks: list[str] = []
    for where, texts in (("topic", messages), ("log", lines)):
        for text in texts:
            hits = set(EMAIL.findall(text)) | (set(TWO_WORDS.findall(text)) & names)
            leaks += [f"{where}: {hit.decode(errors='replace')}" for hit in hits]
    figures = {"messages": len(messages), "log_lines": len(lines), "people": len(people)}
    return sorted(set(leaks))[:20], figures


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()
