"""The frame phases of :class:`OpenXRBackend` (a mixin, split out by concern).

wait (xrWaitFrame + xrBeginFrame, period and deadline from the runtime), views
(head and eyes at the predicted display time), render (into the swapchain
images), submit (xrEndFrame). Session events are in :mod:`._events`.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from ._events import XrEventsMixin
from ._frame import TimeBase
from ._swapchain import XrCallError
from ._views import relative_pose, xr_pos_to_panda, xr_quat_to_panda

if TYPE_CHECKING:
    from ...core import FrameContext
    from ...services import Services

log = logging.getLogger("empathy-vr")

IDLE_WAIT_S = 0.01
"""How long a frame waits while no session is running (the runtime does not pace us then)."""

MAX_LEAD_PERIODS = 4
"""How far ahead (in periods) a predicted display time may be and still set the deadline."""
MAX_BEHIND_S = 1.0
"""How far behind the clock it may be (a stalled frame is late, not unpaced)."""


class XrFrameMixin(XrEventsMixin):
    """Frame phases; expects the attributes :class:`OpenXRBackend` sets."""

    services: Services | None
    clock: Any
    rt: Any
    session: Any
    cfg: Any
    stage: Any
    outputs: Any
    mirror: Any
    lifecycle: Any
    counters: dict[str, int]
    marks: dict[str, float]
    margin: float
    refresh_hz: float
    actions: Any
    hands: Any
    scaler: Any

    def _init_frame_state(self) -> None:
        self._init_event_state()
        self._xr_t0: int | None = None
        self._last_xr_t = 0
        self._display_offset = 0.0
        self._timebase: TimeBase | None = None
        self._last_views: list[Any] = []
        self._rel: list[tuple[float, ...]] = []
        self._acquired = False

    # -- wait -----------------------------------------------------------
    def wait_frame(self, ctx: FrameContext) -> None:
        s = self.session
        now = self.clock.now()
        if s is None or not self.lifecycle.running:
            self.counters["idle_frames"] += 1
            self.clock.sleep_until(now + IDLE_WAIT_S)
            ctx.should_render = False
            ctx.dt = 0.0
            ctx.deadline = self.clock.now() + ctx.period
            return
        try:
            s.pump.wait_begin()
        except XrCallError as exc:
            self._on_call_error(exc, ctx)
            return
        fs = s.pump.frame_state
        period = fs.predicted_display_period * 1e-9
        if period > 0:
            if abs(period - ctx.period) > 1e-6:
                self._set_refresh(period)
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
        if self.mirror is not None:
            self.mirror.tick()

    def _deadline(self, xr_time: int, period: float) -> float:
        tb = self._timebase
        if tb is None:
            tb = self._timebase = TimeBase(self.rt.instance, self.rt.extensions)
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
            self.counters["unpaced_frames"] += 1
            return fallback
        return deadline

    def _set_refresh(self, period: float) -> None:
        self.refresh_hz = 1.0 / period
        if self.services is not None:
            self.services.stats.refresh_hz = self.refresh_hz
        if self.mirror is not None:
            self.mirror.set_refresh(self.refresh_hz)

    # -- views ----------------------------------------------------------
    def locate_views(self, ctx: FrameContext) -> None:
        s = self.session
        if s is None or not s.pump.begun or not ctx.should_render:
            return
        try:
            ok = s.pump.locate()
        except XrCallError as exc:
            self._on_call_error(exc, ctx)
            return
        if not ok:
            return
        from .._geometry import EyeView

        hp = s.pump.head.pose
        head_pos = xr_pos_to_panda(hp.position.x, hp.position.y, hp.position.z)
        o = hp.orientation
        head_q = xr_quat_to_panda(o.x, o.y, o.z, o.w)
        self.stage.set_head_pose_quat(head_pos, head_q)
        # Eyes relative to the head rarely change (IPD, fov): rebuild the Stage's views only then.
        changed = False
        rel = self._rel
        for i, v in enumerate(s.pump.views):
            p, q = v.pose.position, v.pose.orientation
            off, rq = relative_pose(head_pos, head_q, xr_pos_to_panda(p.x, p.y, p.z),
                                    xr_quat_to_panda(q.x, q.y, q.z, q.w))
            f = v.fov
            cur = (round(off[0], 4), round(off[1], 4), round(off[2], 4), round(rq[0], 4), round(rq[1], 4),
                   round(rq[2], 4), round(rq[3], 4), f.angle_left, f.angle_right, f.angle_up, f.angle_down)
            if i >= len(rel):
                rel.append(cur)
                changed = True
            elif cur != rel[i]:
                rel[i] = cur
                changed = True
        if changed:
            views = [EyeView((r[0], r[1], r[2]), (r[7], r[8], r[9], r[10]), (r[3], r[4], r[5], r[6])) for r in rel]
            self._last_views = views
            self.stage.set_eye_views(views)
        hands = self.hands
        if hands is not None:
            spaces = self.actions.hand_spaces if self.actions is not None else None
            want = bool(spaces) and self.controls.input_expected  # type: ignore[attr-defined]
            hands.show(want)
            tracked = self.stage.hands
            if want or (spaces and tracked.wanted):  # the controller models, or the participant's own hands
                hands.update(spaces, s.app_space, s.pump.frame_state.predicted_display_time, tracked)

    # -- render ---------------------------------------------------------
    def render(self, ctx: FrameContext) -> None:
        s = self.session
        if s is None or not s.pump.begun or not s.pump.views_valid:
            return
        out = self.outputs
        capture = self.capturer is not None and self.capturer.due(ctx)  # type: ignore[attr-defined]
        # Capture, mirror and console-thumbnail frames go through the output texture (blit) so it
        # holds the picture.
        blit = capture or (self.mirror is not None and self.mirror.due) or self.stage.thumbnail_wanted
        try:
            if out.render_path == "direct" and not blit:
                for i, sc in enumerate(s.swapchains):
                    out.targets[i] = sc.acquire()
                self._acquired = True
                self.stage.render()
            else:
                self.stage.render()
                for i, sc in enumerate(s.swapchains):
                    out.copy_to(i, sc.acquire())
                self._acquired = True
            self._release_images()
        except XrCallError as exc:
            self._on_call_error(exc, ctx)
            return
        if capture:
            self._capture(ctx)

    def _capture(self, ctx: FrameContext) -> None:
        """``--capture``: this frame went through the eye textures (blit); save both eyes as PNG."""
        names = ("_left", "_right")
        buffers = [(buf, names[i] if i < 2 else f"_{i}") for i, buf in enumerate(self.outputs.buffers)]
        worker = self.services.worker if self.services is not None else None
        self.capturer.capture(ctx, self.stage, worker, buffers)  # type: ignore[attr-defined]

    def _release_images(self) -> None:
        if not self._acquired or self.session is None:
            return
        self._acquired = False
        for sc in self.session.swapchains:
            sc.release()
        if self.outputs is not None:
            targets = self.outputs.targets
            for i in range(len(targets)):
                targets[i] = 0

    # -- submit ---------------------------------------------------------
    def end_frame(self, ctx: FrameContext) -> None:
        s = self.session
        if s is None or not s.pump.begun:
            return
        try:
            s.pump.end(ctx.should_render)
        except XrCallError as exc:
            self._on_call_error(exc, ctx)
            return
        scaler = self.scaler
        if scaler is not None and ctx.should_render:
            new = scaler.update(self.clock.now() > ctx.deadline, ctx.display_time)
            if new is not None:
                self.apply_scale(new)  # type: ignore[attr-defined]
