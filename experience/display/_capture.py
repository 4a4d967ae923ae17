"""Frame capture for ``--capture``: grab the output and write PNGs on the worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..host import panda_filename

if TYPE_CHECKING:
    from panda3d.core import GraphicsOutput

    from ..core import FrameContext, Worker
    from ._stage import Stage


class Capturer:
    """Decides which frames to capture and writes them.

    Args:
        directory: where PNGs go (created).
        every: capture every N frames (0: use ``times``, or once per second).
        times: display times in seconds (relative to the first frame) to capture at.
        refresh_hz: used for the once-per-second default.
    """

    def __init__(self, directory: str | Path, every: int = 0, times: tuple[float, ...] = (),
                 refresh_hz: float = 90.0) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.every = every
        self.times = sorted(times)
        self.refresh_hz = refresh_hz
        self._next = 0
        self._t0: float | None = None
        self.written: list[Path] = []

    def due(self, ctx: FrameContext) -> bool:
        if self._t0 is None:
            self._t0 = ctx.display_time
        t = ctx.display_time - self._t0
        if self.every > 0:
            return ctx.index % self.every == 0
        if self.times:
            hit = False
            while self._next < len(self.times) and t + 1e-9 >= self.times[self._next]:
                self._next += 1
                hit = True
            return hit
        return ctx.index % max(1, round(self.refresh_hz)) == 0

    def capture(self, ctx: FrameContext, stage: Stage, worker: Worker | None,
                outputs: list[tuple[GraphicsOutput, str]] | None = None) -> None:
        """Grab outputs now (GPU read-back) and write them on the worker.

        Args:
            ctx: this frame (its index and display time name the files).
            stage: the Stage that reads back.
            worker: writes the PNGs off the frame (None: write now).
            outputs: ``(output, name suffix)`` pairs, e.g. each eye's buffer in XR;
                default: the window, no suffix.
        """
        t = ctx.display_time - (self._t0 or 0.0)
        for output, suffix in outputs if outputs is not None else [(stage.base.win, "")]:
            img = stage.grab(output)
            if img is None:
                continue
            path = self.directory / f"frame_{ctx.index:06d}_t{t:08.3f}{suffix}.png"
            self.written.append(path)
            if worker is not None:
                worker.submit(img.write, panda_filename(path))
            else:
                img.write(panda_filename(path))
