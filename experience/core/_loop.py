"""The frame loop: a fixed sequence of named, timed phases.

Order (docs/architecture.md): poll, wait, views, update, render, submit, slack.
Each phase is a plain callable taking the shared :class:`FrameContext`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._budget import FrameBudget
from ._clock import Clock
from ._gc import GcGuard
from ._scheduler import SlackScheduler
from ._stats import FrameStats

log = logging.getLogger(__name__)

PHASES: tuple[str, ...] = ("poll", "wait", "views", "update", "render", "submit", "slack")
"""Phase names in execution order."""

CORE_PHASES: frozenset[str] = frozenset({"poll", "views", "update", "submit"})
"""Phases counted as Python-side core time (everything but waiting, GL drawing and slack)."""


@dataclass
class FrameContext:
    """State shared by the phases of the current frame. Reused, never reallocated.

    Attributes:
        index: frame number, from 0.
        frame_start: clock time when the frame's poll phase began.
        display_time: predicted display time of this frame (seconds, display clock).
        dt: display time since the previous frame (seconds).
        period: display period (seconds).
        deadline: clock time by which submit must finish.
        should_render: False when the display will not show this frame.
        views: backend-specific per-eye views for this frame.
    """

    index: int = -1
    frame_start: float = 0.0
    display_time: float = 0.0
    dt: float = 0.0
    period: float = 1.0 / 90.0
    deadline: float = 0.0
    should_render: bool = True
    views: Any = None
    stop: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


PhaseFn = Callable[[FrameContext], None]


@dataclass
class Phase:
    """A named unit of the frame with its own timing."""

    name: str
    run: PhaseFn


class FrameLoop:
    """Runs frames phase by phase inside a :class:`FrameBudget`.

    Args:
        clock: the frame clock (injected; tests use ``ManualClock``).
        budget: the budget; its period is updated by the wait phase.
        phases: a callable for each name in :data:`PHASES` except ``slack``;
            missing ones do nothing.
        scheduler: deferred jobs run in the slack phase.
        stats: where timings go.
        gc_guard: optional; collects garbage in slack and counts strays.
    """

    def __init__(
        self,
        clock: Clock,
        budget: FrameBudget,
        phases: dict[str, PhaseFn],
        scheduler: SlackScheduler,
        stats: FrameStats,
        gc_guard: GcGuard | None = None,
    ) -> None:
        unknown = set(phases) - set(PHASES)
        if unknown:
            raise ValueError(f"unknown phases: {sorted(unknown)}")
        self.clock = clock
        self.budget = budget
        self.scheduler = scheduler
        self.stats = stats
        self.gc_guard = gc_guard
        self.ctx = FrameContext(period=budget.period)
        self._phases = [Phase(n, phases.get(n, _noop)) for n in PHASES if n != "slack"]
        self._series = [stats.phases[n] for n in PHASES if n != "slack"]
        self._slack_series = stats.phases["slack"]
        self._core_mask = [p.name in CORE_PHASES for p in self._phases]
        if gc_guard is not None:
            scheduler.every("gc", lambda: gc_guard.collect_step(self._time_left), frames=1, estimate=0.00005)

    def _time_left(self) -> float:
        return self.budget.remaining(self.clock)

    def run_frame(self) -> FrameContext:
        """Run one frame. Returns the context (``ctx.stop`` asks the caller to end)."""
        clock = self.clock
        ctx = self.ctx
        stats = self.stats
        ctx.index += 1
        ctx.frame_start = t = clock.now()
        core = 0.0
        work = 0.0
        for phase, series, is_core in zip(self._phases, self._series, self._core_mask, strict=True):
            if phase.name == "render" and not ctx.should_render:
                stats.skipped_renders += 1
                series.add(0.0)
                continue
            phase.run(ctx)
            t2 = clock.now()
            d = t2 - t
            series.add(d * 1000.0)
            if phase.name == "wait":
                self.budget.period = ctx.period
                self.budget.begin(t2, ctx.deadline)
            else:
                work += d
                if is_core:
                    core += d
            t = t2
        submit_end = t
        stats.frames += 1
        stats.frame.add(work * 1000.0)
        stats.core.add(core * 1000.0)
        stats.budget_use.add(work / ctx.period if ctx.period > 0 else 0.0)
        if submit_end > ctx.deadline:
            stats.missed_frames += 1
        # Slack: deferred jobs until the deadline minus the safety margin.
        guard = self.gc_guard
        if guard is not None:
            guard.in_slack = True
        try:
            self.scheduler.run(ctx.deadline - self.budget.margin)
        finally:
            if guard is not None:
                guard.in_slack = False
        self._slack_series.add((clock.now() - submit_end) * 1000.0)
        return ctx

    def run(self, max_frames: int | None = None) -> None:
        """Run frames until a phase sets ``ctx.stop`` or ``max_frames`` is reached."""
        n = 0
        while not self.ctx.stop and (max_frames is None or n < max_frames):
            self.run_frame()
            n += 1


def _noop(ctx: FrameContext) -> None:
    return None
