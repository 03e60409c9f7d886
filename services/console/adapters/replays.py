"""The auditor's replay, run from the console: the audit CLI (`onecouncil audit replay`) in a
process of its own, reading the log read-only and writing its report files to a folder per
run. A process, not a call into the audit's code: a long replay holds neither the console's
event loop nor its memory, and the files an auditor downloads are the CLI's very own.

The child inherits the console's environment, so it holds the log to the same policy
settings the services enforce (CONSULTATION_MINIMUM_DAYS, APPROVAL_*)."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

FILES = {"report.json": "application/json", "findings.csv": "text/csv", "posts.csv": "text/csv"}
RUN_ID = re.compile(r"^R-[0-9a-f]{12}$")
TIMEOUT_S = 600.0


class ReplayFailed(Exception):
    """The replay did not finish: the log could not be read (its one line says why)."""


@dataclass(frozen=True, kw_only=True)
class ReplayAsked:
    """What an auditor asked to replay: a period, one post, one department (any may be
    left out: the whole log)."""

    from_date: date | None = None
    to_date: date | None = None
    post_number: str | None = None
    department: str | None = None

    def arguments(self) -> list[str]:
        asked = {"--from-date": self.from_date, "--as-of": self.to_date,
                 "--post": self.post_number, "--department": self.department}  # fmt: skip
        return [word for name, value in asked.items() if value for word in (name, str(value))]


@dataclass(kw_only=True)
class Replays:
    """Runs replays and keeps each run's files, readable only by the auditor who ran it."""

    bootstrap: str
    topic_prefix: str
    folder: Path
    _owners: dict[str, str] = field(default_factory=dict)

    async def run(self, asked: ReplayAsked, auditor: str) -> str:
        """Replay; return the run's id once its report is written."""
        run_id = f"R-{uuid.uuid4().hex[:12]}"
        out = self.folder / run_id
        out.mkdir(parents=True)
        command = [sys.executable, "-m", "services.cli", "audit", "replay", "--bootstrap",
                   self.bootstrap, "--topic-prefix", self.topic_prefix, "--out", str(out),
                   *asked.arguments()]  # fmt: skip
        child = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        try:
            _, said = await asyncio.wait_for(child.communicate(), TIMEOUT_S)
        except TimeoutError:
            child.kill()
            raise ReplayFailed(f"the replay took longer than {TIMEOUT_S:.0f} seconds") from None
        # 0: clean, 1: findings; anything else did not read the log through.
        if child.returncode not in (0, 1) or not (out / "report.json").is_file():
            lines = [line for line in said.decode(errors="replace").splitlines() if line.strip()]
            raise ReplayFailed(lines[-1] if lines else f"the replay stopped ({child.returncode})")
        (out / "asked.json").write_text(json.dumps(asked.__dict__, default=str))
        self._owners[run_id] = auditor
        return run_id

    def report(self, run_id: str, auditor: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The run's report and what was asked; KeyError for a run not theirs (or none)."""
        out = self._folder(run_id, auditor)
        report: dict[str, Any] = json.loads((out / "report.json").read_text())
        asked: dict[str, Any] = json.loads((out / "asked.json").read_text())
        return report, asked

    def file(self, run_id: str, auditor: str, name: str) -> Path:
        if name not in FILES:
            raise KeyError(name)
        return self._folder(run_id, auditor) / name

    def _folder(self, run_id: str, auditor: str) -> Path:
        if not RUN_ID.match(run_id) or self._owners.get(run_id) != auditor:
            raise KeyError(run_id)
        return self.folder / run_id
