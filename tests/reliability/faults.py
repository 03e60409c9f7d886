"""Fault injection: SIGKILL services at seeded random moments and restart them."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter

from tests.reliability.stack import Stack


class Killer(threading.Thread):
    """Kills each service `times` times, in a seeded random order and at random moments."""

    def __init__(self, stack: Stack, seed: int, times: int = 3, gap: tuple[float, float] = (2, 6)):
        super().__init__(daemon=True)
        self.stack = stack
        self.rng = random.Random(seed)
        self.gap = gap
        self.plan = [name for name in stack.services for _ in range(times)]
        self.rng.shuffle(self.plan)
        self.kills: Counter[str] = Counter()
        self.error: BaseException | None = None
        self._halt = threading.Event()

    def run(self) -> None:
        try:
            for name in self.plan:
                if self._halt.wait(self.rng.uniform(*self.gap)):
                    return
                service = self.stack.services[name]
                service.kill()
                self.kills[name] += 1
                time.sleep(self.rng.uniform(0, 1.0))  # down for a moment
                service.start()
                service.wait_healthy(timeout=90)
        except BaseException as error:  # reported by `finish`
            self.error = error

    def finish(self) -> Counter[str]:
        """Wait for every planned kill (the scenario may end first), then say how many."""
        self.join(timeout=600)
        if self.error is not None:
            raise self.error
        return self.kills

    def cancel(self) -> None:
        self._halt.set()
