"""Clocks: the only source of time for the frame loop, budget and player.

Everything that needs time takes a :class:`Clock`, so tests drive time by hand
with :class:`ManualClock` and never sleep.
"""

from __future__ import annotations

import time
from typing import Protocol

PROCESS_START = time.perf_counter()
"""When this process started, on :class:`MonotonicClock`'s time line (time to first frame)."""


class Clock(Protocol):
    """A monotonic clock in seconds."""

    def now(self) -> float:
        """Return the current time in seconds."""
        ...

    def sleep_until(self, t: float) -> None:
        """Block until ``now() >= t`` (returns at once if already past)."""
        ...


class MonotonicClock:
    """Wall clock based on :func:`time.perf_counter`.

    ``sleep_until`` sleeps coarsely and spins for the last ``spin`` seconds,
    because OS sleeps overshoot by up to a millisecond or more.
    """

    def __init__(self, spin: float = 0.0008) -> None:
        self._spin = spin

    def now(self) -> float:
        return time.perf_counter()

    def sleep_until(self, t: float) -> None:
        while True:
            left = t - time.perf_counter()
            if left <= 0:
                return
            if left > self._spin:
                time.sleep(left - self._spin)
            # else: spin for the last fraction of a millisecond


class ManualClock:
    """A clock that moves only when told to. For tests and simulations."""

    def __init__(self, start: float = 0.0) -> None:
        self._t = start

    def now(self) -> float:
        return self._t

    def advance(self, dt: float) -> None:
        """Move time forward by ``dt`` seconds."""
        if dt < 0:
            raise ValueError("time cannot go backwards")
        self._t += dt

    def set(self, t: float) -> None:
        """Jump to absolute time ``t`` (never backwards)."""
        self._t = max(self._t, t)

    def sleep_until(self, t: float) -> None:
        self.set(t)
