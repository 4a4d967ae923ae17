"""Head and eye poses: OpenXR → Panda3D axes, eye views relative to the head.

OpenXR is right-handed with Y up and −Z forward; Panda3D is Z up and +Y
forward. A point (x, y, z) in OpenXR is (x, −z, y) in Panda3D. The axis change
is a proper rotation, so a quaternion's vector part maps the same way and its
scalar part is kept.
"""

from __future__ import annotations

import math

from .._geometry import Quat, Vec3, quat_conj, quat_mul, quat_rotate


def xr_pos_to_panda(x: float, y: float, z: float) -> Vec3:
    """OpenXR position → Panda3D position."""
    return (x, -z, y)


def xr_quat_to_panda(x: float, y: float, z: float, w: float) -> Quat:
    """OpenXR quaternion (x, y, z, w) → Panda3D quaternion (w, x, y, z) in Panda axes."""
    return (w, x, -z, y)


def relative_pose(head_pos: Vec3, head_q: Quat, eye_pos: Vec3, eye_q: Quat) -> tuple[Vec3, Quat]:
    """The eye's pose in head space, given both in the same (Panda3D) space."""
    inv = quat_conj(head_q)
    d = (eye_pos[0] - head_pos[0], eye_pos[1] - head_pos[1], eye_pos[2] - head_pos[2])
    return quat_rotate(inv, d), quat_mul(inv, eye_q)


def quat_to_hpr(q: Quat) -> Vec3:
    """Heading, pitch, roll in degrees (Panda3D convention) of a unit quaternion."""
    w, x, y, z = q
    # forward (+Y) and up (+Z) after rotation
    fx, fy, fz = quat_rotate(q, (0.0, 1.0, 0.0))
    heading = math.degrees(math.atan2(-fx, fy))
    pitch = math.degrees(math.asin(max(-1.0, min(1.0, fz))))
    ux, uy, uz = quat_rotate(q, (0.0, 0.0, 1.0))
    rx, ry, rz = quat_rotate(q, (1.0, 0.0, 0.0))
    roll = math.degrees(math.atan2(-rz, uz))
    del w, x, y, z, ux, uy, rx, ry
    return (heading, pitch, roll)
