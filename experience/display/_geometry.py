"""Eye geometry: fields of view and per-eye views, shared by the Stage and every backend.

Pure data and arithmetic (no Panda3D): the Stage applies these to its lenses, the
backends produce them (fixed stereo for desktop/headless, located views in OpenXR).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Vec3 = tuple[float, float, float]
Quat = tuple[float, float, float, float]
"""A rotation as a unit quaternion (w, x, y, z), Panda3D's order and axes."""
Fov = tuple[float, float, float, float]
"""(angle_left, angle_right, angle_up, angle_down) in radians, OpenXR sign convention."""


@dataclass(frozen=True, slots=True)
class EyeView:
    """One eye: position relative to the head (metres, Panda3D axes) and its field of view.

    Attributes:
        offset: eye position in head space (x right, y forward, z up).
        fov: asymmetric field of view, see :data:`Fov`.
        quat: optional eye orientation relative to the head (w, x, y, z); None = same as head.
    """

    offset: tuple[float, float, float]
    fov: Fov
    quat: tuple[float, float, float, float] | None = None


DEFAULT_IPD = 0.063
QUEST3_FOV_LEFT: Fov = (-0.942, 0.698, 0.768, -0.960)
"""A Quest-3-like left-eye field of view (radians); the right eye mirrors it."""


def fit_aspect(fov: Fov, aspect: float) -> Fov:
    """Keep the horizontal angles of ``fov`` and choose vertical ones for ``aspect`` (width/height).

    The vertical asymmetry (up vs down) is kept, so the lens centre stays where the
    headset's is; only the height changes, so images are never squashed.
    """
    left, right, up, down = fov
    width = math.tan(right) - math.tan(left)
    height = width / aspect
    share_up = math.tan(up) / (math.tan(up) - math.tan(down))
    return (left, right, math.atan(height * share_up), -math.atan(height * (1.0 - share_up)))


def stereo_views(
    ipd: float = DEFAULT_IPD, fov_left: Fov = QUEST3_FOV_LEFT, aspect: float | None = None
) -> list[EyeView]:
    """Two eye views like a consumer headset's (asymmetric, mirrored); ``aspect`` fits the buffer."""
    if aspect is not None:
        fov_left = fit_aspect(fov_left, aspect)
    left, right, up, down = fov_left
    return [
        EyeView((-ipd / 2, 0.0, 0.0), fov_left),
        EyeView((ipd / 2, 0.0, 0.0), (-right, -left, up, down)),
    ]


def quat_conj(q: Quat) -> Quat:
    return (q[0], -q[1], -q[2], -q[3])


def quat_mul(a: Quat, b: Quat) -> Quat:
    """Hamilton product ``a * b`` (apply ``b`` first, then ``a``)."""
    aw, ax, ay, az = a
    bw, bx, by, bz = b
    return (
        aw * bw - ax * bx - ay * by - az * bz,
        aw * bx + ax * bw + ay * bz - az * by,
        aw * by - ax * bz + ay * bw + az * bx,
        aw * bz + ax * by - ay * bx + az * bw,
    )


def quat_rotate(q: Quat, v: Vec3) -> Vec3:
    """Rotate vector ``v`` by unit quaternion ``q``."""
    w, x, y, z = q
    vx, vy, vz = v
    # t = 2 * cross(q.xyz, v)
    tx = 2.0 * (y * vz - z * vy)
    ty = 2.0 * (z * vx - x * vz)
    tz = 2.0 * (x * vy - y * vx)
    return (
        vx + w * tx + (y * tz - z * ty),
        vy + w * ty + (z * tx - x * tz),
        vz + w * tz + (x * ty - y * tx),
    )


def hpr_quat(h: float, p: float, r: float) -> Quat:
    """Panda3D's heading, pitch and roll (degrees) as a quaternion: roll, then pitch, then heading."""
    h2, p2, r2 = math.radians(h) / 2, math.radians(p) / 2, math.radians(r) / 2
    qh = (math.cos(h2), 0.0, 0.0, math.sin(h2))
    qp = (math.cos(p2), math.sin(p2), 0.0, 0.0)
    qr = (math.cos(r2), 0.0, math.sin(r2), 0.0)
    return quat_mul(qh, quat_mul(qp, qr))
