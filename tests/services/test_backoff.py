"""The compare-and-swap retry schedule: exponential, jittered, capped, bounded in time."""

from __future__ import annotations

import random

from reglamentos_app.services.backoff import Backoff


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_first_attempt_does_not_wait_and_waits_grow_but_stay_capped():
    backoff = Backoff(base=0.01, cap=0.2, rng=random.Random(1))
    assert backoff.delay(0) == 0.0
    for attempt in range(1, 40):
        bound = min(0.2, 0.01 * 2 ** attempt)
        samples = [backoff.delay(attempt) for _ in range(200)]
        assert all(0.0 <= s <= bound for s in samples)
        # full jitter: the waits really spread over the whole interval
        assert max(samples) > 0.7 * bound and min(samples) < 0.3 * bound


def test_retries_end_when_the_time_budget_is_spent():
    clock = FakeClock()
    backoff = Backoff(base=0.01, cap=0.5, budget=5.0, max_attempts=10_000, sleep=clock.sleep,
                      clock=clock, rng=random.Random(2))
    attempts = list(backoff.attempts())
    assert attempts[0] == 0 and len(attempts) > 10   # many tries, not the old 20-and-out
    assert clock.now >= 5.0 - 0.5                     # it kept trying for the whole budget
    assert clock.now <= 5.0 + 0.5                     # and not longer than one wait beyond it


def test_retries_are_bounded_in_number_too():
    clock = FakeClock()
    backoff = Backoff(base=0.0, cap=0.0, budget=1e9, max_attempts=7, sleep=clock.sleep,
                      clock=clock)
    assert list(backoff.attempts()) == list(range(7))
