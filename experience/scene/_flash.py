"""Photosensitivity: count general flashes in a sequence of rendered frames.

A *transition* is a change in relative luminance of at least 10% of full
scale, where the darker state is below 0.8, in the same direction over more
than 25% of the frame. A *flash* is a pair of opposing transitions (WCAG 2.x
general flash). Slow changes count too: each pixel tracks its last extreme,
so a flicker sampled at a high frame rate is caught even when no single
frame-to-frame step reaches 10%.
"""

from __future__ import annotations

import numpy as np

CHANGE = 0.10
DARK_LIMIT = 0.80
AREA = 0.25


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """Relative luminance (0..1) of sRGB values in 0..1 or 0..255 (H x W x 3)."""
    a = np.asarray(rgb, dtype=np.float32)
    if a.max(initial=0.0) > 1.0:
        a = a / 255.0
    lin = np.where(a <= 0.04045, a / 12.92, ((a + 0.055) / 1.055) ** 2.4)
    return (lin[..., 0] * 0.2126 + lin[..., 1] * 0.7152 + lin[..., 2] * 0.0722).astype(np.float32)


def flash_series(frames: list[np.ndarray] | np.ndarray, fps: float = 60.0) -> list[int]:
    """Per frame: +1 for a frame-wide rise, -1 for a fall, 0 for neither.

    A pixel makes a transition when it moves 10% away from its last extreme.
    The frame makes one when more than a quarter of its pixels made a
    transition the same way within the last sixth of a second (the half
    period of a 3 Hz flicker), and it alternates: rise, fall, rise.
    """
    out: list[int] = []
    ext: np.ndarray | None = None
    direction = np.zeros(0, np.int8)
    flipped = np.zeros(0, np.int32)
    window = max(1, round(fps / 6.0))
    state = 0
    for i, f in enumerate(frames):
        lum = np.asarray(f, dtype=np.float32)
        if ext is None:
            ext = lum.copy()
            direction = np.zeros(lum.shape, np.int8)
            flipped = np.full(lum.shape, -(10**6), np.int32)
            out.append(0)
            continue
        delta = lum - ext
        big = (np.abs(delta) >= CHANGE) & (np.minimum(lum, ext) < DARK_LIMIT)
        up = big & (delta > 0) & (direction <= 0)
        down = big & (delta < 0) & (direction >= 0)
        direction = np.where(up, 1, np.where(down, -1, direction)).astype(np.int8)
        flipped = np.where(up | down, i, flipped)
        ext = np.where(up | down, lum, ext)
        ext = np.where((direction > 0) & (lum > ext), lum, ext)
        ext = np.where((direction < 0) & (lum < ext), lum, ext)
        recent = (i - flipped) < window
        n = lum.size
        event = 0
        if state <= 0 and np.count_nonzero(recent & (direction > 0)) > AREA * n:
            event = state = 1
        elif state >= 0 and np.count_nonzero(recent & (direction < 0)) > AREA * n:
            event = state = -1
        out.append(event)
    return out


def count_flashes(frames: list[np.ndarray] | np.ndarray, fps: float) -> float:
    """The most flashes in any one-second window of ``frames`` (luminance arrays) at ``fps``.

    Frames may be relative-luminance arrays (H x W) or sRGB images (H x W x 3).
    """
    lums = [relative_luminance(f) if np.ndim(f) == 3 else np.asarray(f, np.float32) for f in frames]
    series = flash_series(lums, fps)
    idx = [(i, e) for i, e in enumerate(series) if e]
    window = max(1, round(fps))
    best = 0.0
    for k, (i, _) in enumerate(idx):
        # Transitions in [i, i + window): opposing pairs among them.
        changes = sum(1 for j, _ in idx[k:] if j < i + window)
        best = max(best, changes // 2)
    return float(best)
