"""``python -m deploy.kafka start|stop|status|run --nodes N``: the same commands for a cluster.

Every command acts on all N nodes; pass the same ``--nodes`` (and ``--data-dir``) to
``stop`` and ``status`` as to ``start``.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from deploy.kafka.cluster import KafkaCluster
from deploy.kafka.launcher import REPO_ROOT, port_open, terminate_pid

DEFAULT_CLUSTER_DIR = REPO_ROOT / ".cache" / "kafka-cluster"
EXIT_STOPPED = 3


def cluster_from(args: argparse.Namespace, default_data_dir: object) -> KafkaCluster:
    """The cluster the arguments name; its own folder unless ``--data-dir`` was given."""
    data_dir = DEFAULT_CLUSTER_DIR if args.data_dir == default_data_dir else args.data_dir
    return KafkaCluster(
        data_dir, args.nodes, port=args.port, controller_port=args.controller_port, heap=args.heap
    )


def _start(cluster: KafkaCluster, timeout: float) -> int:
    running = [node for node in cluster.nodes if node.read_pid() is not None]
    if len(running) == len(cluster.nodes):
        print("already running", file=sys.stderr)
    elif running:
        names = ", ".join(f"node {n.node_id}" for n in running)
        print(
            f"only {names} of {len(cluster.nodes)} running: run `python -m deploy.kafka stop "
            f"--nodes {len(cluster.nodes)}` first",
            file=sys.stderr,
        )
        return 1
    else:
        started = time.monotonic()
        cluster.start(timeout=timeout)
        cluster.detach()
        took = time.monotonic() - started
        logs = cluster.data_dir / "node-*" / "broker.log"
        print(f"started {len(cluster.nodes)} nodes in {took:.1f}s; logs: {logs}", file=sys.stderr)
    print(f"KAFKA_BOOTSTRAP_SERVERS={cluster.bootstrap_servers}")
    return 0


def _stop(cluster: KafkaCluster, timeout: float) -> int:
    # All at once: the last node alone cannot finish a controlled shutdown without a quorum.
    pids = [node.read_pid() for node in cluster.nodes]

    def stop(pid: int | None) -> str:
        if pid is None:
            return "not running"
        return f"stopped (pid {pid}{', SIGKILL' if terminate_pid(pid, timeout) else ''})"

    with ThreadPoolExecutor(len(cluster.nodes)) as pool:
        outcomes = list(pool.map(stop, pids))
    for node, outcome in zip(cluster.nodes, outcomes, strict=True):
        node.pid_file.unlink(missing_ok=True)
        print(f"node {node.node_id}: {outcome}")
    return 0


def _status(cluster: KafkaCluster) -> int:
    answering = 0
    for node in cluster.nodes:
        pid = node.read_pid()
        if pid is None:
            print(f"node {node.node_id}: stopped")
        elif port_open(node.port):
            answering += 1
            print(f"node {node.node_id}: running (pid {pid}) on {node.bootstrap_servers}")
        else:
            print(f"node {node.node_id}: running (pid {pid}) but port {node.port} not answering")
    if answering:
        print(f"KAFKA_BOOTSTRAP_SERVERS={cluster.bootstrap_servers}")
    return 0 if answering else EXIT_STOPPED


def _run(cluster: KafkaCluster, timeout: float) -> int:
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    try:
        cluster.start(timeout=timeout)
        print(f"KAFKA_BOOTSTRAP_SERVERS={cluster.bootstrap_servers}", flush=True)
        # Blocked only now: the brokers started above must not inherit a blocked SIGTERM.
        signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
        while signal.sigtimedwait(stop_signals, 0.5) is None:
            for node in cluster.nodes:
                code = node.poll()
                if code is not None:
                    print(f"node {node.node_id} exited ({code}); see {node.broker_log}")
                    return 1
    finally:
        cluster.stop()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stop_signals)
    return 0


def run_cluster_command(args: argparse.Namespace, default_data_dir: object) -> int:
    """Carry out start, stop, status or run on every node of the cluster."""
    cluster = cluster_from(args, default_data_dir)
    commands: dict[str, Callable[[], int]] = {
        "start": lambda: _start(cluster, args.timeout),
        "stop": lambda: _stop(cluster, args.timeout),
        "status": lambda: _status(cluster),
        "run": lambda: _run(cluster, args.timeout),
    }
    return commands[args.command]()
