"""How long to wait before trying again after a failed automatic sync.

Exponential backoff with "full jitter": after the n-th failure in a row the wait is drawn
evenly from [floor, min(cap, base × factor**(n-1))]. The jitter matters when a whole team's
laptops come back online at once (the Wi-Fi at the office returns): they spread their retries
out instead of all reaching the central database in the same second. A success resets it.
"""

from __future__ import annotations

import random as _random
from collections.abc import Callable
from dataclasses import dataclass, field

BASE_S = 30.0
FACTOR = 2.0
CAP_S = 30 * 60.0
FLOOR_S = 5.0  # never hammer the centre, however the dice fall


@dataclass
class Backoff:
    """Counts failures in a row and says how long to wait before the next try.

    ``random`` returns a float in [0, 1); pass a fixed one in tests.
    """

    base: float = BASE_S
    factor: float = FACTOR
    cap: float = CAP_S
    floor: float = FLOOR_S
    random: Callable[[], float] = field(default=_random.random, repr=False)
    failures: int = 0

    def __post_init__(self) -> None:
        if not (0 <= self.floor <= self.base <= self.cap) or self.factor < 1:
            raise ValueError("backoff needs 0 <= floor <= base <= cap and factor >= 1")

    def ceiling(self, failures: int | None = None) -> float:
        """The longest wait after ``failures`` failures in a row (default: those counted so far)."""
        n = self.failures if failures is None else failures
        if n <= 0:
            return 0.0
        # Compare exponents rather than computing factor**n, which overflows after a long outage.
        wait = self.base
        for _step in range(n - 1):
            wait *= self.factor
            if wait >= self.cap:
                return self.cap
        return min(wait, self.cap)

    def next_delay(self) -> float:
        """Count one more failure and return the seconds to wait before trying again."""
        self.failures += 1
        ceiling = self.ceiling()
        draw = min(max(float(self.random()), 0.0), 1.0)
        return self.floor + draw * (ceiling - self.floor)

    def reset(self) -> None:
        """A success: the next failure waits only ``base`` at most again."""
        self.failures = 0
