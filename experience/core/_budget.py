"""The frame budget: how much time a frame may take and what is left of it."""

from __future__ import annotations

from dataclasses import dataclass

from ._clock import Clock


@dataclass
class FrameBudget:
    """Time budget of one display period.

    Attributes:
        period: the display period in seconds (1 / refresh rate).
        margin: safety margin kept free before the deadline, in seconds, for
            the submit call and scheduling jitter.
    """

    period: float
    margin: float = 0.0005
    start: float = 0.0
    deadline: float = 0.0

    @classmethod
    def from_hz(cls, hz: float, margin: float = 0.0005) -> FrameBudget:
        if not hz > 0:
            raise ValueError(f"refresh rate must be positive, got {hz}")
        return cls(period=1.0 / hz, margin=margin)

    @property
    def refresh_hz(self) -> float:
        return 1.0 / self.period

    def begin(self, start: float, deadline: float | None = None) -> None:
        """Start a frame at ``start`` with a deadline (default start + period)."""
        self.start = start
        self.deadline = deadline if deadline is not None else start + self.period

    def remaining(self, clock: Clock) -> float:
        """Seconds left before the deadline, minus the safety margin."""
        return self.deadline - self.margin - clock.now()

    def used(self, now: float) -> float:
        """Fraction of the period used at time ``now``."""
        return (now - self.start) / self.period
