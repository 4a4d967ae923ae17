"""Procedural geometry: a numpy mesh builder and its primitives.

Everything is gathered into flat arrays (positions, normals, albedo, emission,
footprint tags) so lighting can be baked per vertex in one vectorised pass
and the result becomes a few large Geoms (few draw calls, see :mod:`._bake`).
"""

from __future__ import annotations

import functools
import math

import numpy as np

F = np.float32


def srgb_to_linear(c: tuple[float, float, float] | np.ndarray) -> np.ndarray:
    a = np.asarray(c, dtype=F)
    return np.where(a <= 0.04045, a / 12.92, ((a + 0.055) / 1.055) ** 2.4).astype(F)


def _rot_z(deg: float) -> np.ndarray:
    r = math.radians(deg)
    c, s = math.cos(r), math.sin(r)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]], dtype=F)


class Mesh:
    """A growing triangle mesh with per-vertex albedo (sRGB) and emission (0..1).

    ``channel`` marks vertices driven by an animated light channel (bulbs,
    the breathing orb): -1 for none. ``detail`` scales the segment and ring
    counts of the curved primitives (1: as asked; the distant figures of people
    use less).
    """

    def __init__(self) -> None:
        self._pos: list[np.ndarray] = []
        self._nrm: list[np.ndarray] = []
        self._col: list[np.ndarray] = []
        self._emit: list[np.ndarray] = []
        self._chan: list[np.ndarray] = []
        self._tri: list[np.ndarray] = []
        self.count = 0
        self.detail = 1.0

    def steps(self, n: int, least: int = 3) -> int:
        """``n`` segments (or rings) at this mesh's :attr:`detail`; never fewer than ``least`` (nor
        fewer than asked when that is already ``least`` or less: small parts keep their shape)."""
        return n if self.detail == 1.0 else max(min(n, least), round(n * self.detail))

    # -- raw --------------------------------------------------------------
    def add(self, pos: np.ndarray, nrm: np.ndarray, color: tuple[float, float, float] | np.ndarray,
            tris: np.ndarray, emit: float = 0.0, channel: int = -1) -> None:
        n = len(pos)
        self._pos.append(np.asarray(pos, F))
        self._nrm.append(np.asarray(nrm, F))
        col = np.asarray(color, F)
        self._col.append(np.broadcast_to(col, (n, 3)).astype(F) if col.ndim == 1 else col)
        self._emit.append(np.full(n, emit, F))
        self._chan.append(np.full(n, channel, np.int8))
        self._tri.append(np.asarray(tris, np.int32) + self.count)
        self.count += n

    def merge(self, other: Mesh, at: tuple[float, float, float] = (0, 0, 0), heading: float = 0.0,
              scale: float | tuple[float, float, float] = 1.0) -> None:
        """Add ``other`` scaled (uniform or per axis), turned by ``heading`` degrees and moved to ``at``."""
        if not other.count:
            return
        pos, nrm, col, emit, chan, tri = other.arrays()
        rot = _rot_z(heading)
        sc = np.broadcast_to(np.asarray(scale, F), (3,))
        n = nrm / sc
        n /= np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-6)
        self._pos.append((pos * sc) @ rot.T + np.asarray(at, F))
        self._nrm.append(n @ rot.T)
        self._col.append(col)
        self._emit.append(emit)
        self._chan.append(chan)
        self._tri.append(tri + self.count)
        self.count += len(pos)

    def arrays(self) -> tuple[np.ndarray, ...]:
        if not self._pos:
            z = np.zeros((0, 3), F)
            return z, z, z, np.zeros(0, F), np.zeros(0, np.int8), np.zeros((0, 3), np.int32)
        return (np.concatenate(self._pos), np.concatenate(self._nrm), np.concatenate(self._col),
                np.concatenate(self._emit), np.concatenate(self._chan), np.concatenate(self._tri))

    # -- primitives ---------------------------------------------------------
    def quad(self, origin: tuple[float, float, float], u: tuple[float, float, float],
             v: tuple[float, float, float], color: tuple[float, float, float] | np.ndarray,
             step: float = 0.0, emit: float = 0.0, channel: int = -1,
             tint: np.ndarray | None = None) -> None:
        """A rectangle from ``origin`` spanning ``u`` and ``v`` (normal u x v), split into cells of ``step`` m.

        ``tint``, if given, is called per cell index to vary colour (planks, tiles).
        """
        o, ua, va = np.asarray(origin, F), np.asarray(u, F), np.asarray(v, F)
        nu = max(1, math.ceil(np.linalg.norm(ua) / step)) if step else 1
        nv = max(1, math.ceil(np.linalg.norm(va) / step)) if step else 1
        s = np.linspace(0, 1, nu + 1, dtype=F)
        t = np.linspace(0, 1, nv + 1, dtype=F)
        ss, tt = np.meshgrid(s, t, indexing="ij")
        pos = o + ss.reshape(-1, 1) * ua + tt.reshape(-1, 1) * va
        nrm = np.cross(ua, va)
        nrm = nrm / (np.linalg.norm(nrm) or 1.0)
        i = np.arange(nu)[:, None] * (nv + 1) + np.arange(nv)[None, :]
        a, b, c, d = i, i + (nv + 1), i + (nv + 2), i + 1
        tris = np.stack([np.stack([a, b, c], -1), np.stack([a, c, d], -1)], 2).reshape(-1, 3)
        self.add(pos, np.broadcast_to(nrm, pos.shape), color, tris, emit, channel)

    def box(self, center: tuple[float, float, float], size: tuple[float, float, float],
            color: tuple[float, float, float], step: float = 0.0, bottom: bool = True,
            emit: float = 0.0, channel: int = -1) -> None:
        """An axis-aligned box (centre, full size); flat normals; optional bottom face."""
        cx, cy, cz = center
        hx, hy, hz = size[0] / 2, size[1] / 2, size[2] / 2
        x0, x1, y0, y1, z0, z1 = cx - hx, cx + hx, cy - hy, cy + hy, cz - hz, cz + hz
        dx, dy, dz = size
        q = self.quad
        q((x0, y0, z1), (dx, 0, 0), (0, dy, 0), color, step, emit, channel)  # top
        if bottom:
            q((x0, y1, z0), (dx, 0, 0), (0, -dy, 0), color, step, emit, channel)
        q((x0, y0, z0), (dx, 0, 0), (0, 0, dz), color, step, emit, channel)  # -y face
        q((x1, y1, z0), (-dx, 0, 0), (0, 0, dz), color, step, emit, channel)  # +y
        q((x0, y1, z0), (0, -dy, 0), (0, 0, dz), color, step, emit, channel)  # -x
        q((x1, y0, z0), (0, dy, 0), (0, 0, dz), color, step, emit, channel)  # +x

    def cylinder(self, base: tuple[float, float, float], radius: float, height: float,
                 color: tuple[float, float, float], segments: int = 12, top_radius: float | None = None,
                 caps: bool = True, emit: float = 0.0, channel: int = -1,
                 axis: str = "z") -> None:
        """A (tapered) cylinder standing on ``base``; smooth side normals."""
        r1 = radius if top_radius is None else top_radius
        segments = self.steps(segments, 6)
        ang = np.linspace(0, 2 * math.pi, segments + 1, dtype=F)[:-1]
        c, s = np.cos(ang), np.sin(ang)
        slope = (radius - r1) / max(height, 1e-6)
        ring0 = np.stack([c * radius, s * radius, np.zeros_like(c)], -1)
        ring1 = np.stack([c * r1, s * r1, np.full_like(c, height)], -1)
        n = np.stack([c, s, np.full_like(c, slope)], -1)
        n /= np.linalg.norm(n, axis=1, keepdims=True)
        pos = np.concatenate([ring0, ring1])
        nrm = np.concatenate([n, n])
        i = np.arange(segments)
        j = (i + 1) % segments
        tris = np.concatenate([np.stack([i, j, j + segments], -1), np.stack([i, j + segments, i + segments], -1)])
        parts = [(pos, nrm, tris)]
        if caps:
            for z, r, up in ((height, r1, 1.0), (0.0, radius, -1.0)):
                ring = np.stack([c * r, s * r, np.full_like(c, z)], -1)
                cp = np.concatenate([[[0, 0, z]], ring]).astype(F)
                cn = np.broadcast_to(np.array([0, 0, up], F), cp.shape)
                k = np.arange(segments) + 1
                kn = (k % segments) + 1
                ct = np.stack([np.zeros_like(k), k, kn], -1) if up > 0 else np.stack([np.zeros_like(k), kn, k], -1)
                parts.append((cp, cn, ct))
        for p, nn, t in parts:
            p2, n2 = p.copy(), nn.copy()
            if axis == "x":
                p2, n2 = p2[:, [2, 1, 0]] * [1, 1, 1], n2[:, [2, 1, 0]]
                t = t[:, [0, 2, 1]]
            elif axis == "y":
                p2, n2 = p2[:, [0, 2, 1]], n2[:, [0, 2, 1]]
                t = t[:, [0, 2, 1]]
            self.add(p2 + np.asarray(base, F), n2, color, t, emit, channel)

    def sphere(self, center: tuple[float, float, float], radius: float, color: tuple[float, float, float],
               rings: int = 7, segments: int = 12, squash: tuple[float, float, float] = (1, 1, 1),
               emit: float = 0.0, channel: int = -1) -> None:
        """A UV sphere (or ellipsoid with ``squash``)."""
        rings, segments = self.steps(rings, 4), self.steps(segments, 8)
        n, tris = _unit_sphere(rings, segments)
        sq = np.asarray(squash, F)
        pos = n * radius * sq + np.asarray(center, F)
        nrm = n / sq
        nrm /= np.maximum(np.linalg.norm(nrm, axis=1, keepdims=True), 1e-6)
        self.add(pos, nrm, color, tris, emit, channel)


@functools.lru_cache(maxsize=256)
def _unit_sphere(rings: int, segments: int) -> tuple[np.ndarray, np.ndarray]:
    """A UV sphere's unit directions and triangles (made once per resolution; read-only)."""
    th = np.linspace(0, math.pi, rings + 1, dtype=F)
    ph = np.linspace(0, 2 * math.pi, segments + 1, dtype=F)
    tt, pp = np.meshgrid(th, ph, indexing="ij")
    n = np.stack([np.sin(tt) * np.cos(pp), np.sin(tt) * np.sin(pp), np.cos(tt)], -1).reshape(-1, 3)
    i = np.arange(rings)[:, None] * (segments + 1) + np.arange(segments)[None, :]
    a, b, c, d = i, i + segments + 1, i + segments + 2, i + 1
    tris = np.stack([np.stack([a, b, c], -1), np.stack([a, c, d], -1)], 2).reshape(-1, 3)
    n.setflags(write=False)
    tris.setflags(write=False)
    return n, tris
