"""The render phase: the Stage's eyes into the acquired swapchain images, ``--capture``, render scale.

:class:`EyeRenderer` acquires each eye's image, has Panda3D draw (straight into the
image on the ``direct`` path, or into the eye texture then copied on ``blit``) and
releases the images. Frames that must leave the eye texture readable (a capture,
a mirror frame, a console thumbnail) take the blit path. After submit, the render
scale fallback may shrink the drawn part of each image when frames run late.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...core import FrameContext, Worker
    from .._capture import Capturer
    from .._stage import Stage
    from ._live import XrCounters
    from ._outputs import EyeOutputs
    from ._scale import RenderScale
    from ._session import XrSession

log = logging.getLogger("empathy-vr")


class EyeRenderer:
    """Draws the eyes into one session's swapchains each frame.

    Args:
        stage: the Stage (its eyes draw into ``outputs``).
        outputs: the per-eye buffers and how they reach the images.
        counters: ``render_scale_pct`` is kept here.
        capturer: ``--capture`` (None without it).
        scaler: the automatic render scale (None when it is off).
        worker: where captured PNGs are written (None: written at once).
    """

    def __init__(self, stage: Stage, outputs: EyeOutputs, counters: XrCounters, capturer: Capturer | None,
                 scaler: RenderScale | None, worker: Worker | None) -> None:
        self.stage = stage
        self.outputs = outputs
        self.counters = counters
        self.capturer = capturer
        self.scaler = scaler
        self.worker = worker
        self._acquired = False

    def render(self, s: XrSession, ctx: FrameContext, blit: bool) -> None:
        """Draw both eyes into ``s``'s images; ``blit`` when the eye textures must hold the picture.

        Raises:
            XrCallError: acquiring or releasing an image failed.
        """
        out = self.outputs
        capture = self.capturer is not None and self.capturer.due(ctx)
        if out.render_path == "direct" and not (blit or capture):
            for i, sc in enumerate(s.swapchains):
                out.targets[i] = sc.acquire()
            self._acquired = True
            self.stage.render()
        else:
            self.stage.render()
            for i, sc in enumerate(s.swapchains):
                out.copy_to(i, sc.acquire())
            self._acquired = True
        self.release(s)
        if capture:
            self._capture(ctx)

    def _capture(self, ctx: FrameContext) -> None:
        """``--capture``: this frame went through the eye textures (blit); save both eyes as PNG."""
        assert self.capturer is not None
        names = ("_left", "_right")
        buffers = [(buf, names[i] if i < 2 else f"_{i}") for i, buf in enumerate(self.outputs.buffers)]
        self.capturer.capture(ctx, self.stage, self.worker, buffers)

    def release(self, s: XrSession) -> None:
        """Give back the images acquired this frame (none: nothing to do)."""
        if not self._acquired:
            return
        self._acquired = False
        for sc in s.swapchains:
            sc.release()
        targets = self.outputs.targets
        for i in range(len(targets)):
            targets[i] = 0

    def use(self, s: XrSession) -> None:
        """A new session: no image is acquired, and it submits the part of each image drawn."""
        self.outputs.targets[:] = [0] * len(self.outputs.targets)
        self._acquired = False
        self.apply_rects(s)

    def apply_rects(self, s: XrSession | None) -> None:
        if s is not None:
            for i, (w, h) in enumerate(self.outputs.drawn):
                s.pump.set_image_rect(i, w, h)

    def apply_scale(self, scale: float, s: XrSession | None) -> None:
        """Draw into the lower-left ``scale`` part of each swapchain image (render-scale fallback)."""
        drawn = self.outputs.set_scale([e.buffer for e in self.stage.eyes], scale)
        self.apply_rects(s)
        self.counters.render_scale_pct = round(scale * 100)
        log.info("openxr: render scale %.0f%% (%dx%d per eye)", scale * 100, *drawn[0])

    def submitted(self, s: XrSession | None, ctx: FrameContext, late: bool) -> None:
        """After xrEndFrame: the render scale hears whether the frame was late."""
        scaler = self.scaler
        if scaler is not None and ctx.should_render:
            new = scaler.update(late, ctx.display_time)
            if new is not None:
                self.apply_scale(new, s)
