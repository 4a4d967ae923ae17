"""The wait phase's arithmetic: period, display time and deadline from the runtime's prediction.

:class:`FramePacer` turns the ``XrFrameState`` of each ``xrWaitFrame`` into the
frame context: ``ctx.period`` from ``predictedDisplayPeriod``, ``ctx.display_time``
as seconds since the first XR frame, ``ctx.deadline`` as the predicted display time
on the app's clock minus a margin, ``ctx.should_render``. While no session runs it
idles (the runtime does not pace then).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ._frame import TimeBase

if TYPE_CHECKING:
    import xr

    from ...core import Clock, FrameContext
    from ._live import XrCounters
    from ._runtime import XrRuntime

IDLE_WAIT_S = 0.01
"""How long a frame waits while no session is running (the runtime does not pace us then)."""

MAX_LEAD_PERIODS = 4
"""How far ahead (in periods) a predicted display time may be and still set the deadline."""
MAX_BEHIND_S = 1.0
"""How far behind the clock it may be (a stalled frame is late, not unpaced)."""


class FramePacer:
    """Frame timing from the runtime's predictions.

    Args:
        clock: the frame clock (monotonic: deadlines are mapped onto it).
        rt: the runtime (its time conversion extension, when it has one).
        margin_s: how long before the predicted display time submit must end.
        counters: ``idle_frames`` and ``unpaced_frames`` are counted here.
        on_refresh: called with the new rate when the runtime's period changes.
    """

    def __init__(self, clock: Clock, rt: XrRuntime, margin_s: float, counters: XrCounters,
                 on_refresh: Callable[[float], None]) -> None:
        self.clock = clock
        self.margin = margin_s
        self.counters = counters
        self._rt = rt
        self._on_refresh = on_refresh
        self._xr_t0: int | None = None
        self._last_xr_t = 0
        self._display_offset = 0.0
        self._timebase: TimeBase | None = None

    def idle(self, ctx: FrameContext) -> None:
        """No session runs: wait a little, draw nothing."""
        self.counters.idle_frames += 1
        self.clock.sleep_until(self.clock.now() + IDLE_WAIT_S)
        ctx.should_render = False
        ctx.dt = 0.0
        ctx.deadline = self.clock.now() + ctx.period

    def paced(self, ctx: FrameContext, fs: xr.FrameState) -> None:
        """After ``xrWaitFrame``: set the frame's period, dt, display time, deadline and whether to render."""
        period = fs.predicted_display_period * 1e-9
        if period > 0:
            if abs(period - ctx.period) > 1e-6:
                self._on_refresh(1.0 / period)
            ctx.period = period
        t = int(fs.predicted_display_time)
        if self._xr_t0 is None:
            self._xr_t0 = t
            self._last_xr_t = t
        ctx.dt = max(0.0, (t - self._last_xr_t) * 1e-9)
        self._last_xr_t = t
        self._display_offset += ctx.dt
        ctx.display_time = self._display_offset
        ctx.should_render = bool(fs.should_render)
        ctx.deadline = self._deadline(t, ctx.period)

    def _deadline(self, xr_time: int, period: float) -> float:
        tb = self._timebase
        if tb is None:
            tb = self._timebase = TimeBase(self._rt.instance, self._rt.extensions)
        mono = tb.to_monotonic(xr_time)
        now = self.clock.now()
        fallback = now + period - self.margin
        if mono is None:
            return fallback
        deadline = mono + (now - time.monotonic()) - self.margin
        # A runtime pacing in real time predicts a display time a few periods ahead (a deadline
        # already past means this frame is late, and is counted so). Anything further off (a
        # simulator's free pacing, a clock mix-up) gets the plain one-period budget.
        if not now - MAX_BEHIND_S <= deadline <= now + MAX_LEAD_PERIODS * period:
            self.counters.unpaced_frames += 1
            return fallback
        return deadline
