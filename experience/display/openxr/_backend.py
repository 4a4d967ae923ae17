"""OpenXRBackend: the display contract on a real (or simulated) headset.

Phase by phase (docs/architecture.md):

* poll: XR events → session lifecycle; controller actions → requests.
* wait: xrWaitFrame + xrBeginFrame; period, deadline and display time from
  the runtime's prediction.
* views: xrLocateViews + the head (VIEW space) at the predicted display time.
* render: acquire both swapchain images, Panda3D draws, release.
* submit: xrEndFrame (no layer when the runtime says not to render).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ...errors import UsageError
from ...requests import Request
from ...settings import Settings
from .._base import DisplayBackend, HudControl
from .._geometry import stereo_views
from .._stage import Stage
from ._controls import Controls, Haptic
from ._gl import GLFunctions, capture_current
from ._lifecycle import Lifecycle
from ._mirror import Mirror, buffer_type, x_display_opens
from ._options import XrOptions
from ._outputs import EyeOutputs
from ._runtime import XrRuntime, XrUnavailable, error_name, take_probed
from ._scale import RenderScale
from ._session import ViewConfig, XrSession, view_config
from ._swapchain import XrCallError
from ._xrloop import XrFrameMixin

if TYPE_CHECKING:
    from ...core import Clock, FrameContext

log = logging.getLogger("empathy-vr")

_LOSS_RESULTS = {-17, -3}  # XR_ERROR_SESSION_LOST, XR_ERROR_INSTANCE_LOST


class OpenXRBackend(XrFrameMixin, DisplayBackend):
    """Renders the Stage's two eyes into OpenXR swapchains.

    Args:
        clock: the frame clock (a monotonic clock: deadlines come from the runtime).
        settings: run settings; uses ``size`` (per-eye pixels instead of the
            runtime's recommendation), ``capture``/``capture_every``/``capture_at``,
            ``extra["hud"]`` and the ``xr_*`` options of :class:`~._options.XrOptions`
            (also settable as ``EMPATHY_XR_*`` environment variables). ``refresh`` is
            ignored: the runtime paces.
    """

    name = "openxr"
    tracking_origin = "eye"

    def __init__(self, clock: Clock, settings: Settings | None = None) -> None:
        self.options = opts = XrOptions.from_settings(settings)
        self.clock = clock
        self.settings = settings
        self.refresh_hz = 90.0
        self.stereo = True
        self.size_override: tuple[int, int] | None = settings.size if settings is not None else None
        self.render_path = opts.render_path
        self.space_pref = opts.space
        self.want_mirror = opts.mirror
        self.margin = opts.margin_s
        self.want_controllers = opts.controllers
        self.scaler: RenderScale | None = RenderScale() if opts.render_scale == "auto" else None
        self.fixed_scale = opts.fixed_scale
        self.binding = opts.binding
        try:
            self.rt: XrRuntime | None = take_probed(self.binding) or XrRuntime.open(self.binding)
        except XrUnavailable as exc:
            raise UsageError(f"--mode xr: {exc}; try --mode desktop") from None
        self.lifecycle = Lifecycle()
        self.controls = Controls()
        self.session: XrSession | None = None
        self.cfg: ViewConfig | None = None
        self.outputs: EyeOutputs | None = None
        self.mirror: Mirror | None = None
        self.actions: Any = None
        self.hands: Any = None
        self.gl: GLFunctions | None = None
        self._ctx_handles: Any = None
        self._requests: list[Request] = []
        self._haptics: list[Haptic] = []
        self._stopped = False
        self._format_name: str | None = None
        self._space_kind: str | None = None
        cap_dir = settings.capture if settings is not None else None
        self.capturer: Any = None
        if cap_dir:
            from .._capture import Capturer

            assert settings is not None
            self.capturer = Capturer(cap_dir, settings.capture_every, tuple(settings.capture_at), 90.0)
        self.counters: dict[str, Any] = {
            "idle_frames": 0, "unpaced_frames": 0, "render_scale_pct": 100, "headset_off": 0, "recreated": 0,
            "lost": 0, "runtime_exit": 0,
            # Why the session left FOCUSED, each time, counted for what it turned out to be.
            "focus_lost": {"headset_off": 0, "session_lost": 0, "runtime_exit": 0}}
        self._unfocused: str | None = None  # the cause of the current time out of FOCUSED
        self._init_frame_state()

    # -- set-up ---------------------------------------------------------
    def stage_factory(self) -> Stage:
        mirror = self.want_mirror and (self.binding == "wgl" or (self.binding == "glx" and x_display_opens()))
        if self.binding == "glx" and not mirror and not x_display_opens():
            log.info("openxr: the X display does not open; using EGL offscreen without a mirror")
            self.binding = "egl"
            self._reopen_runtime()
        if self.binding == "egl":
            return Stage.create("offscreen", (16, 16), display="p3headlessgl")
        size = (960, 540) if mirror else (16, 16)
        return Stage.create("onscreen" if mirror else "offscreen", size, display="pandagl",
                            title="empathy-vr (headset mirror)")

    def _reopen_runtime(self) -> None:
        if self.rt is not None:
            self.rt.destroy()
        try:
            self.rt = XrRuntime.open(self.binding)
        except XrUnavailable as exc:
            raise UsageError(f"--mode xr: {exc}") from None

    def start(self, stage: Stage) -> None:
        """Create the session on Panda3D's context, the swapchains, the eyes, mirror and controllers.

        Raises:
            UsageError: one line saying why the headset session could not start.
        """
        try:
            self._start(stage)
        except UsageError:
            raise
        except Exception as exc:
            log.debug("openxr: start failed", exc_info=True)
            name = error_name(exc)
            raise UsageError(f"--mode xr: the headset session could not start ({name}); "
                             "run with -v for details, or use --mode desktop") from None

    def _start(self, stage: Stage) -> None:
        assert self.rt is not None
        self.stage = stage
        if self.services is not None:
            self.controls.model = self.services.selection  # the run's one check-in selection
        base = stage.base
        base.graphicsEngine.renderFrame()  # opens the GL context and leaves it current
        self._ctx_handles = capture_current(self.binding)
        self.gl = GLFunctions(self.binding)
        lo, hi = self.rt.graphics_requirements()
        self.cfg = cfg = view_config(self.rt)
        sizes = [self._eye_size(i) for i in range(len(cfg.sizes))]
        self.session = XrSession.create(self.rt, self._ctx_handles, cfg, sizes, self.space_pref)
        stage.tracking_origin = "floor" if self.session.space_kind == "stage" else "eye"
        self._format_name, self._space_kind = self.session.format_name, self.session.space_kind
        self.outputs = EyeOutputs(base, sizes, self.gl, self.render_path)
        stage.build_eyes(stereo_views()[: len(sizes)], sizes[0], self.outputs.outputs())
        self.outputs.install()
        if self.fixed_scale is not None:
            self.apply_scale(self.fixed_scale)
        if self.want_mirror and base.win is not None and not base.win.isOfType(buffer_type()):
            self.mirror = Mirror(base, self.outputs.textures[0], sizes[0][0] / sizes[0][1], self._put_request)
            self.mirror.set_refresh(self.refresh_hz)
            self.mirror.set_hud(bool(self.settings is not None and self.settings.extra.get("hud")))
        elif base.win is not None:
            base.win.setClearColorActive(False)
            base.win.setActive(False)  # the host only shares its context; the eye buffers still draw
        self._attach_actions()
        if self.actions is not None:
            from ._hands import Hands

            self.hands = Hands(stage.rig)
        log.info("openxr: %s / %s, %d views of %dx%d, %s, %s space, %s path, GL %s..%s",
                 self.rt.runtime_name, self.rt.system_name, len(sizes), sizes[0][0], sizes[0][1],
                 self.session.format_name, self.session.space_kind, self.render_path, lo, hi)

    def apply_scale(self, scale: float) -> None:
        """Draw into the lower-left ``scale`` part of each swapchain image (render-scale fallback)."""
        if self.outputs is None:
            return
        drawn = self.outputs.set_scale([e.buffer for e in self.stage.eyes], scale)
        self._apply_rects()
        self.counters["render_scale_pct"] = round(scale * 100)
        log.info("openxr: render scale %.0f%% (%dx%d per eye)", scale * 100, *drawn[0])

    def _apply_rects(self) -> None:
        if self.session is not None and self.outputs is not None:
            for i, (w, h) in enumerate(self.outputs.drawn):
                self.session.pump.set_image_rect(i, w, h)

    def _eye_size(self, i: int) -> tuple[int, int]:
        assert self.cfg is not None
        w, h = self.cfg.sizes[i]
        if self.size_override:
            w, h = self.size_override
        mw, mh = self.cfg.max_sizes[i]
        if mw and mh:
            w, h = min(w, mw), min(h, mh)
        return max(16, int(w)), max(16, int(h))

    def _attach_actions(self) -> None:
        from ._actions import ControllerActions

        assert self.rt is not None and self.session is not None
        if not self.want_controllers:
            return
        try:
            if self.actions is None:
                self.actions = ControllerActions(self.rt.instance)
            self.actions.attach(self.session.handle)
        except Exception as exc:  # controllers are optional: the console and gaze still work
            log.warning("openxr: controllers not available (%s)", exc)
            self.actions = None

    # -- poll -----------------------------------------------------------
    def poll(self, ctx: FrameContext) -> None:
        if self.mirror is not None:
            self.mirror.poll()
        try:
            self._poll_events(ctx)
            if self.lifecycle.running and self.actions is not None and self.session is not None:
                self._poll_controls(ctx.display_time)
        except XrCallError as exc:
            self._on_call_error(exc, ctx)

    def _put_request(self, req: Request) -> None:
        if self.services is not None:
            self.services.requests.put(req)

    def hud(self) -> HudControl | None:
        """The desktop mirror's HUD (none without a mirror)."""
        return self.mirror

    def _poll_controls(self, now: float) -> None:
        """Read the controllers; gestures are timed on display time (the runtime's clock)."""
        controls = self.controls
        if not self.actions.read(controls.hands):
            controls.update(now, "", self._requests, self._haptics)
            return
        services = self.services
        state = services.player.state if services is not None else ""
        controls.update(now, state, self._requests, self._haptics)
        if self._requests:
            for req in self._requests:
                self._put_request(req)
            self._requests.clear()
        if self._haptics:
            for h in self._haptics:
                self.actions.pulse(h)
            self._haptics.clear()
        if services is not None:
            services.session.calm_hold = controls.calm_progress

    def _focus(self, on: bool, cause: str = "headset_off") -> None:
        """Focus went (``cause``: headset_off, or session_lost / runtime_exit when the runtime said so
        in the same change) or came back."""
        if not on:  # headset_off: taken off or the system menu, until the runtime says otherwise
            self._unfocused = cause
            if cause == "headset_off":
                self.counters["headset_off"] += 1
            self.counters["focus_lost"][cause] += 1
            log.info("openxr: headset lost focus (%s)",
                     "taken off or system menu" if cause == "headset_off" else cause.replace("_", " "))
        else:
            self._unfocused = None
            log.info("openxr: headset focused again")
        if self.services is not None:
            self.services.host.headset_changed(on, cause)

    def _leaving_because(self, cause: str) -> None:
        """The session is going (``session_lost`` or ``runtime_exit``): the focus it lost was not a headset off."""
        counters = self.counters
        if self._unfocused == "headset_off":
            counters["headset_off"] -= 1
            counters["focus_lost"]["headset_off"] -= 1
            counters["focus_lost"][cause] += 1
        self._unfocused = cause

    def _runtime_exit(self, reason: str) -> None:
        """The session ended for good (``runtime_exit``, or ``session_lost`` when no new one could be
        made): the experience ends, recorded as such."""
        if reason == "runtime_exit":
            self._leaving_because("runtime_exit")
            self.counters["runtime_exit"] += 1
        if self.services is not None:
            self.services.host.display_ended(reason)

    # -- stop -----------------------------------------------------------
    def warm_up(self) -> None:
        """Nothing: drawing outside xrWaitFrame/xrBeginFrame would touch swapchain images not acquired."""

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._shutdown_session(request_exit=True)
        if self.services is not None:
            self.services.stats.extra["xr"] = self.stats_extra()
        if self.mirror is not None:
            self.mirror.destroy()
            self.mirror = None
        if self.hands is not None:
            self.hands.destroy()
            self.hands = None
        if self.outputs is not None:
            self.outputs.destroy()
            self.outputs = None
        if self.actions is not None:
            self.actions.destroy()
            self.actions = None
        if self.rt is not None:
            self.rt.destroy()
            self.rt = None
        self.marks["stopped"] = self.clock.now()

    def stats_extra(self) -> dict[str, Any]:
        """What the backend adds to the stats document under ``xr``."""
        s = self.session
        pump = s.pump if s is not None else None
        return {
            "runtime": self.rt.runtime_name if self.rt else None,
            "system": self.rt.system_name if self.rt else None,
            "submitted": self._submitted_total + (pump.submitted if pump else 0),
            "with_layers": self._layers_total + (pump.submitted_layers if pump else 0),
            "format": self._format_name,
            "space": self._space_kind,
            "eye_size": list(self.outputs.sizes[0]) if self.outputs else None,
            "render_path": self.render_path,
            "states": [st.name.lower() for st in self.lifecycle.history],
            **self.counters,
        }


__all__ = ["OpenXRBackend", "XrUnavailable"]
