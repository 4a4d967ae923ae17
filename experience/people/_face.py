"""The head and face of a figure: skull, eyes with lids, brows, nose, mouth, jaw, ears.

Everything is drawn around the head's centre in the person's own space (x
right, y forward, z up; metres for a 1.72 m person, scaled by ``k``). Moving
parts are tagged for shaders/person.vert: eyes turn about their centres, the
upper lids close over them, brows lift and tilt, lips and jaw open with speech.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._look import Look
from ._rigmesh import BROW, EYE, HEAD, LID_LOW, LID_UP, LIP_LOW, LIP_UP, MOUTH, RigMesh, Vec3
from ._rigmesh import JAW as JAW_PART

CRANIUM = ((0.0, -0.008, 0.02), (0.081, 0.097, 0.097))
"""Centre and radii of the cranium ellipsoid, head-local, for a 1.72 m person (hair follows it)."""
JAW = ((0.0, 0.011, -0.032), (0.07, 0.085, 0.084))
"""The lower face: cheeks, jaw and chin."""
SKULL = (0.081, 0.1, 0.117)
"""Half-width, half-depth and half-height of the whole head (for what sits outside it)."""
EYE_X, EYE_Z, EYE_R = 0.03, 0.006, 0.0112
MOUTH_Z = -0.056
LIP_OUT = 0.005
IRIS_DEG, PUPIL_DEG = 34.0, 14.0
LID_OPEN_DEG = 19.0
"""Elevation of the upper lid's edge above the eye's centre when open (degrees)."""
LASH = (0.13, 0.09, 0.08)
WHITE = (0.93, 0.91, 0.88)
PUPIL = (0.05, 0.04, 0.04)
MOUTH_INSIDE = (0.28, 0.11, 0.10)
TEETH = (0.90, 0.88, 0.82)


class Frame:
    """Maps head-local coordinates (metres at k = 1) into the person's space."""

    def __init__(self, centre: Vec3, k: float) -> None:
        self.c, self.k = centre, k

    def __call__(self, x: float, y: float, z: float) -> Vec3:
        c, k = self.c, self.k
        return (c[0] + x * k, c[1] + y * k, c[2] + z * k)

    def r(self, *v: float) -> Vec3:
        k = self.k
        return (v[0] * k, v[1] * k, v[2] * k)


def _front(e: tuple[tuple[float, float, float], tuple[float, float, float]], x: float, z: float) -> float:
    (cx, cy, cz), (a, b, c) = e
    q = 1.0 - ((x - cx) / a) ** 2 - ((z - cz) / c) ** 2
    return cy + b * q ** 0.5 if q > 0 else -1.0


def face_y(x: float, z: float) -> float:
    """Where the front of the head is at (x, z), head-local."""
    return max(_front(CRANIUM, x, z), _front(JAW, x, z), 0.0)


def eye_centre(side: float) -> tuple[float, float, float]:
    x = side * EYE_X
    return (x, face_y(x, EYE_Z) - EYE_R * 0.5, EYE_Z)


def skull(m: RigMesh, f: Frame, look: Look) -> None:
    skin = look.skin
    (cc, cr), (jc, jr) = CRANIUM, JAW
    with m.part(HEAD):
        m.sphere(f(*cc), cr[0] * f.k, skin, 10, 18, squash=(1.0, cr[1] / cr[0], cr[2] / cr[0]))
        for sx in (-1, 1):  # ears
            m.sphere(f(sx * 0.079, -0.006, -0.004), 0.017 * f.k, _shade(skin, 0.94), 4, 8, squash=(0.45, 0.75, 1.35))
        # Nose: a ridge and a soft tip.
        m.sphere(f(0, face_y(0, -0.008) - 0.002, -0.008), 0.0105 * f.k, skin, 5, 8, squash=(0.8, 1.05, 2.0))
        m.sphere(f(0, face_y(0, -0.03) + 0.004, -0.029), 0.011 * f.k, _shade(skin, 0.98), 5, 8,
                 squash=(1.25, 0.95, 0.85))
    # Jaw and chin: they drop a little as the mouth opens (weighted by height).
    with m.part(JAW_PART, pivot=f(0, 0, -0.02), weight=_jaw_weight(f)):
        m.sphere(f(*jc), jr[0] * f.k, skin, 8, 16, squash=(1.0, jr[1] / jr[0], jr[2] / jr[0]))


def _jaw_weight(f: Frame) -> Callable[[np.ndarray], np.ndarray]:
    cz = f.c[2]
    k = f.k

    def weight(pos: np.ndarray) -> np.ndarray:
        z = (pos[:, 2] - cz) / k
        return np.clip((-0.05 - z) / 0.035, 0.0, 1.0).astype(np.float32)

    return weight


def eyes(m: RigMesh, f: Frame, look: Look) -> None:
    skin = look.skin
    lid = _shade(skin, 0.9)
    for side in (-1.0, 1.0):
        c = eye_centre(side)
        pc = f(*c)
        bands = [(PUPIL_DEG, PUPIL), (IRIS_DEG, look.eyes), (180.0, WHITE)]
        with m.part(EYE, pivot=pc, side=side):
            m.banded_sphere(pc, EYE_R * f.k, bands, segments=14)
        # Upper lid: a shell over the top of the eye, its edge darkened (lashes), turning to close.
        with m.part(LID_UP, pivot=pc, side=side):
            _lid(m, pc, EYE_R * 1.12 * f.k, lid, upper=True)
        with m.part(LID_LOW, pivot=pc, side=side):
            _lid(m, pc, EYE_R * 1.1 * f.k, lid, upper=False)


def _lid(m: RigMesh, centre: Vec3, radius: float, color: tuple[float, float, float], upper: bool) -> None:
    """An eyelid: the part of a shell around the eye above (below) an almond-shaped edge.

    The edge is highest (lowest) in front and meets the other lid at the corners,
    so a closed upper lid covers the whole eye.
    """
    peak = np.radians(LID_OPEN_DEG if upper else -25.0)
    sign = 1.0 if upper else -1.0

    def edge(d: np.ndarray) -> np.ndarray:
        az = np.arctan2(d[:, 0], np.maximum(d[:, 1], 1e-6))
        return peak * np.cos(np.clip(az * 1.5, -np.pi / 2, np.pi / 2)) - sign * np.radians(3.0)

    def keep(d: np.ndarray) -> np.ndarray:
        elev = np.arcsin(np.clip(d[:, 2], -1, 1))
        return (sign * (elev - edge(d)) >= -0.02) & (d[:, 1] > -0.35)

    def colors(d: np.ndarray) -> np.ndarray:
        elev = np.arcsin(np.clip(d[:, 2], -1, 1))
        near = np.abs(elev - edge(d)) < np.radians(13 if upper else 6)
        out = np.empty((len(d), 3), np.float32)
        out[:] = color
        out[near] = LASH if upper else _shade(color, 0.8)
        return out

    m.shell(centre, (radius, radius, radius), color, keep, rings=20, segments=28, colors=colors)


def brows(m: RigMesh, f: Frame, look: Look) -> None:
    col = look.brows
    for side in (-1.0, 1.0):
        x = side * 0.032
        z = EYE_Z + 0.026
        pc = f(x, face_y(x, z) + 0.002, z)
        with m.part(BROW, pivot=pc, side=side):
            m.sphere(pc, 0.017 * f.k, col, 3, 8, squash=(1.0, 0.3, 0.2))
            m.sphere(f(x + side * 0.012, face_y(x + side * 0.012, z - 0.003) + 0.0005, z - 0.003), 0.009 * f.k,
                     col, 3, 6, squash=(1.0, 0.32, 0.26))


def mouth(m: RigMesh, f: Frame, look: Look) -> None:
    z = MOUTH_Z
    y = face_y(0, z) + LIP_OUT
    lips = look.lips
    with m.part(MOUTH, pivot=f(0, y - 0.004, z)):
        m.sphere(f(0, y - 0.004, z), 0.021 * f.k, MOUTH_INSIDE, 4, 12, squash=(1.0, 0.3, 0.16))
    with m.part(LIP_UP, pivot=f(0, y, z)):
        m.box(f(0, y - 0.007, z + 0.0045), f.r(0.026, 0.004, 0.004), TEETH)
        m.sphere(f(0, y, z + 0.0042), 0.023 * f.k, lips, 4, 14, squash=(1.0, 0.27, 0.17))
    with m.part(LIP_LOW, pivot=f(0, y, z)):
        m.sphere(f(0, y - 0.001, z - 0.0048), 0.02 * f.k, _shade(lips, 1.04), 4, 14, squash=(1.0, 0.3, 0.2))


def face(m: RigMesh, centre: Vec3, k: float, look: Look) -> Frame:
    """Skull, eyes, brows and mouth around ``centre``; returns the head frame for hair and the rest."""
    f = Frame(centre, k)
    skull(m, f, look)
    eyes(m, f, look)
    brows(m, f, look)
    mouth(m, f, look)
    return f


def _shade(c: tuple[float, float, float], k: float) -> tuple[float, float, float]:
    return (min(1.0, c[0] * k), min(1.0, c[1] * k), min(1.0, c[2] * k))
