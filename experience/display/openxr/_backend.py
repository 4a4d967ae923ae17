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
import os
from typing import TYPE_CHECKING, Any

from ...errors import UsageError
from .._base import DisplayBackend, stereo_views
from .._stage import Stage
from ._controls import Controls, Haptic
from ._gl import GLFunctions, capture_current
from ._lifecycle import Lifecycle
from ._mirror import Mirror
from ._outputs import EyeOutputs
from ._runtime import XrRuntime, XrUnavailable, default_binding, take_probed
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
            runtime's recommendation), ``refresh`` (ignored: the runtime paces) and
            ``extra``: ``xr_render_path`` (``direct``|``blit``), ``xr_space``
            (``auto``|``stage``|``local``), ``xr_mirror`` (bool), ``xr_margin_ms``.
    """

    name = "openxr"
    tracking_origin = "eye"

    def __init__(self, clock: Clock, settings: Any = None) -> None:
        extra = {**_env_options(), **dict(getattr(settings, "extra", None) or {})}
        self.clock = clock
        self.settings = settings
        self.refresh_hz = 90.0
        self.stereo = True
        self.size_override: tuple[int, int] | None = getattr(settings, "size", None)
        self.render_path = str(extra.get("xr_render_path", "direct"))
        if self.render_path not in ("direct", "blit"):
            raise UsageError(f"xr render path must be direct or blit, got {self.render_path!r}")
        self.space_pref = str(extra.get("xr_space", "auto"))
        self.want_mirror = _flag(extra.get("xr_mirror", True))
        self.margin = float(extra.get("xr_margin_ms", 2.0)) / 1000.0
        self.want_controllers = _flag(extra.get("xr_controllers", True))
        self.binding = default_binding()
        if extra.get("xr_binding") in ("glx", "egl", "wgl"):
            self.binding = str(extra["xr_binding"])
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
        self._subscribed = False
        self._requests: list[Any] = []
        self._haptics: list[Haptic] = []
        self._stopped = False
        self._format_name: str | None = None
        self._space_kind: str | None = None
        cap_dir = getattr(settings, "capture", None)
        self.capturer: Any = None
        if cap_dir:
            from .._capture import Capturer

            self.capturer = Capturer(cap_dir, getattr(settings, "capture_every", 0),
                                     tuple(getattr(settings, "capture_at", ()) or ()), 90.0)
        self.counters = {"idle_frames": 0, "unpaced_frames": 0, "headset_off": 0, "recreated": 0, "lost": 0}
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
        assert self.rt is not None
        self.stage = stage
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
        if self.want_mirror and base.win is not None and not base.win.isOfType(_buffer_type()):
            self.mirror = Mirror(base, self.outputs.textures[0] if self.render_path == "blit"
                                 else stage.eyes[0].texture, sizes[0][0] / sizes[0][1], self._put_request)
            self.mirror.set_refresh(self.refresh_hz)
            self.mirror.set_hud(bool(getattr(self.settings, "extra", {}).get("hud")))
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
        app = self.app
        if not self._subscribed and app is not None and getattr(app, "player", None) is not None:
            app.player.subscribe(self.controls.on_event)
            self.controls.on_move = self._move_selection
            self._subscribed = True
        if self.mirror is not None:
            self.mirror.poll()
        try:
            self._poll_events(ctx)
            if self.lifecycle.running and self.actions is not None and self.session is not None:
                self._poll_controls(ctx.display_time)
        except XrCallError as exc:
            self._on_call_error(exc, ctx)

    def _move_selection(self, step: int) -> Any:
        """Show the moved check-in/choice selection in the headset (the captions presenter draws it)."""
        captions = getattr(self.app, "captions", None)
        move = getattr(captions, "move_selection", None)
        return move(step) if move is not None else None

    def _put_request(self, req: Any) -> None:
        if self.app is not None:
            self.app.requests.put(req)

    # -- desktop mirror: HUD (app._refresh_hud calls these) --------------
    @property
    def hud_visible(self) -> bool:
        return self.mirror is not None and self.mirror.hud_visible

    def set_hud(self, visible: bool) -> None:
        if self.mirror is not None:
            self.mirror.set_hud(visible)

    def set_hud_text(self, text: str) -> None:
        if self.mirror is not None:
            self.mirror.set_hud_text(text)

    def _poll_controls(self, now: float) -> None:
        """Read the controllers; gestures are timed on display time (the runtime's clock)."""
        controls = self.controls
        if not self.actions.read(controls.hands):
            controls.update(now, "", self._requests, self._haptics)
            return
        app = self.app
        state = app.player.state if app is not None and getattr(app, "player", None) is not None else ""
        controls.update(now, state, self._requests, self._haptics)
        if self._requests and app is not None:
            for req in self._requests:
                app.requests.put(req)
            self._requests.clear()
        if self._haptics:
            for h in self._haptics:
                self.actions.pulse(h)
            self._haptics.clear()
        if app is not None:
            ss = app.session_state
            ss["controller_selection"] = controls.selection
            ss["calm_hold"] = controls.calm_progress

    def _focus(self, on: bool) -> None:
        if not on:
            self.counters["headset_off"] += 1
        log.info("openxr: headset %s", "focused again" if on else "lost focus (taken off or system menu)")
        app = self.app
        if app is not None and hasattr(app, "headset_changed"):
            app.headset_changed(on)

    # -- stop -----------------------------------------------------------
    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._shutdown_session(request_exit=True)
        app = self.app
        if app is not None and getattr(app, "stats", None) is not None:
            app.stats.extra["xr"] = self.stats_extra()
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


ENV_OPTIONS = {
    "EMPATHY_XR_PATH": "xr_render_path",
    "EMPATHY_XR_SPACE": "xr_space",
    "EMPATHY_XR_MIRROR": "xr_mirror",
    "EMPATHY_XR_CONTROLLERS": "xr_controllers",
    "EMPATHY_XR_BINDING": "xr_binding",
    "EMPATHY_XR_MARGIN_MS": "xr_margin_ms",
}
"""Environment variables that set backend options (docs/runtimes.md)."""


def _env_options() -> dict[str, str]:
    return {key: os.environ[env] for env, key in ENV_OPTIONS.items() if os.environ.get(env)}


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "no", "off", "false")
    return bool(value)


def x_display_opens() -> bool:
    """Whether the X display in ``DISPLAY`` accepts a connection (a window can be made)."""
    if not os.environ.get("DISPLAY"):
        return False
    try:
        import ctypes

        x11 = ctypes.CDLL("libX11.so.6")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        dpy = x11.XOpenDisplay(None)
        if not dpy:
            return False
        x11.XCloseDisplay(dpy)
        return True
    except OSError:
        return False


def _buffer_type() -> Any:
    from panda3d.core import GraphicsBuffer

    return GraphicsBuffer.getClassType()


__all__ = ["OpenXRBackend", "XrUnavailable"]
