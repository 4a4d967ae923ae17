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
from typing import TYPE_CHECKING

from ...errors import UsageError
from ...requests import Request
from ...settings import Settings
from .._base import DisplayBackend, HudControl
from .._geometry import EyeView, stereo_views
from .._stage import Stage
from ._gl import GLFunctions, capture_current
from ._input import ControllerInput
from ._live import LiveSession, XrCounters
from ._mirror import Mirror, buffer_type, x_display_opens
from ._options import XrOptions
from ._outputs import EyeOutputs
from ._pacing import FramePacer
from ._render import EyeRenderer
from ._runtime import XrRuntime, XrUnavailable, error_name, take_probed
from ._scale import RenderScale
from ._session import ViewConfig, XrSession, view_config
from ._swapchain import XrCallError
from ._tracking import HeadTracking

if TYPE_CHECKING:
    from ...core import Clock, FrameContext
    from .._capture import Capturer

log = logging.getLogger("empathy-vr")


class OpenXRBackend(DisplayBackend):
    """Renders the Stage's two eyes into OpenXR swapchains.

    A thin composition of parts, each owning its own state and handed what it needs:
    the runtime (:class:`~._runtime.XrRuntime`), the live session and its lifecycle
    (:class:`~._live.LiveSession`), frame timing (:class:`~._pacing.FramePacer`),
    head and eyes (:class:`~._tracking.HeadTracking`), the eyes into the swapchains
    (:class:`~._render.EyeRenderer`), the controllers (:class:`~._input.ControllerInput`)
    and the desktop mirror (:class:`~._mirror.Mirror`). The backend runs them phase by
    phase and hands a failed call to the live session, which knows what it means.

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
        self.binding = opts.binding
        try:
            self.rt: XrRuntime | None = take_probed(self.binding) or XrRuntime.open(self.binding)
        except XrUnavailable as exc:
            raise UsageError(f"--mode xr: {exc}; try --mode desktop") from None
        self.counters = XrCounters()
        self.marks: dict[str, float] = {}
        """Clock times of what the runtime did (``runtime_end``...) and of ``stopped``."""
        self.link: LiveSession | None = None
        self.pacer: FramePacer | None = None
        self.tracking: HeadTracking | None = None
        self.eyes: EyeRenderer | None = None
        self.input: ControllerInput | None = None
        self.mirror: Mirror | None = None
        self.outputs: EyeOutputs | None = None
        self._stopped = False
        self.capturer: Capturer | None = None
        if settings is not None and settings.capture:
            from .._capture import Capturer

            self.capturer = Capturer(settings.capture, settings.capture_every, tuple(settings.capture_at), 90.0)

    # -- set-up ---------------------------------------------------------
    def stage_factory(self) -> Stage:
        mirror = self.options.mirror and (self.binding == "wgl" or (self.binding == "glx" and x_display_opens()))
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
        rt, opts, services = self.rt, self.options, self.services
        self.stage = stage
        base = stage.base
        base.graphicsEngine.renderFrame()  # opens the GL context and leaves it current
        handles = capture_current(self.binding)
        gl = GLFunctions(self.binding)
        lo, hi = rt.graphics_requirements()
        cfg = view_config(rt)
        sizes = [eye_size(cfg, i, self.settings.size if self.settings is not None else None)
                 for i in range(len(cfg.sizes))]
        self.link = link = LiveSession(rt, handles, cfg, sizes, opts.space, self.clock, self.counters, self.marks,
                                       services.host if services is not None else None)
        session = link.session
        assert session is not None
        stage.tracking_origin = "floor" if link.space_kind == "stage" else "eye"
        self.pacer = FramePacer(self.clock, rt, opts.margin_s, self.counters, self._refresh_changed)
        self.tracking = HeadTracking(stage)
        self.outputs = outputs = EyeOutputs(base, sizes, gl, opts.render_path)
        stage.build_eyes(stereo_views()[: len(sizes)], sizes[0], outputs.outputs())
        outputs.install()
        self.eyes = eyes = EyeRenderer(stage, outputs, self.counters, self.capturer,
                                       RenderScale() if opts.render_scale == "auto" else None,
                                       services.worker if services is not None else None)
        if opts.fixed_scale is not None:
            eyes.apply_scale(opts.fixed_scale, session)
        if opts.mirror and base.win is not None and not base.win.isOfType(buffer_type()):
            self.mirror = Mirror(base, outputs.textures[0], sizes[0][0] / sizes[0][1], self._put_request)
            self.mirror.set_refresh(self.refresh_hz)
            self.mirror.set_hud(bool(self.settings is not None and self.settings.extra.get("hud")))
        elif base.win is not None:
            base.win.setClearColorActive(False)
            base.win.setActive(False)  # the host only shares its context; the eye buffers still draw
        if opts.controllers:
            self.input = ControllerInput(rt.instance, services)
            self.input.attach(session)
            self.input.show_models(stage.rig)
        link.parts = self
        log.info("openxr: %s / %s, %d views of %dx%d, %s, %s space, %s path, GL %s..%s",
                 rt.runtime_name, rt.system_name, len(sizes), sizes[0][0], sizes[0][1],
                 link.format_name, link.space_kind, opts.render_path, lo, hi)

    # -- what lives on the session (SessionParts) -----------------------
    def release_images(self, session: XrSession) -> None:
        if self.eyes is not None:
            self.eyes.release(session)

    def session_made(self, session: XrSession) -> None:
        if self.eyes is not None:
            self.eyes.use(session)
        if self.input is not None:
            self.input.attach(session)

    def session_gone(self) -> None:
        if self.input is not None:
            self.input.detach()

    def profiles_changed(self) -> None:
        if self.input is not None:
            self.input.profiles_changed()

    # -- phases ---------------------------------------------------------
    def poll(self, ctx: FrameContext) -> None:
        if self.mirror is not None:
            self.mirror.poll()
        link = self.link
        if link is None:
            return
        try:
            link.poll(ctx)
            if link.running and self.input is not None:
                self.input.poll(ctx.display_time)
        except XrCallError as exc:
            link.failed(exc, ctx)

    def wait_frame(self, ctx: FrameContext) -> None:
        link, pacer = self.link, self.pacer
        assert pacer is not None, "start() first"
        s = link.session if link is not None else None
        if link is None or s is None or not link.lifecycle.running:
            pacer.idle(ctx)
            return
        try:
            s.pump.wait_begin()
        except XrCallError as exc:
            link.failed(exc, ctx)
            return
        pacer.paced(ctx, s.pump.frame_state)
        if self.mirror is not None:
            self.mirror.tick()

    def locate_views(self, ctx: FrameContext) -> None:
        s = self._frame_session()
        if s is None or not ctx.should_render or self.tracking is None:
            return
        try:
            located = self.tracking.locate(s)
        except XrCallError as exc:
            self._failed(exc, ctx)
            return
        if located and self.input is not None:
            self.input.pose(s, self.stage.hands)

    def render(self, ctx: FrameContext) -> None:
        s = self._frame_session()
        if s is None or not s.pump.views_valid or self.eyes is None:
            return
        # Capture, mirror and console-thumbnail frames go through the output texture (blit) so it
        # holds the picture.
        blit = (self.mirror is not None and self.mirror.due) or self.stage.thumbnail_wanted
        try:
            self.eyes.render(s, ctx, blit)
        except XrCallError as exc:
            self._failed(exc, ctx)

    def end_frame(self, ctx: FrameContext) -> None:
        s = self._frame_session()
        if s is None:
            return
        try:
            s.pump.end(ctx.should_render)
        except XrCallError as exc:
            self._failed(exc, ctx)
            return
        if self.eyes is not None:
            self.eyes.submitted(s, ctx, self.clock.now() > ctx.deadline)

    def _frame_session(self) -> XrSession | None:
        """The session when a frame has begun on it (between xrBeginFrame and xrEndFrame)."""
        s = self.link.session if self.link is not None else None
        return s if s is not None and s.pump.begun else None

    def _failed(self, exc: XrCallError, ctx: FrameContext) -> None:
        assert self.link is not None
        self.link.failed(exc, ctx)

    def _refresh_changed(self, hz: float) -> None:
        self.refresh_hz = hz
        if self.services is not None:
            self.services.stats.refresh_hz = hz
        if self.mirror is not None:
            self.mirror.set_refresh(hz)

    def _put_request(self, req: Request) -> None:
        if self.services is not None:
            self.services.requests.put(req)

    def hud(self) -> HudControl | None:
        """The desktop mirror's HUD (none without a mirror)."""
        return self.mirror

    @property
    def views(self) -> list[EyeView]:
        """The eye views last given to the Stage (relative to the head)."""
        return self.tracking.views if self.tracking is not None else []

    # -- stop -----------------------------------------------------------
    def warm_up(self) -> None:
        """Nothing: drawing outside xrWaitFrame/xrBeginFrame would touch swapchain images not acquired."""

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self.link is not None:
            self.link.shutdown(request_exit=True)
        if self.services is not None:
            self.services.stats.extra["xr"] = self.stats_extra()
        if self.mirror is not None:
            self.mirror.destroy()
            self.mirror = None
        if self.input is not None:
            self.input.destroy()
            self.input = None
        if self.outputs is not None:
            self.outputs.destroy()
            self.outputs = None
        if self.rt is not None:
            self.rt.destroy()
            self.rt = None
        self.marks["stopped"] = self.clock.now()

    def stats_extra(self) -> dict[str, object]:
        """What the backend adds to the stats document under ``xr``."""
        link = self.link
        submitted, with_layers = link.submitted if link is not None else (0, 0)
        return {
            "runtime": self.rt.runtime_name if self.rt else None,
            "system": self.rt.system_name if self.rt else None,
            "submitted": submitted,
            "with_layers": with_layers,
            "format": link.format_name if link is not None else None,
            "space": link.space_kind if link is not None else None,
            "eye_size": list(self.outputs.sizes[0]) if self.outputs else None,
            "render_path": self.options.render_path,
            "states": [st.name.lower() for st in link.lifecycle.history] if link is not None else [],
            **self.counters.as_dict(),
        }


def eye_size(cfg: ViewConfig, i: int, override: tuple[int, int] | None) -> tuple[int, int]:
    """View ``i``'s swapchain size: the runtime's recommendation (or ``override``), within its maximum."""
    w, h = cfg.sizes[i]
    if override:
        w, h = override
    mw, mh = cfg.max_sizes[i]
    if mw and mh:
        w, h = min(w, mw), min(h, mh)
    return max(16, int(w)), max(16, int(h))


__all__ = ["OpenXRBackend", "XrUnavailable"]
