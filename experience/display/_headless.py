"""Headless backend: offscreen rendering at a chosen size and refresh, simulated display time."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING

from ._base import DisplayBackend
from ._capture import Capturer
from ._geometry import EyeView, stereo_views
from ._stage import Stage

if TYPE_CHECKING:
    from ..core import Clock, FrameContext

log = logging.getLogger(__name__)


class HeadlessBackend(DisplayBackend):
    """Renders offscreen (EGL) with both eyes side by side; no waiting.

    Display time is simulated: each frame is one period later, whatever the
    wall clock says, so runs are reproducible. A frame is missed when its work
    (poll to submit) takes longer than the period.

    Args:
        clock: the frame clock (work time is measured on it).
        eye_size: per-eye pixels.
        refresh_hz: simulated display refresh.
        stereo: two eyes side by side, or one.
        capture_dir: write PNG frames here.
        capture_every: capture every N frames (0 = use ``capture_times`` or once a second).
        capture_times: display times (s) at which to capture.
        head_path: ``still`` or ``look-around``.
    """

    name = "headless"

    def __init__(
        self,
        clock: Clock,
        eye_size: tuple[int, int] = (640, 360),
        refresh_hz: float = 90.0,
        stereo: bool = True,
        capture_dir: str | None = None,
        capture_every: int = 0,
        capture_times: tuple[float, ...] = (),
        head_path: str = "still",
    ) -> None:
        self.clock = clock
        self.eye_size = eye_size
        self.refresh_hz = refresh_hz
        self.stereo = stereo
        self.capturer = Capturer(capture_dir, capture_every, capture_times, refresh_hz) if capture_dir else None
        self.head_path = head_path
        self._display_time = 0.0

    def start(self, stage: Stage) -> None:
        self.stage = stage
        n = 2 if self.stereo else 1
        w, h = self.eye_size
        out = stage.base.win
        half_h = math.atan(math.tan(0.8) * h / w)
        views = stereo_views(aspect=w / h) if self.stereo else [EyeView((0.0, 0.0, 0.0), (-0.8, 0.8, half_h, -half_h))]
        regions = [(i / n, (i + 1) / n, 0.0, 1.0) for i in range(n)]
        stage.build_eyes(views, (w, h), [(out, r) for r in regions])

    def stage_factory(self) -> Stage:
        n = 2 if self.stereo else 1
        return Stage.create("offscreen", (self.eye_size[0] * n, self.eye_size[1]), display="p3headlessgl")

    def wait_frame(self, ctx: FrameContext) -> None:
        period = 1.0 / self.refresh_hz
        ctx.period = period
        ctx.dt = period if ctx.index > 0 else 0.0
        if ctx.index > 0:
            self._display_time += period
        ctx.display_time = self._display_time
        ctx.deadline = ctx.frame_start + period
        ctx.should_render = True

    def locate_views(self, ctx: FrameContext) -> None:
        if self.head_path == "look-around":
            t = ctx.display_time
            self.stage.set_head_pose((0.0, 0.0, 0.0), (35.0 * math.sin(t * 0.5), 8.0 * math.sin(t * 0.31), 0.0))

    def end_frame(self, ctx: FrameContext) -> None:
        if self.capturer is not None and self.capturer.due(ctx):
            self.capturer.capture(ctx, self.stage, self.services.worker if self.services is not None else None)

    @property
    def captured(self) -> list[Path]:
        return list(self.capturer.written) if self.capturer is not None else []

    def stop(self) -> None:
        pass
