"""Every `onecouncil ...` line in README.md runs, as written, against `make demo`-like services.

The lines are read from README.md's shell code blocks (continuation lines joined, and
`onecouncil` calls inside `$(...)`), run in order with bash in one environment (an
`export X=$(...)` carries on), each against HR, Finance and Workflow processes with a small
demo establishment. Only what differs from `make demo` is substituted: the services' ports,
and ids a person would copy from an earlier command's output. A README line whose command
this test does not know fails it, so the README cannot grow an untested example.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import token_for
from tests.reliability.stack import write_raw
from tests.support.databases import NewDatabase
from tests.support.services import JWT_SECRET, ROOT, ServiceProcess, start_services
from tests.support.waiting import eventually

README = ROOT / "README.md"
BIN = Path(sys.executable).parent  # where `onecouncil` is installed beside this Python
RUN_ID = re.compile(r"\bB-[0-9a-f]{12}\b")
JWT = r"^[\w-]+\.[\w-]+\.[\w-]+$"
# What each command must print (a regular expression over stdout and stderr), by its path.
EXPECTED: dict[tuple[str, ...], str] = {
    ("token",): JWT,
    ("hr", "bulk", "propose"): r"Simulated — nothing was changed|Bulk run ids",
    ("hr", "bulk", "consult"): r"Bulk run ids",
    ("hr", "bulk", "close-consultation"): r"Bulk run ids",
    ("hr", "bulk", "approve"): r"Bulk run ids",
    ("hr", "bulk", "report"): r"Bulk run B-[0-9a-f]{12} \(\w+\): finished",
    ("hr", "take-effect-due"): r"As of \d{4}-\d\d-\d\d",
    ("audit", "replay"): r"Replay: \d+ events read",
    ("dead-letters", "list"): r"[1-9]\d* dead letter\(s\)",
    ("dead-letters", "show"): r'"consumer"',
    ("dead-letters", "discard"): r"Dead letter \d+ discarded",
    ("watch",): r"\S",
    ("report",): r"wrote \S*board\.pdf",
    ("export", "payroll"): r"wrote \S+ \(\d+ lines after the header\)",
    ("export", "ledger"): r"wrote \S+ \(\d+ lines after the header\)",
}
# Words that a command's name goes on after.
GROUPS = {"hr", "bulk", "audit", "dead-letters", "export"}


def readme_lines(text: str) -> list[str]:
    """Each logical shell line of the README's sh/bash blocks that calls `onecouncil`."""
    lines: list[str] = []
    for block in re.findall(r"^```(?:sh|bash)?\n(.*?)^```", text, flags=re.S | re.M):
        for line in block.replace("\\\n", " ").splitlines():
            if re.search(r"(^|\$\()\s*onecouncil\b", line.strip()):
                lines.append(line.strip())
    return lines


def calls_in(line: str) -> list[list[str]]:
    """The `onecouncil` calls in a line (the line itself, and any inside `$(...)`), as words."""
    calls = [shlex.split(inner, comments=True) for inner in re.findall(r"\$\(([^)]*)\)", line)]
    outer = re.sub(r"\$\([^)]*\)", "SUBSTITUTED", line)
    words = shlex.split(outer, comments=True)
    if words and words[0] == "export":
        words = words[1:]
    if words and words[0] == "onecouncil":
        calls.insert(0, words)
    return [call for call in calls if call and call[0] == "onecouncil"]


def path_of(words: list[str]) -> tuple[str, ...]:
    """`onecouncil hr bulk report B-1` → ("hr", "bulk", "report")."""
    path: list[str] = []
    for word in words[1:]:
        if word.startswith("-"):
            break
        path.append(word)
        if word not in GROUPS:
            break
    return tuple(path)


def test_every_onecouncil_line_in_the_readme_is_one_this_test_knows_how_to_run() -> None:
    lines = readme_lines(README.read_text())
    assert len(lines) >= 15, lines  # the parser still finds the README's examples
    unknown = [line for line in lines for call in calls_in(line) if path_of(call) not in EXPECTED]
    assert not unknown, f"teach tests/e2e/test_readme_commands.py to run: {unknown}"
    used = {path_of(call) for line in lines for call in calls_in(line)}
    assert used == set(EXPECTED), f"EXPECTED lists commands the README no longer has: {used}"


@dataclass
class Session:
    """One reader's terminal: the environment, and what earlier commands printed."""

    services: dict[str, ServiceProcess]
    env: dict[str, str]
    cwd: Path
    run_ids: list[str] = field(default_factory=list)
    dead_letter: int | None = None

    def localise(self, line: str) -> str:
        """The line with this test's ports for make demo's, and ids from earlier output."""
        for name, port in (("hr", 8001), ("finance", 8002), ("workflow", 8003)):
            line = line.replace(f"http://127.0.0.1:{port}", self.services[name].url)
        if RUN_ID.search(line):
            assert self.run_ids, f"no bulk run id printed before: {line}"
            line = RUN_ID.sub(self.run_ids[-1], line)
        if line.startswith("onecouncil dead-letters"):
            letter = str(self.open_dead_letter())
            line = re.sub(r"^(onecouncil dead-letters \w+) \d+", rf"\g<1> {letter}", line)
        return line

    def run(self, line: str, timeout: float = 180) -> str:
        """Run the line with bash; an assignment's value stays for the lines after it."""
        assigned = re.match(r"^(?:export\s+)?([A-Z_]+)=\$\(", line)
        script = f'{line}\nprintf "%s" "${assigned.group(1)}"' if assigned else line
        done = subprocess.run(
            ["bash", "-c", script], env=self.env, cwd=self.cwd, capture_output=True,
            text=True, timeout=timeout,
        )  # fmt: skip
        output = done.stdout + done.stderr
        assert done.returncode == 0, f"{line}\nexited {done.returncode}:\n{output}"
        if assigned:
            self.env[assigned.group(1)] = done.stdout.strip()
            return done.stdout.strip()
        if "Bulk run ids" in output:  # what a person copies for `report` or `--rerun-failed`
            self.run_ids += RUN_ID.findall(output.split("Bulk run ids")[-1])
        return output

    def open_dead_letter(self) -> int:
        """A dead letter in Workflow: made (once) from a message no consumer can read.

        Made only when the dead-letter lines come, after the audit's lines: the auditor's
        replay rightly reports such a message as a finding.
        """
        if self.dead_letter is None:
            bootstrap, topic = self.env["KAFKA_BOOTSTRAP_SERVERS"], self.env["TOPIC_PREFIX"]
            poison: list[tuple[str | None, bytes]] = [("99999999", b"{this is not json")]
            asyncio.run(write_raw(bootstrap, f"{topic}hr.posts", poison))
            url = f"{self.services['workflow'].url}/operations/dead-letters"
            headers = {"Authorization": f"Bearer {token_for('hr_staff')}"}
            letters = eventually(
                lambda: httpx.get(url, headers=headers, timeout=10).json(),
                what="Workflow's dead letter of the poison message",
            )
            self.dead_letter = int(letters[0]["id"])
        return self.dead_letter


def watch(session: Session, line: str) -> str:
    """Run a `watch` line until its first event (`--max-events 1`): live ones get a new one."""
    bounded = line.split("#")[0].strip()
    if "--max-events" not in bounded:
        bounded += " --max-events 1"
    process = subprocess.Popen(
        ["bash", "-c", bounded], env=session.env, cwd=session.cwd, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    said: list[str] = []
    assert process.stderr is not None
    threading.Thread(target=_pump, args=(process, said), daemon=True).start()
    try:
        eventually(lambda: any("Watching" in s for s in said), what=f"{line} connecting")
        if "--since" not in line:  # live from now: something must happen in CS
            new_cs_post_and_transfer(session.services["hr"].url)
        stdout, _ = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 0, f"{line}\nexited {process.returncode}: {''.join(said)}"
    if "--json" in line:
        assert all(json.loads(row)["department"] == "CS" for row in stdout.splitlines())
    return stdout


def workflow_caught_up_with_hr(services: dict[str, ServiceProcess]) -> None:
    """Wait until Workflow's tracker shows every post at the stage HR has it at."""
    headers = {"Authorization": f"Bearer {token_for('hr_staff')}"}

    def stages() -> tuple[dict[str, str], dict[str, str]]:
        hr = httpx.get(f"{services['hr'].url}/posts", params={"limit": 1000}, headers=headers)
        workflow = httpx.get(
            f"{services['workflow'].url}/posts", params={"limit": 1000}, headers=headers
        )
        return (
            {post["post_number"]: post["stage"] for post in hr.json()},
            {post["post_number"]: post["stage"] for post in workflow.json()["posts"]},
        )

    eventually(stages, lambda both: both[0] == both[1], what="Workflow's tracker matching HR")


def _pump(process: subprocess.Popen[str], said: list[str]) -> None:
    for line in process.stderr or []:
        said.append(line)


def new_cs_post_and_transfer(hr_url: str) -> None:
    number = str(10**7 + uuid.uuid4().int % 10**7)
    headers = {"Authorization": f"Bearer {token_for('hr_staff')}"}
    with httpx.Client(base_url=hr_url, headers=headers, timeout=10) as hr:
        registered = hr.post("/posts", json={
            "post_number": number, "title": "Finance Officer", "grade": "Grade 7", "fte": 1.0,
            "function": "FIN", "department": "CS", "cost_centre": "CS-FIN-01",
            "annual_cost": 41_000, "employee_ref": None,
        })  # fmt: skip
        assert registered.status_code == 201, registered.text
        proposal = {"target_team": "FIN", "effective_date": "2027-04-01", "reason": "centralise"}
        proposed = hr.post(f"/posts/{number}/transfers", json=proposal)
        assert proposed.status_code == 201, proposed.text


@pytest.fixture
def demo(
    kafka_bootstrap: str, new_database: NewDatabase, topic_prefix: str, artifacts: Path
) -> Iterator[dict[str, ServiceProcess]]:
    """HR, Finance and Workflow as `make demo` runs them, with a small demo establishment."""
    names = ["hr", "finance", "workflow"]
    services = start_services(
        names, kafka_bootstrap, topic_prefix, {name: new_database(name) for name in names},
        artifacts, {"DEMO_SUPPORT_POSTS": "40", "FEED_POLL_S": "0.2", "FEED_HEARTBEAT_S": "1"},
    )  # fmt: skip
    try:
        yield services
    finally:
        for service in services.values():
            service.stop()


@pytest.mark.kafka
def test_every_onecouncil_line_in_the_readme_runs_as_written(
    demo: dict[str, ServiceProcess], kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    services = demo
    env = {key: value for key, value in os.environ.items() if not key.startswith("ONECOUNCIL_")}
    env.update({
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}", "JWT_SECRET": JWT_SECRET,
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap, "TOPIC_PREFIX": topic_prefix,
        "ONECOUNCIL_HR_URL": services["hr"].url, "ONECOUNCIL_FINANCE_URL": services["finance"].url,
        "ONECOUNCIL_WORKFLOW_URL": services["workflow"].url, "COLUMNS": "200",
        # The policy the services run with (tests/support/services.py), so the auditor
        # checks the log against the same one, as a council's auditor would.
        "CONSULTATION_MINIMUM_DAYS": services["hr"].env["CONSULTATION_MINIMUM_DAYS"],
    })  # fmt: skip
    session = Session(services, env, tmp_path)
    for line in readme_lines(README.read_text()):
        localised = session.localise(line)
        path = path_of(calls_in(localised)[0])
        assert path in EXPECTED, f"teach tests/e2e/test_readme_commands.py to run: {line}"
        if "--compare" in line:  # as a person would: once the system has gone quiet
            workflow_caught_up_with_hr(services)
        output = watch(session, localised) if path == ("watch",) else session.run(localised)
        assert re.search(EXPECTED[path], output, flags=re.M), f"{line}\nprinted:\n{output}"
