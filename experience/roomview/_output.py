"""The Panda3D side of the room view: its own camera, picture, post pass and output.

The camera hangs under the stage's rig (the participant's seat), at the head's
position but with the calm heading of :class:`~._filter.HeadingFilter`. It
draws the world into a small texture, and a post pass puts that texture on the
output (a window, a borderless full-screen window or an offscreen buffer) with
the participant's own post effects, then the overlay (captions, card, corner).

It is drawn only by :meth:`RoomOutput.draw`, which the room view calls from
slack: the frame's own outputs are switched off for that one extra
``renderFrame`` and back on after it, so the headset's frame never waits for it.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING

from panda3d.core import (
    Camera,
    CardMaker,
    FrameBufferProperties,
    GraphicsOutput,
    GraphicsPipe,
    NodePath,
    OrthographicLens,
    PerspectiveLens,
    PNMImage,
    ShaderAttrib,
    Texture,
    WindowProperties,
)

from ._overlay import RoomOverlay

if TYPE_CHECKING:
    from direct.showbase.ShowBase import ShowBase
    from panda3d.core import GraphicsStateGuardian, Shader

    from ..display import Stage

log = logging.getLogger("empathy-vr")

HFOV_DEG = 100.0
"""The room view's horizontal field of view: wider than one eye's picture on a 16:9 screen."""
NEAR, FAR = 0.05, 400.0
CLEAR_RGBA = (0.05, 0.05, 0.06, 1.0)
TITLE = "empathy-vr room view"


class RoomOutput:
    """The room view's buffers, camera and overlay.

    Args:
        stage: the running Stage (its rig, world and post shader are used).
        kind: ``window``, ``fullscreen`` or ``offscreen``.
        size: output size in pixels (``fullscreen``: the screen's).
        render_height: the picture's height in pixels (its width follows the output's shape).
    """

    def __init__(self, stage: Stage, kind: str, size: tuple[int, int], render_height: int) -> None:
        self.stage = stage
        base = stage.base
        self.engine = base.graphicsEngine
        self.render_height = render_height
        host = base.win
        gsg = host.getGsg()
        self.output, self.kind = self._make_output(base, kind, size, gsg, host)
        w, h = self._output_size(size)
        self.aspect = w / max(1, h)
        fbp = FrameBufferProperties()
        fbp.setRgbColor(True)
        fbp.setRgbaBits(8, 8, 8, 8)
        fbp.setDepthBits(24)
        self.texture = Texture("room-view")
        rw = max(16, round(render_height * self.aspect))
        self.buffer = self.engine.makeOutput(
            base.pipe, "room-view-picture", -15, fbp, WindowProperties.size(rw, render_height),
            GraphicsPipe.BF_refuse_window | GraphicsPipe.BF_resizeable, gsg, host)
        if self.buffer is None:
            self.engine.removeWindow(self.output)
            raise RuntimeError("could not create the room view's picture buffer")
        self.buffer.addRenderTexture(self.texture, GraphicsOutput.RTM_bind_or_copy, GraphicsOutput.RTP_color)
        self.buffer.setClearColor(CLEAR_RGBA)
        self.lens = PerspectiveLens()
        self.lens.setNearFar(NEAR, FAR)
        self.camera = stage.rig.attachNewNode(Camera("room-view", self.lens))
        self.buffer.makeDisplayRegion().setCamera(self.camera)
        self._set_fov()
        # Post pass: the picture on a full-screen quad with the participant's post shader.
        post = NodePath("room-post")
        post.setDepthTest(False)
        post.setDepthWrite(False)
        cm = CardMaker("room-post-quad")
        cm.setFrameFullscreenQuad()
        cm.setUvRange((0, 0), (1, 1))
        self.quad = post.attachNewNode(cm.generate())
        self.quad.setTexture(self.texture)
        ortho = OrthographicLens()
        ortho.setFilmSize(2, 2)
        ortho.setNearFar(-10, 10)
        self.post_region = self.output.makeDisplayRegion()
        self.post_region.setSort(0)
        self.post_region.setCamera(post.attachNewNode(Camera("room-post-cam", ortho)))
        self.output.setClearColor(CLEAR_RGBA)
        self.post_root = post
        # Overlay: screen units, after the picture.
        self.overlay = RoomOverlay(self.aspect)
        self.overlay_lens = OrthographicLens()
        self.overlay_lens.setFilmSize(2 * self.aspect, 2)
        self.overlay_lens.setNearFar(-10, 10)
        region = self.output.makeDisplayRegion()
        region.setSort(10)
        region.setClearDepthActive(True)
        region.setCamera(self.overlay.root.attachNewNode(Camera("room-overlay-cam", self.overlay_lens)))
        self._shader: Shader | None = None
        self.output.setActive(False)
        self.buffer.setActive(False)
        self.picture = True

    # -- making ---------------------------------------------------------------
    def _make_output(self, base: ShowBase, kind: str, size: tuple[int, int], gsg: GraphicsStateGuardian,
                     host: GraphicsOutput) -> tuple[GraphicsOutput, str]:
        fbp = FrameBufferProperties()
        fbp.setRgbColor(True)
        fbp.setRgbaBits(8, 8, 8, 0)
        fbp.setDepthBits(16)
        if kind in ("window", "fullscreen"):
            props = WindowProperties()
            props.setTitle(TITLE)
            if kind == "fullscreen":  # borderless, covering the screen: no video-mode change
                dw, dh = base.pipe.getDisplayWidth(), base.pipe.getDisplayHeight()
                if dw > 0 and dh > 0:
                    size = (dw, dh)
                props.setUndecorated(True)
                props.setOrigin(0, 0)
            props.setSize(*size)
            win = None
            try:
                win = self.engine.makeOutput(base.pipe, "room-view-window", 10, fbp, props,
                                             GraphicsPipe.BF_require_window, gsg)
            except Exception as exc:  # a pipe without windows
                log.debug("room view window: %s", exc)
            if win is not None:
                win.setCloseRequestEvent("room-view-close")
                return win, kind
            log.info("room view: no window can open here (no desktop display); drawing it offscreen")
        buf = self.engine.makeOutput(base.pipe, "room-view-output", 10, fbp, WindowProperties.size(*size),
                                     GraphicsPipe.BF_refuse_window, gsg, host)
        if buf is None:
            raise RuntimeError("could not create the room view's output buffer")
        return buf, "offscreen"

    def _output_size(self, fallback: tuple[int, int]) -> tuple[int, int]:
        w, h = self.output.getXSize(), self.output.getYSize()
        return (w, h) if w > 0 and h > 0 else fallback

    def _set_fov(self) -> None:
        half_w = math.radians(HFOV_DEG) / 2
        vfov = math.degrees(2 * math.atan(math.tan(half_w) / self.aspect))
        self.lens.setFov(HFOV_DEG, vfov)

    # -- per draw ---------------------------------------------------------------
    def set_pose(self, pos: tuple[float, float, float], yaw: float, pitch: float) -> None:
        """The camera at ``pos`` (rig space, the head's), turned by ``yaw``/``pitch``, never rolled."""
        self.camera.setPosHpr(pos[0], pos[1], pos[2], yaw, pitch, 0.0)

    def _fit(self) -> None:
        w, h = self._output_size((0, 0))
        if not w or not h:
            return
        aspect = w / h
        if abs(aspect - self.aspect) < 1e-3:
            return
        self.aspect = aspect
        self.buffer.setSize(max(16, round(self.render_height * aspect)), self.render_height)
        self._set_fov()
        self.overlay_lens.setFilmSize(2 * aspect, 2)
        self.overlay.set_aspect(aspect)

    def _sync_post(self) -> None:
        """The participant's post shader and its inputs, for one centred eye."""
        eyes = getattr(self.stage, "eyes", None)
        if not eyes:
            return
        attrib = eyes[0].quad.node().getAttrib(ShaderAttrib)
        if attrib is None:
            if self._shader is not None:
                self.quad.clearShader()
                self._shader = None
            return
        self.quad.setAttrib(attrib)
        self._shader = attrib
        self.quad.setShaderInput("eye_index", 0.0)
        self.quad.setShaderInput("eye_count", 1.0)
        self.quad.setShaderInput("u_lens", (0.5, 0.5, 0.5, 0.5))

    def draw(self, grab: bool = False) -> PNMImage | None:
        """Render the room view now, and only it (call from slack).

        With ``grab`` the picture is read back before the window's buffers swap
        (a GPU read-back: tests and ``--capture``) and returned.
        """
        self._fit()
        self._sync_post()
        engine = self.engine
        others = []
        for i in range(engine.getNumWindows()):
            win = engine.getWindow(i)
            if win is not self.output and win is not self.buffer and win.isActive():
                others.append(win)
                win.setActive(False)
        self.buffer.setActive(self.picture)
        self.post_region.setActive(self.picture)
        self.output.setActive(True)
        img = None
        try:
            engine.renderFrame()
            if grab:
                img = self.grab()
            engine.flipFrame()  # swap now, in slack, not at the start of the headset's next frame
        finally:
            self.output.setActive(False)
            self.buffer.setActive(False)
            for win in others:
                win.setActive(True)
        return img

    def grab(self) -> PNMImage | None:
        """What the room view shows (a window: only until its buffers swap; see :meth:`draw`)."""
        img = PNMImage()
        return img if self.output.getScreenshot(img) else None

    @property
    def is_window(self) -> bool:
        return self.kind in ("window", "fullscreen")

    def window_closed(self) -> bool:
        """A window that its user closed (or the platform took away)."""
        return self.is_window and not self.output.isValid()

    def destroy(self) -> None:
        self.overlay.destroy()
        self.camera.removeNode()
        self.post_root.removeNode()
        for out in (self.buffer, self.output):
            if out is not None:
                self.engine.removeWindow(out)
