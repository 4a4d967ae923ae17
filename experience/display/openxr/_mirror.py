"""The desktop mirror: one eye in a window for the room, with the facilitator's keys and a HUD.

The window is drawn only on every n-th frame (about 30 times a second) and its
swap does not wait for vsync, so it never holds back a headset frame. The keys
are the desktop preview's (space pause, C calm, Enter continue, F1 HUD, Esc
quit, ...), so a facilitator at the laptop can steer without the console.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from panda3d.core import Camera, CardMaker, GraphicsWindow, NodePath, OrthographicLens, Texture, TypeHandle

if TYPE_CHECKING:
    from direct.showbase.ShowBase import ShowBase

from ...requests import Kind, Request, RequestArg
from .._hud import KeyboardHud


class Mirror:
    """Shows ``texture`` (an eye) in the main window.

    Args:
        base: the ShowBase (its window is the mirror).
        texture: the eye image to show.
        eye_aspect: width / height of the eye image.
        put: where key requests go (``app.requests.put``), looked up when a key is pressed.
        rate_hz: mirror refresh.
    """

    def __init__(self, base: ShowBase, texture: Texture, eye_aspect: float, put: Callable[[Request], None],
                 rate_hz: float = 30.0) -> None:
        self.base = base
        self.rate_hz = rate_hz
        self._put = put
        root = NodePath("mirror")
        root.setDepthTest(False)
        root.setDepthWrite(False)
        win = base.win
        win_aspect = (win.getXSize() or 1) / max(1, win.getYSize() or 1)
        sx = min(1.0, eye_aspect / win_aspect)
        sy = min(1.0, win_aspect / eye_aspect)
        cm = CardMaker("mirror-quad")
        cm.setFrame(-sx, sx, -sy, sy)
        quad = root.attachNewNode(cm.generate())
        quad.setTexture(texture)
        lens = OrthographicLens()
        lens.setFilmSize(2, 2)
        lens.setNearFar(-10, 10)
        cam = root.attachNewNode(Camera("mirror-cam", lens))
        self.region = win.makeDisplayRegion()
        self.region.setSort(-5)  # under ShowBase's 2-D layer (the HUD)
        self.region.setCamera(cam)
        win.setClearColor((0, 0, 0, 1))
        self.root = root
        self._every = 1
        self._n = 0
        self.due = False
        self.keys: KeyboardHud | None = KeyboardHud(base, self._key)
        base.accept("window-event", self._window_event)

    @property
    def hud_visible(self) -> bool:
        return self.keys is not None and self.keys.hud_visible

    def _key(self, kind: Kind, arg: RequestArg) -> None:
        self._put(Request(kind, arg, source="keyboard"))

    def _window_event(self, win: GraphicsWindow) -> None:
        props = win.getProperties()
        if win is self.base.win and props.getOpen() is False:  # not another window (the room view)
            self._put(Request(Kind.QUIT, source="keyboard"))

    def set_hud(self, visible: bool) -> None:
        if self.keys is not None:
            self.keys.set_hud(visible)

    def set_hud_text(self, text: str) -> None:
        if self.keys is not None:
            self.keys.set_hud_text(text)

    def set_refresh(self, hz: float) -> None:
        self._every = max(1, round(hz / self.rate_hz))

    def poll(self) -> None:
        """Window and key events (ShowBase's event tasks; rendering stays with the frame loop)."""
        self.base.taskMgr.step()

    def tick(self) -> None:
        """Call once per frame before rendering: activates the window on every n-th frame.

        On those frames ``due`` is True: the backend then fills the eye's output
        texture (the blit path) so the mirror shows the full picture, captions included.
        """
        self._n += 1
        self.due = self._n % self._every == 0
        self.base.win.setActive(self.due)

    def destroy(self) -> None:
        self.base.ignoreAll()
        if self.keys is not None:
            self.keys.hud.destroy()
            self.keys = None
        self.base.win.removeDisplayRegion(self.region)


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


def buffer_type() -> TypeHandle:
    from panda3d.core import GraphicsBuffer

    return GraphicsBuffer.getClassType()
