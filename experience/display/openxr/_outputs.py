"""The Panda3D side of XR output: per-eye buffers, getting them into swapchain images, the mirror.

Two ways to fill a swapchain image, chosen with ``render_path``:

* ``direct``: the post pass's display region gets a draw callback that
  attaches the acquired swapchain texture to the buffer's framebuffer for the
  duration of the draw, so the post pass writes straight into the image.
* ``blit``: the post pass draws into the buffer's own texture, then
  ``glCopyImageSubData`` copies it into the acquired image.

``bench/bench_xr.py`` measures both; ``direct`` saves a full-image copy per eye.
The desktop mirror is in :mod:`._mirror`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from panda3d.core import (
    FrameBufferProperties,
    GraphicsOutput,
    GraphicsPipe,
    PythonCallbackObject,
    Texture,
    WindowProperties,
)

if TYPE_CHECKING:
    from direct.showbase.ShowBase import ShowBase
    from panda3d.core import CallbackData, DisplayRegion

from ._gl import GL_COLOR_ATTACHMENT0, GL_DRAW_FRAMEBUFFER, GL_TEXTURE_2D, GLFunctions

log = logging.getLogger(__name__)


class EyeOutputs:
    """One offscreen buffer per eye, sized like its swapchain, that the Stage's post pass draws into.

    Args:
        base: the ShowBase.
        sizes: per-eye pixel sizes.
        gl: resolved GL entry points.
        render_path: ``direct`` or ``blit``.
    """

    def __init__(self, base: ShowBase, sizes: list[tuple[int, int]], gl: GLFunctions, render_path: str) -> None:
        self.base = base
        self.gl = gl
        self.render_path = render_path
        self.buffers: list[GraphicsOutput] = []
        self.textures: list[Texture] = []
        self.sizes = sizes
        self.targets = [0] * len(sizes)  # GL names of the acquired swapchain images
        self.drawn = list(sizes)  # the part of each image drawn into (render scale)
        self.regions: list[list[DisplayRegion]] = []  # per eye: the display regions drawing into it, in order
        self._tex_ids = [0] * len(sizes)
        host = base.win
        for i, (w, h) in enumerate(sizes):
            fbp = FrameBufferProperties()
            fbp.setRgbColor(True)
            fbp.setRgbaBits(8, 8, 8, 8)
            fbp.setDepthBits(24)  # the head-locked overlay clears and may test depth
            tex = Texture(f"xr-out{i}")
            buf = base.graphicsEngine.makeOutput(
                base.pipe, f"xr-out{i}", 10 + i, fbp, WindowProperties.size(w, h),
                GraphicsPipe.BF_refuse_window, host.getGsg(), host)
            if buf is None:
                raise RuntimeError("could not create the XR eye output buffers (OpenGL 3 or newer needed)")
            buf.addRenderTexture(tex, GraphicsOutput.RTM_bind_or_copy, GraphicsOutput.RTP_color)
            buf.setClearColorActive(False)
            self.buffers.append(buf)
            self.textures.append(tex)

    def outputs(self) -> list[tuple[GraphicsOutput, tuple[float, float, float, float]]]:
        """What :meth:`Stage.build_eyes` takes: each eye's output and region."""
        return [(b, (0.0, 1.0, 0.0, 1.0)) for b in self.buffers]

    def install(self) -> None:
        """After ``build_eyes``: draw one frame, resolve texture names, hook the drawing (direct).

        Every display region of an eye's output (the post pass, then the head-locked
        overlay) draws into the swapchain image: the first attaches it, the last puts
        the buffer's own texture back.
        """
        self.base.graphicsEngine.renderFrame()  # the buffers make their textures at the first draw
        self.resolve()
        self.regions = [sorted((dr for dr in buf.getDisplayRegions()
                                if dr.getCamera() and not dr.getCamera().isEmpty()), key=lambda d: d.getSort())
                        for buf in self.buffers]
        if self.render_path == "direct":
            for i, regions in enumerate(self.regions):
                for j, dr in enumerate(regions):
                    first, last = j == 0, j == len(regions) - 1
                    if first or last:
                        dr.setDrawCallback(PythonCallbackObject(self._make_draw(i, first, last)))

    def resolve(self) -> None:
        """Read the GL names of the buffers' colour textures (they change when a texture is remade)."""
        gsg = self.base.win.getGsg()
        for i, tex in enumerate(self.textures):
            ctx = tex.prepareNow(0, gsg.getPreparedObjects(), gsg)
            self._tex_ids[i] = int(ctx.getNativeId()) if ctx is not None else 0

    def _make_draw(self, eye: int, attach: bool, restore: bool) -> Callable[[CallbackData], None]:
        gl = self.gl
        targets = self.targets
        tex_ids = self._tex_ids

        def draw(cbdata: CallbackData) -> None:
            target = targets[eye]
            if target and attach:
                gl.framebuffer_texture_2d(GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target, 0)
            cbdata.upcall()
            if target and restore and tex_ids[eye]:
                gl.framebuffer_texture_2d(GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D,
                                          tex_ids[eye], 0)

        return draw

    def set_scale(self, eye_buffers: list[GraphicsOutput], scale: float) -> list[tuple[int, int]]:
        """Draw the eyes into the lower-left ``scale`` part of each image; returns the drawn sizes."""
        drawn = []
        for i, (w, h) in enumerate(self.sizes):
            sw, sh = max(16, round(w * scale)), max(16, round(h * scale))
            if i < len(eye_buffers):
                eye_buffers[i].setSize(sw, sh)
            for dr in self.regions[i]:
                dr.setDimensions(0.0, sw / w, 0.0, sh / h)
            drawn.append((sw, sh))
        self.drawn = drawn
        return drawn

    def copy_to(self, eye: int, target: int) -> None:
        """Blit path: copy the eye's rendered texture into swapchain image ``target``."""
        src = self._tex_ids[eye]
        if src and target:
            w, h = self.drawn[eye]
            self.gl.copy_texture(src, target, w, h)

    def destroy(self) -> None:
        for b in self.buffers:
            self.base.graphicsEngine.removeWindow(b)
        self.buffers = []
