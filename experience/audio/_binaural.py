"""A simple binaural model for the offline render: ITD, ILD and head shadow.

A spherical head (radius 8.75 cm): the far ear hears a source later
(Woodworth's formula), quieter, and low-passed; sources behind lose a little
treble. Good enough to place voices left, right, front and behind on
headphones; the live engine uses OpenAL Soft's measured HRTF instead.
"""

from __future__ import annotations

import math

import numpy as np

from ._dsp import SR

HEAD_RADIUS = 0.0875
SPEED_OF_SOUND = 343.0
REF_DISTANCE = 1.0
"""Distance (m) inside which a source is not attenuated (the engine uses the same)."""


def _lowpass_gain(f: np.ndarray, cutoff: float) -> np.ndarray:
    return 1.0 / np.sqrt(1.0 + (f / cutoff) ** 4)


def spatialise(x: np.ndarray, pos: tuple[float, float, float], sr: int = SR) -> np.ndarray:
    """Render mono ``x`` heard from ``pos`` (head coordinates: x right, y forward, z up).

    Returns:
        (frames, 2) float32, left then right.
    """
    px, py, pz = pos
    d = math.sqrt(px * px + py * py + pz * pz)
    if d < 1e-6:
        return np.repeat(x[:, None], 2, axis=1).astype(np.float32)
    lat = math.asin(max(-1.0, min(1.0, px / d)))  # + to the right
    s = abs(math.sin(lat))
    itd = HEAD_RADIUS / SPEED_OF_SOUND * (abs(lat) + s)
    delay = round(itd * sr)
    gain = REF_DISTANCE / max(d, REF_DISTANCE)
    n = len(x) + delay
    f = np.fft.rfftfreq(n, 1.0 / sr)
    spec = np.fft.rfft(x, n)
    if py < 0:  # behind: the pinna shades the treble
        spec = spec * (0.6 + 0.4 * _lowpass_gain(f, 4000.0) ** (-py / d))
    near = np.fft.irfft(spec, n) * gain * (1.0 + 0.15 * s) if s > 0 else np.fft.irfft(spec, n) * gain
    shadow = (1.0 - s) + s * _lowpass_gain(f, 1500.0)  # none ahead, most at the side
    far = np.fft.irfft(spec * shadow, n) * gain * (1.0 - 0.45 * s)
    far = np.concatenate([np.zeros(delay), far[: n - delay]])
    left, right = (near, far) if px < 0 else (far, near)
    return np.stack([left[: len(x) + delay], right[: len(x) + delay]], axis=1).astype(np.float32)


def to_head(world: tuple[float, float, float], head_pos: tuple[float, float, float],
            heading_deg: float) -> tuple[float, float, float]:
    """A world position in head coordinates, for a head at ``head_pos`` turned ``heading_deg``
    (counter-clockwise seen from above, 0 = facing +Y)."""
    dx, dy, dz = (world[0] - head_pos[0], world[1] - head_pos[1], world[2] - head_pos[2])
    h = math.radians(heading_deg)
    c, s = math.cos(h), math.sin(h)
    # Head axes in world: right = (c, s), forward = (-s, c).
    return (dx * c + dy * s, -dx * s + dy * c, dz)
