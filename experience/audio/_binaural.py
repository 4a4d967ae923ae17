"""A simple binaural model for the offline render: ITD, ILD and head shadow.

A spherical head (radius 8.75 cm): the far ear hears a source later
(Woodworth's formula), quieter, and low-passed; sources behind lose a little
treble. Good enough to place voices left, right, front and behind on
headphones; the live engine uses OpenAL Soft's measured HRTF instead, and the
levels here follow it (a source ahead at :data:`~._rules.EAR_DB` in each ear,
the near ear of a source at the side about 3.4 dB louder, the far ear 3 dB
quieter), so that both paths measure alike.
"""

from __future__ import annotations

import math

import numpy as np

from ..media import SR
from ._rules import EAR_DB, Distance, gain_of_db

HEAD_RADIUS = 0.0875
SPEED_OF_SOUND = 343.0
EAR = gain_of_db(EAR_DB)
MOVE_HOP_S = 0.1
"""A gliding voice is placed anew every this many seconds (overlapping windows)."""

Vec3 = tuple[float, float, float]


def _lowpass_gain(f: np.ndarray, cutoff: float) -> np.ndarray:
    return 1.0 / np.sqrt(1.0 + (f / cutoff) ** 4)


def centred(x: np.ndarray) -> np.ndarray:
    """A source with no direction (the narrator): the same in both ears, as OpenAL Soft plays it."""
    return np.repeat((np.asarray(x, np.float32) * EAR)[:, None], 2, axis=1)


def spatialise(x: np.ndarray, pos: Vec3, sr: int = SR, distance: Distance | None = None) -> np.ndarray:
    """Render mono ``x`` heard from ``pos`` (head coordinates: x right, y forward, z up).

    Args:
        distance: the distance model (:mod:`._rules`); None: no loss with distance.

    Returns:
        (frames + ITD delay, 2) float32, left then right.
    """
    px, py, pz = pos
    d = math.sqrt(px * px + py * py + pz * pz)
    gain = EAR * (distance.gain(d) if distance is not None else 1.0)
    if d < 1e-6:
        return np.repeat((np.asarray(x, np.float32) * gain)[:, None], 2, axis=1)
    lat = math.asin(max(-1.0, min(1.0, px / d)))  # + to the right
    s = abs(math.sin(lat))
    itd = HEAD_RADIUS / SPEED_OF_SOUND * (abs(lat) + s)
    delay = round(itd * sr)
    n = len(x) + delay
    f = np.fft.rfftfreq(n, 1.0 / sr)
    spec = np.fft.rfft(x, n)
    if py < 0:  # behind: the pinna shades the treble
        spec = spec * (0.6 + 0.4 * _lowpass_gain(f, 4000.0) ** (-py / d))
    near = np.fft.irfft(spec, n) * gain * (1.0 + 0.48 * s)
    shadow = (1.0 - s) + s * _lowpass_gain(f, 1500.0)  # none ahead, most at the side
    far = np.fft.irfft(spec * shadow, n) * gain * (1.0 - 0.25 * s)
    far = np.concatenate([np.zeros(delay), far[: n - delay]])
    left, right = (near, far) if px < 0 else (far, near)
    return np.stack([left[:n], right[:n]], axis=1).astype(np.float32)


def spatialise_path(x: np.ndarray, start: Vec3, end: Vec3, sr: int = SR,
                    distance: Distance | None = None) -> np.ndarray:
    """Like :func:`spatialise`, for a source gliding from ``start`` to ``end`` over the length of ``x``.

    Overlapping Hann windows (50 %, every :data:`MOVE_HOP_S`) are each placed at their own point.
    """
    hop = max(1, int(MOVE_HOP_S * sr))
    win = 2 * hop
    n = len(x)
    pad = round(2 * HEAD_RADIUS / SPEED_OF_SOUND * sr) + 2
    w = np.hanning(win + 1)[:win]  # periodic: overlapping copies sum to one
    xp = np.concatenate([np.zeros(hop), np.asarray(x, np.float64), np.zeros(win)])
    out = np.zeros((len(xp) + pad, 2), np.float32)
    for i in range(0, n + hop, hop):
        seg = xp[i : i + win]
        if not np.any(seg):
            continue
        f = min(1.0, max(0.0, i / n)) if n else 1.0
        pos = (start[0] + (end[0] - start[0]) * f, start[1] + (end[1] - start[1]) * f,
               start[2] + (end[2] - start[2]) * f)
        y = spatialise(seg * w[: len(seg)], pos, sr, distance)
        out[i : i + len(y)] += y
    return out[hop : hop + n + pad]


def to_head(world: Vec3, head_pos: Vec3, heading_deg: float) -> Vec3:
    """A world position in head coordinates, for a head at ``head_pos`` turned ``heading_deg``
    (counter-clockwise seen from above, 0 = facing +Y)."""
    dx, dy, dz = (world[0] - head_pos[0], world[1] - head_pos[1], world[2] - head_pos[2])
    h = math.radians(heading_deg)
    c, s = math.cos(h), math.sin(h)
    # Head axes in world: right = (c, s), forward = (-s, c).
    return (dx * c + dy * s, -dx * s + dy * c, dz)
