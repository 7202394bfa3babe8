"""Bounded exponential backoff with full jitter, for optimistic compare-and-swap retries.

A writer whose compare-and-swap lost retries at once in the old code, 20 times in a row: under
load the same writers kept colliding and one of them starved ("El borrador está cambiando muy
rápido…"). Here each retry waits a random time in ``[0, min(cap, base·2^attempt)]`` ("full
jitter", which spreads colliding writers apart best), and the retries are bounded by a total
*time* budget rather than a count, so a writer on a slow, busy machine keeps its turn for as long
as a person would wait for a save, and never forever.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Iterate to get attempt numbers; each step after the first sleeps with jitter."""

    base: float = 0.004          # first wait at most 4 ms (about one save on the server)
    cap: float = 0.25            # never wait more than 250 ms between two attempts
    budget: float = 20.0         # give up after this many seconds of trying
    max_attempts: int = 400      # and after this many attempts, whatever the clock says
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int) -> float:
        """The random wait before attempt number ``attempt`` (0 = the first: no wait)."""
        if attempt <= 0:
            return 0.0
        return self.rng.uniform(0.0, min(self.cap, self.base * (2 ** min(attempt, 30))))

    def attempts(self) -> Iterator[int]:
        deadline = self.clock() + self.budget
        for attempt in range(self.max_attempts):
            if attempt:
                if self.clock() >= deadline:
                    return
                self.sleep(self.delay(attempt))
            yield attempt
