"""Desktop preview: a window, mouse-look with pointer capture, keyboard requests, a HUD."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from panda3d.core import WindowProperties

from ..requests import Kind, Request, RequestArg
from ._base import DisplayBackend, HudControl
from ._capture import Capturer
from ._geometry import EyeView
from ._hud import HELP, KeyboardHud
from ._stage import Stage

if TYPE_CHECKING:
    from ..core import Clock, FrameContext

log = logging.getLogger(__name__)

class DesktopBackend(DisplayBackend):
    """A window on the desktop, paced by a budgeted sleep to the refresh rate.

    Args:
        clock: frame clock.
        size: window size in pixels.
        refresh_hz: pacing rate (the monitor's when known, else 60).
        fov_deg: horizontal field of view of the preview camera.
    """

    name = "desktop"

    def __init__(self, clock: Clock, size: tuple[int, int] = (1280, 720), refresh_hz: float = 60.0,
                 fov_deg: float = 90.0, capture_dir: str | None = None, capture_every: int = 0,
                 capture_times: tuple[float, ...] = (), hud: bool = False) -> None:
        self.clock = clock
        self.size = size
        self.refresh_hz = refresh_hz
        self.fov_deg = fov_deg
        self.stereo = False
        self._next = 0.0
        self._heading = 0.0
        self._pitch = 0.0
        self._captured = False
        self._hud_at_start = hud
        self.capturer = Capturer(capture_dir, capture_every, capture_times, refresh_hz) if capture_dir else None
        self.keys: KeyboardHud | None = None
        self._help: Any = None
        self._last_display = 0.0

    def stage_factory(self) -> Stage:
        return Stage.create("onscreen", self.size, display="pandagl", title="empathy-vr preview")

    def start(self, stage: Stage) -> None:
        from direct.gui.OnscreenText import OnscreenText

        self.stage = stage
        base = stage.base
        win = base.win
        w, h = win.getXSize() or self.size[0], win.getYSize() or self.size[1]
        stage.build_eyes([EyeView((0.0, 0.0, 0.0), (-0.7, 0.7, 0.4, -0.4))], (w, h), [(win, (0, 1, 0, 1))],
                         multisamples=4)
        stage.set_mono_fov(self.fov_deg, w / h)
        self.keys = KeyboardHud(base, self._request, self._hud_at_start)
        base.accept("mouse1", self._capture_pointer, [True])
        base.accept("tab", self._capture_pointer, [False])
        base.accept("window-event", self._window_event)
        self._help = OnscreenText(text=HELP, scale=0.035, fg=(1, 1, 1, 0.8), bg=(0, 0, 0, 0.4),
                                  parent=base.a2dBottomCenter, pos=(0, 0.04), mayChange=False)
        self._next = self.clock.now()

    def _request(self, kind: Kind, arg: RequestArg) -> None:
        if kind == Kind.QUIT and self._captured:
            self._capture_pointer(False)
            return
        if self.services is not None:
            self.services.requests.put(Request(kind, arg, source="keyboard"))

    def hud(self) -> HudControl:
        return self

    @property
    def hud_visible(self) -> bool:
        return self.keys.hud_visible if self.keys is not None else self._hud_at_start

    def set_hud(self, visible: bool) -> None:
        if self.keys is not None:
            self.keys.set_hud(visible)
        else:
            self._hud_at_start = visible

    def set_hud_text(self, text: str) -> None:
        """Called from slack by the app with stats and diagnostics."""
        if self.keys is not None:
            self.keys.set_hud_text(text)

    def _capture_pointer(self, on: bool) -> None:
        base = self.stage.base
        props = WindowProperties()
        props.setCursorHidden(on)
        props.setMouseMode(WindowProperties.M_confined if on else WindowProperties.M_absolute)
        base.win.requestProperties(props)
        self._captured = on
        if on:
            base.win.movePointer(0, base.win.getXSize() // 2, base.win.getYSize() // 2)

    def _window_event(self, win: Any) -> None:
        if win is self.stage.base.win and not win.getProperties().getOpen() and self.services is not None:
            self.services.requests.put(Request(Kind.QUIT, source="system"))

    def poll(self, ctx: FrameContext) -> None:
        # Input and window events: ShowBase's data and event tasks (rendering is ours).
        self.stage.base.taskMgr.step()
        if self._captured:
            win = self.stage.base.win
            ptr = win.getPointer(0)
            cx, cy = win.getXSize() // 2, win.getYSize() // 2
            dx, dy = ptr.getX() - cx, ptr.getY() - cy
            if dx or dy:
                self._heading -= dx * 0.12
                self._pitch = max(-80.0, min(80.0, self._pitch - dy * 0.12))
                win.movePointer(0, cx, cy)

    def wait_frame(self, ctx: FrameContext) -> None:
        period = 1.0 / self.refresh_hz
        now = self.clock.now()
        if self._next < now - period:  # fell behind: don't try to catch up
            self._next = now
        self.clock.sleep_until(self._next)
        start = self._next
        self._next = start + period
        ctx.period = period
        ctx.dt = 0.0 if ctx.index == 0 else start - self._last_display
        self._last_display = start
        ctx.display_time = start
        ctx.deadline = start + period
        ctx.should_render = True

    def locate_views(self, ctx: FrameContext) -> None:
        self.stage.set_head_pose((0.0, 0.0, 0.0), (self._heading, self._pitch, 0.0))

    def end_frame(self, ctx: FrameContext) -> None:
        # renderFrame already flipped the window; capture reads the back buffer.
        if self.capturer is not None and self.capturer.due(ctx):
            self.capturer.capture(ctx, self.stage, self.services.worker if self.services is not None else None)

    def stop(self) -> None:
        pass
