"""Hair styles, facial hair, head coverings and glasses, drawn on a head :class:`Frame`.

Each is a few low-poly shells and shapes in the figure's flat colours, offset
from the cranium or the jaw; a head covering replaces the hair it covers.
Facial hair on the chin moves with the jaw. Figures are drawn two-sided, so a
shell's inside shows where it is open.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._face import CRANIUM, EYE_Z, JAW, LIP_OUT, MOUTH_Z, Frame, eye_centre, face_y
from ._look import Look
from ._rigmesh import HEAD, LIP_UP, RigMesh
from ._rigmesh import JAW as JAW_PART

Color = tuple[float, float, float]
Mask = Callable[[np.ndarray], np.ndarray]


def _mix(a: Color, b: Color, t: float) -> Color:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def hairline(front: float = 0.6, nape: float = -0.45, ears: bool = True) -> Mask:
    """The scalp above a hairline: at the forehead above ``front``, at the back above ``nape`` (unit z)."""

    def keep(d: np.ndarray) -> np.ndarray:
        x, y, z = d[:, 0], d[:, 1], d[:, 2]
        fwd = np.clip(y, 0.0, 1.0)
        ok = z > nape + (front - nape) * fwd ** 0.7
        if ears:
            ok &= ~((np.abs(x) > 0.7) & (z < 0.25) & (y > -0.45))
        return ok

    return keep


def _on_cranium(m: RigMesh, f: Frame, grow: tuple[float, float, float], color: Color, keep: Mask,
                lift: float = 0.0, rings: int = 14, segments: int = 22) -> None:
    (cx, cy, cz), (a, b, c) = CRANIUM
    m.shell(f(cx, cy - grow[1] * 0.2, cz + lift), f.r(a + grow[0], b + grow[1], c + grow[2]), color, keep,
            rings, segments)


def hair(m: RigMesh, f: Frame, look: Look) -> None:
    """The hair style (nothing under a covering that hides it)."""
    style, col = look.hair_style, look.hair
    cover = look.head_covering
    if cover in ("hijab", "turban", "headwrap", "beanie") or style == "bald":
        return
    (_, cy, cz), (a, b, c) = CRANIUM
    with m.part(HEAD):
        if style == "shaved":
            _on_cranium(m, f, (0.0015, 0.0015, 0.0015), _mix(look.skin, col, 0.5), hairline(0.66, -0.4))
        elif style == "receding":
            base = hairline(0.7, -0.45)
            _on_cranium(m, f, (0.004, 0.004, 0.003), col,
                        lambda d: base(d) & ((d[:, 1] < -0.25) | (np.abs(d[:, 0]) > 0.8)) & (d[:, 2] < 0.42))
        elif style in ("cropped", "bun", "ponytail", "braids"):
            _on_cranium(m, f, (0.005, 0.005, 0.006), col, hairline(0.62, -0.5))
        elif style in ("short", "curly"):
            _on_cranium(m, f, (0.008, 0.01, 0.014), col, hairline(0.58, -0.42), lift=0.003)
            if style == "curly":
                rng = np.random.default_rng(7)
                for j in range(34):
                    th, ph = rng.uniform(0.0, 1.3), rng.uniform(0, 2 * np.pi)
                    d = np.array([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)])
                    if d[1] > 0.45 and d[2] < 0.75:
                        continue
                    p = f(d[0] * (a + 0.01), cy + d[1] * (b + 0.01), cz + d[2] * (c + 0.012))
                    m.sphere(p, 0.016 * f.k, _mix(col, (0, 0, 0), 0.1 * (j % 3)), 3, 6)
        elif style == "afro":
            m.shell(f(0, cy - 0.012, cz + 0.03), f.r(a + 0.045, b + 0.04, c + 0.035), col,
                    lambda d: ~((d[:, 1] > 0.25) & (d[:, 2] < 0.2)) & (d[:, 2] > -0.55), 12, 20)
        elif style in ("bob", "long"):
            _on_cranium(m, f, (0.01, 0.012, 0.012), col, hairline(0.6, -1.0, ears=False))
            low = -0.1 if style == "bob" else -0.26
            # Hair falling at the back and sides, behind the cheeks, to the jaw (bob) or the shoulders (long).
            m.drape(f(0, cy - 0.008, 0), f.r(a + 0.013, b + 0.006, 0)[:2], f(0, 0, cz)[2], f(0, 0, low)[2], col,
                    around=215.0, flare=1.08 if style == "bob" else 1.25)
        if style == "bun":
            m.sphere(f(0, cy - b - 0.016, cz + 0.04), 0.034 * f.k, col, 5, 10)
        elif style == "ponytail":
            m.sphere(f(0, cy - b - 0.006, cz), 0.022 * f.k, col, 4, 8)
            m.cylinder(f(0, cy - b - 0.02, cz - 0.17), 0.013 * f.k, 0.17 * f.k, col, 7, top_radius=0.021 * f.k)
        elif style == "braids":
            for i in range(9):
                x = (i - 4) * 0.017
                y = cy - np.sqrt(max(1e-6, 1 - (x / a) ** 2)) * b - 0.004
                tone = _mix(col, (0, 0, 0), 0.12 * (i % 2))
                m.tube([f(x, y, cz - 0.01), f(x * 1.15, y - 0.012, cz - 0.12), f(x * 1.2, y - 0.008, cz - 0.25)],
                       0.0055 * f.k, tone, 5)


def covering(m: RigMesh, f: Frame, look: Look) -> None:
    cover, col = look.head_covering, look.covering_color
    (_cx, cy, cz), (a, b, c) = CRANIUM
    if cover == "none":
        return
    with m.part(HEAD):
        if cover == "hijab":
            def keep(d: np.ndarray) -> np.ndarray:  # all around the head, open for the face
                face = (d[:, 1] > 0.3) & (np.abs(d[:, 0]) < 0.56) & (d[:, 2] < 0.52) & (d[:, 2] > -0.78)
                return ~face & (d[:, 2] > -0.9)

            m.shell(f(0, cy + 0.006, -0.012), f.r(a + 0.014, b + 0.012, 0.132), col, keep, 16, 24)
            m.cylinder(f(0, -0.012, -0.215), 0.11 * f.k, 0.1 * f.k, col, 16, top_radius=0.07 * f.k)
        elif cover == "turban":
            band = _mix(col, (1, 1, 1), 0.07)
            m.shell(f(0, cy - 0.004, cz + 0.015), f.r(a + 0.018, b + 0.02, c + 0.01), col,
                    hairline(0.55, -0.2, ears=False), 12, 20)
            m.sphere(f(0, cy + 0.006, cz + 0.07), (a + 0.012) * f.k, band, 6, 16, squash=(1.0, 1.2, 0.62))
        elif cover == "headwrap":
            m.shell(f(0, cy - 0.01, cz + 0.02), f.r(a + 0.016, b + 0.016, c + 0.012), col,
                    hairline(0.6, -0.3, ears=False), 12, 20)
            m.sphere(f(0, cy - 0.03, cz + 0.1), 0.062 * f.k, col, 6, 12, squash=(1.15, 1.05, 0.75))
            m.sphere(f(0, cy + 0.05, cz + 0.1), 0.03 * f.k, _mix(col, (0, 0, 0), 0.1), 4, 8, squash=(1.3, 0.8, 0.8))
        elif cover == "beanie":
            m.shell(f(0, cy, cz + 0.008), f.r(a + 0.01, b + 0.01, c + 0.014), col, hairline(0.5, 0.05, ears=False))
            m.cylinder(f(0, cy, cz + 0.02), (a + 0.012) * f.k, 0.026 * f.k, _mix(col, (0, 0, 0), 0.12), 18)
        elif cover == "cap":
            m.shell(f(0, cy, cz + 0.01), f.r(a + 0.007, b + 0.007, c + 0.008), col, hairline(0.5, 0.25, ears=False))
            m.box(f(0, cy + b + 0.03, cz + 0.045), f.r(0.12, 0.07, 0.007), col)
        elif cover == "kippah":
            m.shell(f(0, cy - 0.012, cz + 0.003), f.r(a + 0.004, b + 0.004, c + 0.004), col,
                    lambda d: (d[:, 2] > 0.86), 20, 18)


def facial_hair(m: RigMesh, f: Frame, look: Look) -> None:
    kind = look.facial_hair
    if kind == "none":
        return
    col = look.hair if look.age < 62 else _mix(look.hair, (0.78, 0.77, 0.75), 0.5)
    (jx, jy, jz), (a, b, c) = JAW
    y_mouth = face_y(0, MOUTH_Z) + LIP_OUT
    if kind in ("moustache", "goatee", "beard"):
        with m.part(LIP_UP, pivot=f(0, y_mouth, MOUTH_Z)):
            m.sphere(f(0, y_mouth - 0.001, MOUTH_Z + 0.0105), 0.023 * f.k, col, 3, 12, squash=(1.0, 0.3, 0.2))
    if kind in ("stubble", "beard"):
        grow = 0.0015 if kind == "stubble" else 0.008
        tone = _mix(look.skin, col, 0.4) if kind == "stubble" else col

        def keep(d: np.ndarray) -> np.ndarray:  # jaw and chin, below the cheekbones, not the lips
            lips = (np.abs(d[:, 0]) < 0.4) & (d[:, 2] > -0.4) & (d[:, 1] > 0.5)
            return (d[:, 2] < -0.05 + 0.25 * np.abs(d[:, 0])) & (d[:, 1] > -0.35) & ~lips & (d[:, 2] > -0.97)

        with m.part(JAW_PART, pivot=f(0, 0, -0.02), weight=lambda p: np.full(len(p), 0.7, np.float32)):
            m.shell(f(jx, jy + grow * 0.6, jz - grow * 0.5), f.r(a + grow, b + grow, c + grow * 1.4), tone, keep,
                    20, 28)
    if kind == "goatee":
        with m.part(JAW_PART, pivot=f(0, 0, -0.02)):
            m.sphere(f(0, face_y(0, -0.092) + 0.004, -0.092), 0.018 * f.k, col, 4, 8, squash=(1.0, 0.7, 1.15))


def glasses(m: RigMesh, f: Frame, look: Look) -> None:
    kind = look.glasses
    if kind == "none":
        return
    frame: Color = (0.12, 0.11, 0.11)
    r = 0.0017 * f.k
    (_, _, _), (a, _, _) = CRANIUM
    with m.part(HEAD):
        rims = []
        for side in (-1.0, 1.0):
            cx, cy, cz = eye_centre(side)
            y = cy + 0.022
            pts = []
            for i in range(17):
                t = 2 * np.pi * i / 16
                if kind == "round":
                    px, pz = 0.0185 * np.cos(t), 0.0165 * np.sin(t)
                else:
                    ct, st = np.cos(t), np.sin(t)
                    px = 0.021 * np.sign(ct) * min(1.0, abs(ct) * 1.5)
                    pz = 0.015 * np.sign(st) * min(1.0, abs(st) * 1.5)
                pts.append(f(cx + px, y, cz + pz))
            m.tube(pts, r, frame, 4)
            rims.append((cx, y, cz))
            ex = side * (a + 0.002)
            arm = [f(cx + side * 0.02, y - 0.002, cz + 0.004), f(ex, 0.03, EYE_Z + 0.004), f(ex, -0.025, EYE_Z - 0.006)]
            m.tube(arm, r, frame, 4)
        (lx, ly, lz), (rx, _, _) = rims
        m.tube([f(lx + 0.0185, ly, lz + 0.004), f(0, ly + 0.004, lz + 0.006), f(rx - 0.0185, ly, lz + 0.004)],
               r, frame, 4)
