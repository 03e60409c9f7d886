"""Run a real single-node Apache Kafka broker (KRaft) from the official jars.

No Docker: Maven copies the runtime closure of ``org.apache.kafka:kafka_2.13``
(plus the log4j SLF4J binding the official tarball adds) into a git-ignored
cache folder, and the broker runs as a plain ``java`` process.

Layout::

    <kafka home>/libs/           jars (classpath ``libs/*``)
    <kafka home>/libs.complete   marker written after a successful fetch
    <data dir>/server.properties rendered on every format/start
    <data dir>/cluster.id        cluster id used for the one-time format
    <data dir>/kraft-logs/       log.dirs (topic data and metadata log)
    <data dir>/broker.log        broker stdout/stderr
    <data dir>/broker.pid        pid of the running broker

The kafka home defaults to ``<repo>/.cache/kafka/<version>`` and can be
overridden with the ``ONECOUNCIL_KAFKA_HOME`` environment variable.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import functools
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType

from deploy.kafka.security import (
    NodeSecurity,
    ensure_node_security,
    scram_arguments,
    secure_settings,
)

KAFKA_VERSION = "4.3.1"
HOME_ENV = "ONECOUNCIL_KAFKA_HOME"
HOST = "127.0.0.1"

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parents[1]
POM_PATH = PACKAGE_DIR / "pom.xml"
LOG4J_CONFIG = PACKAGE_DIR / "log4j2.properties"

MARKER_NAME = "libs.complete"
PROPERTIES_NAME = "server.properties"
CLUSTER_ID_NAME = "cluster.id"
LOG_DIRS_NAME = "kraft-logs"
BROKER_LOG_NAME = "broker.log"
PID_NAME = "broker.pid"

_INSTALL_HINTS = {
    "java": "install a Java 17 JDK (Debian: apt-get install openjdk-17-jdk-headless)",
    "mvn": "install Maven (Debian: apt-get install maven)",
}


class KafkaLauncherError(RuntimeError):
    """Any failure to fetch, format, start or stop the local broker."""


class ToolNotFoundError(KafkaLauncherError):
    """A required executable (``java`` or ``mvn``) is not on PATH."""


class MavenError(KafkaLauncherError):
    """Maven failed to fetch the broker jars; the message ends with its output."""


# --------------------------------------------------------------------------
# Pure helpers
# --------------------------------------------------------------------------


def missing_tool_message(tool: str) -> str:
    """One-line error for a missing executable, with how to install it."""
    hint = _INSTALL_HINTS.get(tool, f"install {tool}")
    return f"{tool} not found: {hint}"


def require_tool(tool: str) -> str:
    """Return the absolute path of ``tool`` on PATH or raise ToolNotFoundError.

    For ``java``, ``$JAVA_HOME/bin/java`` wins when it exists.
    """
    if tool == "java":
        java_home = os.environ.get("JAVA_HOME")
        if java_home:
            candidate = Path(java_home) / "bin" / "java"
            if os.access(candidate, os.X_OK):
                return str(candidate)
    found = shutil.which(tool)
    if found is None:
        raise ToolNotFoundError(missing_tool_message(tool))
    return found


def new_cluster_id() -> str:
    """A KRaft cluster id: URL-safe base64 of 16 random bytes, unpadded.

    Ids starting with ``-`` are redrawn (they would read as a CLI option).
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode("ascii")
        if not cluster_id.startswith("-"):
            return cluster_id


def render_server_properties(
    *,
    port: int,
    controller_port: int,
    log_dirs: Path,
    node_id: int = 1,
    overrides: Sequence[tuple[str, str]] = (),
) -> str:
    """Render ``server.properties`` for a combined broker+controller node.

    StorageTool reads only this file (no overrides), so ports and
    ``log.dirs`` are written into it. ``overrides`` replace or add settings
    (a secured node's listeners, TLS and authorizer: ``deploy/kafka/security.py``).
    """
    settings: list[tuple[str, str]] = [
        ("process.roles", "broker,controller"),
        ("node.id", str(node_id)),
        ("controller.quorum.bootstrap.servers", f"{HOST}:{controller_port}"),
        ("listeners", f"PLAINTEXT://{HOST}:{port},CONTROLLER://{HOST}:{controller_port}"),
        ("advertised.listeners", f"PLAINTEXT://{HOST}:{port}"),
        ("controller.listener.names", "CONTROLLER"),
        ("inter.broker.listener.name", "PLAINTEXT"),
        ("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
        ("log.dirs", str(log_dirs)),
        ("num.partitions", "3"),
        ("auto.create.topics.enable", "false"),
        # Single node: every internal topic has one replica; the offsets
        # topic has no min-ISR setting of its own and uses min.insync.replicas.
        ("default.replication.factor", "1"),
        ("min.insync.replicas", "1"),
        ("offsets.topic.replication.factor", "1"),
        ("offsets.topic.num.partitions", "5"),
        ("transaction.state.log.replication.factor", "1"),
        ("transaction.state.log.min.isr", "1"),
        ("transaction.state.log.num.partitions", "5"),
        ("share.coordinator.state.topic.replication.factor", "1"),
        ("share.coordinator.state.topic.min.isr", "1"),
        ("share.coordinator.state.topic.num.partitions", "3"),
        # The 3 s default delays every first consumer group join.
        ("group.initial.rebalance.delay.ms", "0"),
        # Default 128 MiB is allocated on the heap at start-up.
        ("log.cleaner.dedupe.buffer.size", "2097152"),
    ]
    merged = dict(settings)
    merged.update(overrides)
    lines = ["# Generated by deploy/kafka/launcher.py: edits are overwritten."]
    lines += [f"{key}={value}" for key, value in merged.items()]
    return "\n".join(lines) + "\n"


def tail_lines(path: Path, count: int = 40) -> str:
    """The last ``count`` lines of a text file ('' if it does not exist)."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            data = handle.read()
    except FileNotFoundError:
        return ""
    lines = data.decode("utf-8", errors="replace").splitlines()
    return "\n".join(lines[-count:])


def port_open(port: int, host: str = HOST, timeout: float = 0.5) -> bool:
    """True when a TCP connect to ``host:port`` succeeds."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


# --------------------------------------------------------------------------
# Jars
# --------------------------------------------------------------------------


def kafka_home() -> Path:
    """Cache folder holding ``libs/``: ``$ONECOUNCIL_KAFKA_HOME`` or the repo cache."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return REPO_ROOT / ".cache" / "kafka" / KAFKA_VERSION


def _pom_digest() -> str:
    return hashlib.sha256(POM_PATH.read_bytes()).hexdigest()


def _run_tool(command: list[str]) -> tuple[int, str]:
    """Run a tool to completion with no input; its exit code and its combined output."""
    result = subprocess.run(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return result.returncode, result.stdout.decode("utf-8", errors="replace")


def _marker_valid(marker: Path, libs: Path) -> bool:
    try:
        data = json.loads(marker.read_text())
    except (OSError, ValueError):
        return False
    return (
        isinstance(data, dict)
        and data.get("pom_sha256") == _pom_digest()
        and libs.is_dir()
        and any(libs.glob("kafka_2.13-*.jar"))
    )


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_jars(home: Path | None = None) -> Path:
    """Make sure the broker jars are in ``<home>/libs`` and return that folder.

    Runs Maven only when the marker from a previous successful fetch is
    missing (or the pom changed). Jars go to a temporary folder first and
    replace ``libs/`` only on success. Raises MavenError with Maven's output
    tail on failure; there is no fallback.
    """
    home = home or kafka_home()
    libs = home / "libs"
    marker = home / MARKER_NAME
    if _marker_valid(marker, libs):
        return libs
    with _file_lock(home / ".fetch.lock"):
        if _marker_valid(marker, libs):  # another process fetched meanwhile
            return libs
        mvn = require_tool("mvn")
        staging = Path(tempfile.mkdtemp(prefix="libs.", dir=home))
        try:
            command = [
                mvn, "-q", "-B", "-f", str(POM_PATH),
                "dependency:copy-dependencies",
                "-DincludeScope=runtime",
                f"-DoutputDirectory={staging}",
            ]  # fmt: skip
            code, output = _run_tool(command)
            if code != 0:
                tail = "\n".join(output.splitlines()[-40:])
                raise MavenError(
                    f"Maven failed (exit {code}) fetching Kafka {KAFKA_VERSION} "
                    f"jars with: {' '.join(command)}\n{tail}"
                )
            jars = sorted(p.name for p in staging.glob("*.jar"))
            if not any(name.startswith("kafka_2.13-") for name in jars):
                raise MavenError(f"Maven succeeded but no kafka_2.13 jar in {staging}\n{output}")
            marker.unlink(missing_ok=True)
            if libs.exists():
                shutil.rmtree(libs)
            staging.rename(libs)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        marker.write_text(
            json.dumps(
                {"kafka_version": KAFKA_VERSION, "pom_sha256": _pom_digest(), "jars": jars},
                indent=1,
            )
            + "\n"
        )
    return libs


# --------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------


def pid_alive(pid: int) -> bool:
    """True when ``pid`` exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    # Field 3 (after the parenthesised command name) is the state.
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _is_our_broker(pid: int, properties: Path) -> bool:
    """Guard against a recycled pid: the process must be kafka.Kafka on ``properties``."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return pid_alive(pid)  # no /proc: trust the pid
    return b"kafka.Kafka" in cmdline and str(properties).encode() in cmdline


def terminate_pid(pid: int, timeout: float = 30.0) -> bool:
    """SIGTERM ``pid`` (clean Kafka shutdown), then SIGKILL after ``timeout`` s.

    Works for processes that are not our children (polls instead of
    waiting). Returns True if SIGKILL was needed.
    """
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return False
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    while pid_alive(pid):
        time.sleep(0.05)
    return True


class KafkaNode:
    """One combined broker+controller Kafka node on 127.0.0.1.

    ``with KafkaNode(tmp) as node:`` formats if needed, starts, and stops on
    exit; ``node.bootstrap_servers`` is what clients connect to.
    """

    def __init__(
        self,
        data_dir: Path | str,
        port: int = 9092,
        controller_port: int = 9093,
        heap: str = "384m",
        *,
        home: Path | None = None,
        secure: bool = False,
    ) -> None:
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.secure = secure
        self.port = port
        self.controller_port = controller_port
        self.heap = heap
        self.home = home or kafka_home()
        self._process: subprocess.Popen[bytes] | None = None
        # Everything the node keeps lives under its data dir.
        self.properties_path = self.data_dir / PROPERTIES_NAME
        self.log_dirs = self.data_dir / LOG_DIRS_NAME
        self.broker_log = self.data_dir / BROKER_LOG_NAME
        self.pid_file = self.data_dir / PID_NAME
        self.cluster_id_path = self.data_dir / CLUSTER_ID_NAME

    @property
    def bootstrap_servers(self) -> str:
        return f"{HOST}:{self.port}"

    @functools.cached_property
    def security(self) -> NodeSecurity | None:
        """A secured node's CA, keystore and passwords (made on first use); None if plaintext."""
        if not self.secure:
            return None
        return ensure_node_security(self.data_dir / "security")

    # State -----------------------------------------------------------------

    def read_pid(self) -> int | None:
        """Pid from the pid file, if it names a live broker for this data dir."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        if pid_alive(pid) and _is_our_broker(pid, self.properties_path):
            return pid
        return None

    def is_running(self) -> bool:
        """True when the broker process is alive and its client port answers."""
        return self.read_pid() is not None and port_open(self.port)

    # Lifecycle ---------------------------------------------------------------

    def _java_command(self, libs: Path, *args: str) -> list[str]:
        return [require_tool("java"), "-cp", f"{libs}/*", *args]

    def write_properties(self) -> Path:
        """(Re)write ``server.properties`` for the current ports."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        security = self.security
        overrides = (
            secure_settings(security, self.port, self.controller_port, HOST) if security else []
        )
        self.properties_path.write_text(
            render_server_properties(
                port=self.port,
                controller_port=self.controller_port,
                log_dirs=self.log_dirs,
                overrides=overrides,
            )
        )
        if security is not None:  # it holds the admin's password
            self.properties_path.chmod(0o600)
        return self.properties_path

    def refuse_the_other_kind(self) -> None:
        """A data dir is formatted secured (with SCRAM credentials) or not, once: starting it
        the other way would fail every login, or silently serve a secured log unauthenticated."""
        if not (self.log_dirs / "meta.properties").exists():
            return
        secured = (self.data_dir / "security" / "credentials.json").exists()
        if secured != self.secure:
            how = "with --secure" if secured else "without --secure"
            raise KafkaLauncherError(f"{self.data_dir} was formatted {how}: start it that way")

    def format(self) -> None:
        """Format the data dir once (skipped when already formatted)."""
        libs = ensure_jars(self.home)
        self.refuse_the_other_kind()
        self.write_properties()
        if self.cluster_id_path.exists() and (self.log_dirs / "meta.properties").exists():
            return
        if self.cluster_id_path.exists():
            cluster_id = self.cluster_id_path.read_text().strip()
        else:
            cluster_id = new_cluster_id()
            self.cluster_id_path.write_text(cluster_id + "\n")
        command = self._java_command(
            libs,
            f"-Dlog4j2.configurationFile={LOG4J_CONFIG}",
            "kafka.tools.StorageTool",
            "format",
            "-t", cluster_id,
            "-c", str(self.properties_path),
            *self.format_options(),
            "-g",
            *(scram_arguments(security) if (security := self.security) else []),
        )  # fmt: skip
        code, output = _run_tool(command)
        if code != 0:
            tail = "\n".join(output.splitlines()[-30:])
            raise KafkaLauncherError(f"formatting {self.log_dirs} failed (exit {code}):\n{tail}")

    def format_options(self) -> list[str]:
        """How StorageTool forms the quorum: a single node is its own voter."""
        return ["--standalone"]

    def start(self, timeout: float = 60.0) -> None:
        """Format if needed, launch the broker and wait for its client port.

        Raises KafkaLauncherError with the broker log tail if the process
        exits or the port does not answer within ``timeout`` seconds.
        """
        if self._process is not None and self._process.poll() is None:
            raise KafkaLauncherError(f"broker already started (pid {self._process.pid})")
        existing = self.read_pid()
        if existing is not None:
            raise KafkaLauncherError(
                f"a broker for {self.data_dir} is already running (pid {existing})"
            )
        for port in (self.port, self.controller_port):
            if port_open(port):
                raise KafkaLauncherError(f"port {HOST}:{port} is already in use")
        self.format()
        libs = ensure_jars(self.home)
        command = [
            require_tool("java"),
            f"-Xmx{self.heap}",
            f"-Xms{self.heap}",
            "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={LOG4J_CONFIG}",
            "-cp",
            f"{libs}/*",
            "kafka.Kafka",
            str(self.properties_path),
        ]
        with self.broker_log.open("ab") as log:
            log.write(f"==== {time.strftime('%Y-%m-%dT%H:%M:%S')} starting broker\n".encode())
            log.flush()
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.data_dir,
                start_new_session=True,
            )
        self.pid_file.write_text(f"{self._process.pid}\n")
        deadline = time.monotonic() + timeout
        while True:
            code = self._process.poll()
            if code is not None:
                self.pid_file.unlink(missing_ok=True)
                raise KafkaLauncherError(
                    f"broker exited with code {code} during start-up; "
                    f"last lines of {self.broker_log}:\n{tail_lines(self.broker_log)}"
                )
            if port_open(self.port):
                return
            if time.monotonic() > deadline:
                self.stop()
                raise KafkaLauncherError(
                    f"broker port {self.port} did not open within {timeout:g}s; "
                    f"last lines of {self.broker_log}:\n{tail_lines(self.broker_log)}"
                )
            time.sleep(0.1)

    def poll(self) -> int | None:
        """Exit code of the broker started by this object, or None while it runs."""
        return None if self._process is None else self._process.poll()

    def wait(self) -> int | None:
        """Block until the broker started by this object exits; its exit code."""
        if self._process is None:
            return None
        return self._process.wait()

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM the broker, SIGKILL after ``timeout`` s; no-op if not running.

        Stops the process started by this object, or else the one named by
        the pid file (so another process can stop a detached broker).
        """
        if self._process is not None:
            process, self._process = self._process, None
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        else:
            pid = self.read_pid()
            if pid is not None:
                terminate_pid(pid, timeout)
        self.pid_file.unlink(missing_ok=True)

    def detach(self) -> None:
        """Forget the child handle so the broker outlives this Python process."""
        self._process = None

    def __enter__(self) -> KafkaNode:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
