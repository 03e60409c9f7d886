"""CLI: ``python -m deploy.kafka start|stop|status|run|fetch``.

* ``fetch``  download the broker jars into the cache (once).
* ``start``  start a detached broker, print ``KAFKA_BOOTSTRAP_SERVERS=...``
             when it is ready; exits 0 if it is already running.
             ``--secure``: SASL_SSL with SCRAM-SHA-512 and ACLs (CA, certificate and
             passwords made on first start under ``<data dir>/security/``, one
             ``<principal>.env`` per client); the ACLs and topics of the deployment
             whose topics start with ``--topic-prefix`` are created as the admin.
* ``stop``   SIGTERM the broker named by the pid file and wait for it.
* ``status`` print ``running ...`` (exit 0) or ``stopped`` (exit 3).
* ``run``    start in the foreground; SIGTERM/SIGINT stop the broker.

``--nodes 3`` does each of these for a three-node cluster (deploy/kafka/cluster.py).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType

from deploy.kafka.cluster_cli import run_cluster_command
from deploy.kafka.launcher import (
    REPO_ROOT,
    KafkaLauncherError,
    KafkaNode,
    ensure_jars,
    port_open,
    terminate_pid,
)
from deploy.kafka.provision import provision

DEFAULT_DATA_DIR = REPO_ROOT / ".cache" / "kafka-data"
EXIT_STOPPED = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.kafka",
        description="Run a local single-node Apache Kafka broker (KRaft) without Docker.",
    )
    parser.add_argument(
        "command", choices=["start", "stop", "status", "run", "fetch"], help="what to do"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help="broker data directory (default: <repo>/.cache/kafka-data)",
    )
    parser.add_argument("--port", type=int, default=9092, help="client port (default 9092)")
    parser.add_argument(
        "--controller-port", type=int, default=9093, help="controller port (default 9093)"
    )
    parser.add_argument(
        "--nodes",
        type=int,
        default=1,
        help="combined controller+broker nodes (default 1); with more, node i uses "
        "port+2(i-1) and controller-port+2(i-1), its own folder under --data-dir "
        "(default <repo>/.cache/kafka-cluster), and topics are replicated min(3, nodes) times",
    )
    parser.add_argument("--heap", default="384m", help="JVM heap, -Xmx/-Xms (default 384m)")
    parser.add_argument(
        "--secure",
        action="store_true",
        help="SASL_SSL (SCRAM-SHA-512), TLS and ACLs; the same data dir must always be "
        "started the same way (credentials are written when it is formatted)",
    )
    parser.add_argument(
        "--topic-prefix", default="", help="with --secure: the deployment's topic prefix"
    )
    parser.add_argument(
        "--partitions", type=int, default=6, help="with --secure: partitions of new topics"
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds to wait for start/stop (default 60)"
    )
    return parser


def _ready_line(node: KafkaNode) -> str:
    line = f"KAFKA_BOOTSTRAP_SERVERS={node.bootstrap_servers}"
    security = node.security
    if security is not None:
        line += f"\nKAFKA_SECURITY_PROTOCOL=SASL_SSL\nKAFKA_SSL_CAFILE={security.ca_file}"
        line += f"\n# each principal's credentials: {security.folder}/<principal>.env"
    return line


def _start(node: KafkaNode, timeout: float, args: argparse.Namespace) -> int:
    pid = node.read_pid()
    if pid is not None:
        deadline = time.monotonic() + timeout
        while not port_open(node.port):
            if time.monotonic() > deadline:
                print(
                    f"broker pid {pid} is alive but port {node.port} does not answer; "
                    "run `python -m deploy.kafka stop` first",
                    file=sys.stderr,
                )
                return 1
            time.sleep(0.2)
        print(f"already running (pid {pid})", file=sys.stderr)
        provision(node, args.topic_prefix, args.partitions)
        print(_ready_line(node))
        return 0
    started = time.monotonic()
    node.start(timeout=timeout)
    node.detach()
    provision(node, args.topic_prefix, args.partitions)
    print(
        f"started (pid {node.read_pid()}) in {time.monotonic() - started:.1f}s; "
        f"log: {node.broker_log}",
        file=sys.stderr,
    )
    print(_ready_line(node))
    return 0


def _stop(node: KafkaNode, timeout: float) -> int:
    pid = node.read_pid()
    if pid is None:
        node.pid_file.unlink(missing_ok=True)
        print("not running")
        return 0
    killed = terminate_pid(pid, timeout)
    node.pid_file.unlink(missing_ok=True)
    print(f"stopped (pid {pid}{', SIGKILL after timeout' if killed else ''})")
    return 0


def _status(node: KafkaNode) -> int:
    pid = node.read_pid()
    if pid is None:
        print("stopped")
        return EXIT_STOPPED
    if port_open(node.port):
        print(f"running (pid {pid}) {_ready_line(node)}")
    else:
        print(f"running (pid {pid}) but port {node.port} not answering yet")
    return 0


def _run(node: KafkaNode, timeout: float, args: argparse.Namespace) -> int:
    stop_requested = threading.Event()

    def _on_signal(signum: int, _frame: FrameType | None) -> None:
        stop_requested.set()

    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        node.start(timeout=timeout)
        provision(node, args.topic_prefix, args.partitions)
        print(_ready_line(node), flush=True)
        while not stop_requested.wait(0.5):
            code = node.poll()
            if code is not None:
                node.stop()
                print(f"broker exited with code {code}; see {node.broker_log}", file=sys.stderr)
                return 1
    finally:
        node.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.nodes > 1 and args.command != "fetch":
        try:
            return run_cluster_command(args, DEFAULT_DATA_DIR)
        except KafkaLauncherError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    node = KafkaNode(
        args.data_dir,
        port=args.port,
        controller_port=args.controller_port,
        heap=args.heap,
        secure=args.secure,
    )
    try:
        if args.command == "fetch":
            print(ensure_jars())
            return 0
        if args.command == "start":
            return _start(node, args.timeout, args)
        if args.command == "stop":
            return _stop(node, args.timeout)
        if args.command == "status":
            return _status(node)
        return _run(node, args.timeout, args)
    except KafkaLauncherError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
