"""Garbage collection kept out of frames.

Automatic collection is switched off while the loop runs; the loop collects
young generations in slack every frame and the oldest generation only when a
frame has room for it. Long-lived objects made at start-up are frozen so a
full collection only looks at what the session itself allocated.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from ._clock import Clock, MonotonicClock
from ._stats import FrameStats


class GcGuard:
    """Keeps the cyclic garbage collector out of the frame's critical path.

    Args:
        stats: where collections in and out of frames are counted.
        full_every: frames between full collections (when one fits).
        work_clock: a real-time clock that times a full collection to learn its cost
            (never a simulated frame clock: the cost is the machine's).
    """

    def __init__(self, stats: FrameStats, full_every: int = 600, work_clock: Clock | None = None) -> None:
        self.stats = stats
        self.work_clock: Clock = work_clock or MonotonicClock()
        self.in_slack = False
        self.full_every = full_every
        self._frames = 0
        self._was_enabled = gc.isenabled()
        self._installed = False
        self.gen2_estimate = 0.002

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase != "start" or info.get("generation") != 2:
            return
        if self.in_slack:
            self.stats.gc_in_slack += 1
        else:
            self.stats.gc_in_frame += 1

    def install(self) -> None:
        """Collect once, freeze what survives and stop automatic collection."""
        if self._installed:
            return
        gc.collect()
        gc.freeze()
        gc.disable()
        gc.callbacks.append(self._callback)
        self._installed = True

    def uninstall(self) -> None:
        if not self._installed:
            return
        gc.callbacks.remove(self._callback)
        gc.unfreeze()
        if self._was_enabled:
            gc.enable()
        self._installed = False

    def collect_step(self, time_left: Callable[[], float]) -> None:
        """One slack step: young generations always, the old one when it fits."""
        self._frames += 1
        gc.collect(0)
        if self._frames % 30 == 0:
            gc.collect(1)
        if self._frames >= self.full_every and time_left() > self.gen2_estimate:
            t0 = self.work_clock.now()
            gc.collect(2)
            cost = self.work_clock.now() - t0
            self.gen2_estimate = max(cost, 0.8 * self.gen2_estimate + 0.2 * cost)
            self._frames = 0
