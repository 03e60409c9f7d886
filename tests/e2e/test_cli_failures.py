"""Every `onecouncil` command that calls a service fails in one line, never a traceback.

Pointed at a port where nothing listens, or at something that is not the service (a web
page, as the console is under `make demo`), each says which URL it tried and how to point
it elsewhere, and exits 1.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deploy.local import SERVICES
from services.cli import app
from shared.cli_http import SERVICE_URLS
from tests.support.brokers import free_port

TOKEN = ["--token", "any-token"]
PROPOSE = ["--department", "CS", "--effective-date", "2027-04-01", "--reason", "centralise"]
COMMANDS = {  # each command, and the variable that points it elsewhere
    "hr take-effect-due": (["hr", "take-effect-due", *TOKEN], "ONECOUNCIL_HR_URL"),
    "hr bulk report": (["hr", "bulk", "report", "B-0123456789ab", *TOKEN], "ONECOUNCIL_HR_URL"),
    "hr bulk propose": (["hr", "bulk", "propose", *PROPOSE, *TOKEN], "ONECOUNCIL_HR_URL"),
    "dead-letters list": (
        ["dead-letters", "list", "--service", "finance", *TOKEN],
        "ONECOUNCIL_FINANCE_URL",
    ),
    "watch": (["watch", *TOKEN], "ONECOUNCIL_WORKFLOW_URL"),
}


class WebPage(BaseHTTPRequestHandler):
    """Answers every request with an HTML page, as the web console would."""

    def _page(self) -> None:
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><body>Page not found</body></html>")

    do_GET = do_POST = _page

    def log_message(self, *_: object) -> None:  # keep the test output quiet
        pass


@pytest.fixture(scope="module")
def web_page() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), WebPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def one_line_failure(arguments: list[str], url: str) -> str:
    result = CliRunner().invoke(app, [*arguments, "--url", url], env={"COLUMNS": "300"})
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_that_cannot_reach_its_service_says_where_it_looked_and_how_to_point_it(
    command: str,
) -> None:
    arguments, variable = COMMANDS[command]
    nowhere = f"http://127.0.0.1:{free_port()}"
    line = one_line_failure(arguments, nowhere)
    assert line.startswith("Error: could not reach the"), line
    assert nowhere in line and f"--url or {variable}" in line, line


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_pointed_at_something_else_says_it_is_not_the_service(
    command: str, web_page: str
) -> None:
    arguments, variable = COMMANDS[command]
    line = one_line_failure(arguments, web_page)
    assert f"{web_page} answered HTTP 404 with text/html" in line, line
    assert f"--url or {variable}" in line, line


def test_the_cli_looks_for_each_service_where_make_demo_runs_it() -> None:
    for name, (_, url) in SERVICE_URLS.items():
        assert url == f"http://127.0.0.1:{SERVICES[name]}"


def test_the_audit_replay_says_in_one_line_which_kafka_it_could_not_reach(tmp_path: Path) -> None:
    nowhere = f"127.0.0.1:{free_port()}"
    arguments = ["audit", "replay", "--bootstrap", nowhere, "--out", str(tmp_path)]
    result = CliRunner().invoke(app, arguments, env={"COLUMNS": "300"})
    assert result.exit_code == 1, result.output
    assert result.output.strip() == (
        f"Error: could not reach Kafka at {nowhere}; point the CLI at it with --bootstrap or "
        "KAFKA_BOOTSTRAP_SERVERS"
    )
