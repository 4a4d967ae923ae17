"""Render-scale fallback: draw fewer pixels when the GPU keeps missing frames.

When frames miss their deadline repeatedly, the eyes are drawn into a smaller
part of the swapchain image (the layer's ``imageRect`` says which part; the
compositor scales it up), one step at a time; after a quiet while the scale
steps back up. Off by default (``EMPATHY_XR_RENDER_SCALE=auto`` turns it on):
the participant then sees a softer image rather than judder.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STEPS: tuple[float, ...] = (1.0, 0.85, 0.7, 0.6)


@dataclass
class RenderScale:
    """Decides the render scale from missed frames, on an injected time.

    Args:
        window: how many recent frames are looked at.
        degrade_after: misses within the window that step the scale down.
        recover_after_s: seconds without a miss before stepping back up.
    """

    window: int = 45
    degrade_after: int = 5
    recover_after_s: float = 10.0
    level: int = 0
    changes: int = 0
    _ring: list[bool] = field(default_factory=list)
    _i: int = 0
    _misses: int = 0
    _last_miss: float = 0.0
    _last_change: float = 0.0

    def __post_init__(self) -> None:
        self._ring = [False] * self.window

    @property
    def scale(self) -> float:
        return STEPS[self.level]

    def update(self, missed: bool, now: float) -> float | None:
        """Record one frame; return the new scale when it changes, else None."""
        old = self._ring[self._i]
        self._ring[self._i] = missed
        self._i = (self._i + 1) % self.window
        self._misses += int(missed) - int(old)
        if missed:
            self._last_miss = now
        if self._misses >= self.degrade_after and self.level < len(STEPS) - 1:
            return self._step(+1, now)
        if (self.level > 0 and now - self._last_miss >= self.recover_after_s
                and now - self._last_change >= self.recover_after_s):
            return self._step(-1, now)
        return None

    def _step(self, d: int, now: float) -> float:
        self.level += d
        self.changes += 1
        self._last_change = now
        self._ring = [False] * self.window  # judge the new scale on its own frames
        self._misses = 0
        return self.scale
