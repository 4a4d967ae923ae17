"""The frame phases and session lifecycle of :class:`OpenXRBackend` (a mixin, split out by concern)."""

from __future__ import annotations

import ctypes
import logging
import time
from typing import TYPE_CHECKING, Any

from ._frame import TimeBase
from ._lifecycle import Action
from ._raw import raw
from ._swapchain import XrCallError
from ._views import relative_pose, xr_pos_to_panda, xr_quat_to_panda

if TYPE_CHECKING:
    from ...core import FrameContext

log = logging.getLogger("empathy-vr")

IDLE_WAIT_S = 0.01
"""How long a frame waits while no session is running (the runtime does not pace us then)."""

MAX_LEAD_PERIODS = 4
"""How far ahead (in periods) a predicted display time may be and still set the deadline."""
MAX_BEHIND_S = 1.0
"""How far behind the clock it may be (a stalled frame is late, not unpaced)."""

_EVENT_DATA_BUFFER = 16
_EVENT_STATE_CHANGED = 18
_EVENT_INSTANCE_LOSS = 17
_EVENT_EVENTS_LOST = 16
_EVENT_SPACE_CHANGE = 40
_EVENT_PROFILE_CHANGED = 52
_SESSION_LOSS_RESULTS = (-17,)  # XR_ERROR_SESSION_LOST
_INSTANCE_LOSS_RESULTS = (-13,)  # XR_ERROR_INSTANCE_LOST


def as_call_error(exc: Exception, what: str) -> XrCallError:
    """A pyopenxr exception as :class:`XrCallError` with its ``XrResult`` (or a generic failure)."""
    import xr

    for code, cls in getattr(xr.exception, "_exception_map", {}).items():
        if type(exc) is cls:
            return XrCallError(what, int(code.value))
    return XrCallError(what, -2)  # XR_ERROR_RUNTIME_FAILURE


class XrFrameMixin:
    """Frame phases; expects the attributes :class:`OpenXRBackend` sets."""

    app: Any
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

    def _init_frame_state(self) -> None:
        import xr

        self._event = xr.EventDataBuffer()
        self._event_ref = ctypes.byref(self._event)
        self._event_type = ctypes.c_int.from_buffer(self._event, 0)
        self._poll_event = raw("xrPollEvent")
        self._xr_t0: int | None = None
        self._last_xr_t = 0
        self._display_offset = 0.0
        self._timebase: TimeBase | None = None
        self._last_views: list[Any] = []
        self._rel: list[tuple[float, ...]] = []
        self._submitted_total = 0
        self._layers_total = 0
        self._acquired = False
        self.marks: dict[str, float] = {}

    # -- events ---------------------------------------------------------
    def _poll_events(self, ctx: FrameContext) -> None:
        import xr

        if self.rt is None:
            return
        instance = self.rt.instance
        for _ in range(32):
            self._event_type.value = _EVENT_DATA_BUFFER
            v = self._poll_event(instance, self._event_ref)
            if v < 0:
                raise XrCallError("xrPollEvent", v)
            if v != 0:  # XR_EVENT_UNAVAILABLE
                return
            etype = self._event_type.value
            if etype == _EVENT_STATE_CHANGED:
                ev = ctypes.cast(self._event_ref, ctypes.POINTER(xr.EventDataSessionStateChanged)).contents
                log.debug("openxr: session state %s", xr.SessionState(ev.state).name)
                for action in self.lifecycle.on_state(int(ev.state)):
                    try:
                        self._act(action, ctx)
                    except XrCallError:
                        raise
                    except Exception as exc:  # pyopenxr raises its own classes from begin/end
                        raise as_call_error(exc, f"{action.kind} session") from None
            elif etype == _EVENT_INSTANCE_LOSS:
                for action in self.lifecycle.on_instance_loss():
                    self._act(action, ctx)
            elif etype == _EVENT_EVENTS_LOST:
                log.warning("openxr: the runtime dropped events")
            elif etype == _EVENT_SPACE_CHANGE:
                log.info("openxr: the runtime recentred the tracking space")
            elif etype == _EVENT_PROFILE_CHANGED and self.actions is not None:
                log.info("openxr: controllers: %s", ", ".join(p or "none" for p in self.actions.current_profiles()))

    def _act(self, action: Action, ctx: FrameContext) -> None:
        kind = action.kind
        if kind in ("end", "exit", "recreate") and not self.lifecycle.exit_requested:
            self.marks.setdefault(f"runtime_{kind}", self.clock.now())
        if kind == "begin":
            self.session.begin(self.cfg.view_type)
        elif kind == "end":
            self._release_images()
            self.session.end()
        elif kind == "recreate":
            self.counters["lost"] += 1
            self._recreate(ctx)
        elif kind == "exit":
            log.info("openxr: %s", action.reason)
            ctx.stop = True
        elif kind == "focus_lost":
            self._focus(False)  # type: ignore[attr-defined]
        elif kind == "focus_gained":
            self._focus(True)  # type: ignore[attr-defined]

    def _on_call_error(self, exc: XrCallError, ctx: FrameContext) -> None:
        if exc.result in _SESSION_LOSS_RESULTS:
            log.warning("openxr: %s; the session was lost", exc)
            self.counters["lost"] += 1
            self._recreate(ctx)
        elif exc.result in _INSTANCE_LOSS_RESULTS:
            log.warning("openxr: %s; the runtime went away", exc)
            ctx.stop = True
        else:
            log.error("openxr: %s; ending the run", exc)
            ctx.stop = True
        ctx.should_render = False

    def _recreate(self, ctx: FrameContext) -> None:
        """Replace a lost session with a new one; stop the run cleanly when that fails."""
        from ._session import XrSession

        self._shutdown_session(request_exit=False)
        try:
            sizes = list(self.outputs.sizes)
            self.session = XrSession.create(self.rt, self._ctx_handles, self.cfg, sizes,  # type: ignore[attr-defined]
                                            self.space_pref)  # type: ignore[attr-defined]
            self.outputs.targets[:] = [0] * len(sizes)
            self._attach_actions()  # type: ignore[attr-defined]
            self.counters["recreated"] += 1
            log.info("openxr: session recreated after a loss")
        except Exception as exc:
            log.warning("openxr: could not recreate the session (%s); ending the run", exc)
            self.session = None
            ctx.stop = True

    def _shutdown_session(self, request_exit: bool, budget_s: float = 0.8) -> None:
        """End and destroy the session; with ``request_exit`` ask the runtime first (bounded wait)."""
        s = self.session
        if s is None:
            return
        self._release_images()
        if request_exit and self.lifecycle.running:
            self.lifecycle.exit_requested = True
            try:
                s.request_exit()
                end = time.monotonic() + budget_s
                dummy = type("Ctx", (), {"stop": False, "should_render": False})()
                while self.lifecycle.running and time.monotonic() < end:
                    if s.pump.begun:
                        s.pump.end(False)
                    self._poll_events(dummy)  # type: ignore[arg-type]
                    if self.lifecycle.running and time.monotonic() < end:
                        s.pump.wait_begin()
            except Exception as exc:
                log.debug("openxr: exit handshake: %s", exc)
        if self.lifecycle.running:
            try:
                if s.pump.begun:
                    s.pump.end(False)
                s.end()
            except Exception as exc:
                log.debug("openxr: xrEndSession: %s", exc)
        self._submitted_total += s.pump.submitted
        self._layers_total += s.pump.submitted_layers
        if self.actions is not None:
            self.actions.detach()
        s.destroy()
        self.session = None
        self.lifecycle.reset()

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
        app = self.app
        if app is not None:
            app.stats.refresh_hz = self.refresh_hz
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
        from .._base import EyeView

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
            if want:
                hands.update(spaces, s.app_space, s.pump.frame_state.predicted_display_time)

    # -- render ---------------------------------------------------------
    def render(self, ctx: FrameContext) -> None:
        s = self.session
        if s is None or not s.pump.begun or not s.pump.views_valid:
            return
        out = self.outputs
        try:
            if out.render_path == "direct":
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
