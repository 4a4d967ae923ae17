"""A whole figure as one tagged mesh: legs, torso, arms that gesture, and the head.

Local space: feet (or the seat) at the origin, facing +Y, metres. Seated
figures sit at their ``at`` point, so they belong where a chair is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._face import face
from ._hair import covering, facial_hair, glasses, hair
from ._look import Look
from ._rigmesh import ARM_L, ARM_R, BODY, TORSO, RigMesh

SHOES = (0.16, 0.14, 0.13)
BUILD = {"slim": (0.9, 0.92), "average": (1.0, 1.0), "broad": (1.13, 1.05), "large": (1.16, 1.22)}
"""Shoulder width and torso depth factors per build."""


@dataclass(frozen=True)
class Rig:
    """Where a figure's moving parts are (person space), for the animation."""

    neck: float
    head_centre: tuple[float, float, float]
    eye_height: float
    hip: float


def figure_mesh(look: Look, height: float, pose: str, clothes: tuple[float, float, float],
                trousers: tuple[float, float, float], detail: float = 1.0) -> tuple[RigMesh, Rig]:
    """The figure's mesh and where its head and neck are; ``detail`` < 1 for the distant figure."""
    k = height / 1.72
    m = RigMesh()
    m.detail = detail
    seated = pose == "seated"
    hip = 0.47 if seated else 0.92 * k
    wf, df = BUILD.get(look.build, (1.0, 1.0))
    stoop = 0.012 * k if look.age >= 68 else 0.0
    _legs(m, k, hip, seated, trousers, wf)
    sh = hip + 0.44 * k
    flat = 0.6 * df / wf
    with m.part(TORSO, pivot=(0.0, 0.0, hip)):
        torso = RigMesh()
        torso.detail = detail
        torso.cylinder((0, 0, hip - 0.04 * k), 0.165 * k * (wf + df) / 2, 0.48 * k, clothes, 16, 0.19 * k * wf)
        for arrays in torso._pos:
            arrays *= (1.0, flat, 1.0)
        for nrm in torso._nrm:
            nrm *= (1.0, 1.0 / flat, 1.0)
        for p_, n_, c_, t_ in zip(torso._pos, torso._nrm, torso._col, torso._tri, strict=True):
            m.add(p_, n_ / np.linalg.norm(n_, axis=1, keepdims=True), c_, t_ - t_.min() if len(t_) else t_)
        m.sphere((0, stoop, sh - 0.01 * k), 0.19 * k * wf, clothes, 6, 16, squash=(1.0, flat, 0.38))
        m.cylinder((0, stoop, sh), 0.046 * k, 0.14 * k, look.skin, 10, caps=False)
        m.cylinder((0, stoop, sh + 0.045 * k), 0.056 * k, 0.02 * k, _shade(clothes, 0.85), 12, 0.05 * k)
    _arms(m, k, sh, seated, clothes, look.skin, wf)
    neck = hip + 0.55 * k
    centre = (0.0, 0.006 * k + stoop * 1.5, neck + 0.12 * k)
    f = face(m, centre, k, look)
    hair(m, f, look)
    covering(m, f, look)
    facial_hair(m, f, look)
    glasses(m, f, look)
    return m, Rig(neck, centre, centre[2] + 0.008 * k, hip)


def _legs(m: RigMesh, k: float, hip: float, seated: bool, trousers: tuple[float, float, float], wf: float) -> None:
    with m.part(BODY):
        for sx in (-1, 1):
            x = sx * 0.095 * k * (0.6 + 0.4 * wf)
            if seated:
                m.cylinder((x, 0.02, hip), 0.078 * k, 0.42 * k, trousers, 10, 0.066 * k, axis="y")
                m.cylinder((x, 0.44 * k, 0.06), 0.06 * k, hip - 0.06, trousers, 10, 0.066 * k)
                m.box((x, 0.49 * k, 0.035), (0.1 * k, 0.24 * k, 0.07), SHOES)
            else:
                m.cylinder((x, 0, 0.07), 0.058 * k, hip - 0.05, trousers, 10, 0.084 * k)
                m.box((x, 0.04 * k, 0.035), (0.1 * k, 0.25 * k, 0.07), SHOES)


def _arms(m: RigMesh, k: float, sh: float, seated: bool, clothes: tuple[float, float, float],
          skin: tuple[float, float, float], wf: float) -> None:
    for sx, part in ((-1, ARM_L), (1, ARM_R)):
        x = sx * 0.2 * k * wf
        elbow = sh - 0.28 * k
        with m.part(TORSO, pivot=(0.0, 0.0, sh)):
            m.cylinder((x, 0, elbow), 0.045 * k, 0.28 * k, clothes, 8, 0.056 * k)
            m.sphere((x, 0, sh - 0.005 * k), 0.056 * k, clothes, 4, 8)
        if seated:
            pivot = (x * 0.95, 0.0, elbow)
            with m.part(part, pivot=pivot, side=float(sx)):
                m.sphere(pivot, 0.045 * k, clothes, 4, 8)
                m.cylinder((x * 0.92, 0.0, elbow), 0.041 * k, 0.27 * k, clothes, 8, 0.036 * k, axis="y")
                m.sphere((x * 0.88, 0.3 * k, elbow), 0.043 * k, skin, 4, 8, squash=(0.75, 1.15, 0.6))
        else:
            pivot = (x, 0.0, elbow)
            with m.part(part, pivot=pivot, side=float(sx)):
                m.sphere(pivot, 0.045 * k, clothes, 4, 8)
                m.cylinder((x, 0, elbow - 0.27 * k), 0.036 * k, 0.27 * k, clothes, 8, 0.044 * k)
                m.sphere((x, 0.005, elbow - 0.31 * k), 0.043 * k, skin, 4, 8, squash=(0.72, 0.9, 1.25))


def _shade(c: tuple[float, float, float], k: float) -> tuple[float, float, float]:
    return (c[0] * k, c[1] * k, c[2] * k)
