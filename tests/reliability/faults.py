"""Fault injection: SIGKILL services at seeded fault points while they work, and restart them.

Each kill lands where a service is mid-work, never at a lucky moment: the service is
(re)started armed at a fault point (`shared/faults.py`) chosen by the seed, pauses there
when its work reaches it, and is killed then. Only points the scenario keeps reaching
until its end are used, so every planned kill happens.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from pathlib import Path

from shared.faults import MARKER, PAUSE_AT
from tests.reliability.stack import Stack
from tests.support.services import ServiceProcess, armed_at

# Where each service is killed: (fault point, up to which arrival after a start).
POINTS: dict[str, list[tuple[str, int]]] = {
    "hr": [("bulk.chunk_committed", 6), ("relay.batch_published", 6)],
    "finance": [("consumer.batch_applied", 8)],
    "workflow": [("consumer.batch_applied", 8)],
}


class Killer(threading.Thread):
    """Kills each service `times` times, each at a seeded fault point and arrival."""

    def __init__(self, stack: Stack, seed: int, times: int = 3, timeout: float = 600):
        super().__init__(daemon=True)
        self.stack = stack
        rng = random.Random(seed)
        self.plan = {
            name: [f"{point}@{rng.randint(1, most)}"
                   for point, most in (rng.choice(POINTS[name]) for _ in range(times))]
            for name in stack.services
        }  # fmt: skip
        self.timeout = timeout
        self.kills: Counter[str] = Counter()
        self.where: list[str] = []
        self.error: BaseException | None = None
        self._halt = threading.Event()

    def arm(self) -> None:
        """Restart every service (gracefully) armed at its first point; call before the work."""
        for name, service in self.stack.services.items():
            assert service.stop() == 0
            self._start(name, service)

    def run(self) -> None:
        try:
            while any(self.plan.values()):
                for name, service in self.stack.services.items():
                    if self.plan[name] and self._marker(name).exists():
                        service.kill()
                        self.kills[name] += 1
                        self.where.append(f"{name}:{self.plan[name].pop(0)}")
                        self._start(name, service)
                if self._halt.wait(0.1):
                    return
        except BaseException as error:  # reported by `finish`
            self.error = error

    def finish(self) -> Counter[str]:
        """Wait for every planned kill (each service must reach its points), say how many."""
        self.join(timeout=self.timeout)
        if self.error is not None:
            raise self.error
        assert not self.is_alive(), f"fault points never reached: {self.plan}"
        return self.kills

    def cancel(self) -> None:
        self._halt.set()

    def _start(self, name: str, service: ServiceProcess) -> None:
        service.env.pop(PAUSE_AT, None)
        service.env.pop(MARKER, None)
        self._marker(name).unlink(missing_ok=True)
        if self.plan[name]:
            service.env.update(armed_at(self._marker(name), self.plan[name][0]))
        service.start()
        service.wait_healthy(timeout=90)

    def _marker(self, name: str) -> Path:
        return self.stack.log_dir / f"{name}.fault-marker"
