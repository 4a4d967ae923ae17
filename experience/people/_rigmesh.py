"""A mesh whose vertices know which moving part they belong to.

Faces and bodies are animated in the vertex shader (shaders/person.vert), so a
person is one Geom and one draw call whatever moves. Each vertex carries a
``rig`` tag (part, weight, side) and a ``pivot`` (the point the part turns
about); :class:`RigMesh` records them alongside the scene mesh's arrays.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

from ..mesh import F, Mesh

Color = tuple[float, float, float]
Vec3 = tuple[float, float, float]

# Part ids (keep in step with shaders/person.vert).
BODY, TORSO, ARM_L, ARM_R = 0, 1, 2, 3
HEAD, EYE, LID_UP, LID_LOW, BROW, LIP_UP, LIP_LOW, MOUTH, JAW = 4, 5, 6, 7, 8, 9, 10, 11, 12
HEAD_PARTS = (HEAD, EYE, LID_UP, LID_LOW, BROW, LIP_UP, LIP_LOW, MOUTH, JAW)


class RigMesh(Mesh):
    """A :class:`Mesh` that tags every vertex it adds with the current part.

    Use ``with m.part(EYE, pivot=(x, y, z), side=-1): m.sphere(...)``.
    """

    def __init__(self) -> None:
        super().__init__()
        self._rig: list[np.ndarray] = []
        self._pivot: list[np.ndarray] = []
        self._tag: tuple[float, float, float, float] = (BODY, 1.0, 0.0, 0.0)
        self._at: Vec3 = (0.0, 0.0, 0.0)
        self.weight_fn: Callable[[np.ndarray], np.ndarray] | None = None

    @contextmanager
    def part(self, part: int, pivot: Vec3 = (0.0, 0.0, 0.0), side: float = 0.0,
             weight: Callable[[np.ndarray], np.ndarray] | None = None) -> Iterator[None]:
        """Tag what is added inside the block; ``weight(pos)`` gives per-vertex weights (default 1)."""
        old = (self._tag, self._at, self.weight_fn)
        self._tag, self._at, self.weight_fn = (float(part), 1.0, float(side), 0.0), pivot, weight
        try:
            yield
        finally:
            self._tag, self._at, self.weight_fn = old

    def add(self, pos: np.ndarray, nrm: np.ndarray, color: Color | np.ndarray, tris: np.ndarray,
            emit: float = 0.0, channel: int = -1) -> None:
        super().add(pos, nrm, color, tris, emit, channel)
        n = len(pos)
        rig = np.empty((n, 4), F)
        rig[:] = self._tag
        if self.weight_fn is not None:
            rig[:, 1] = self.weight_fn(np.asarray(pos, F))
        self._rig.append(rig)
        self._pivot.append(np.broadcast_to(np.asarray(self._at, F), (n, 3)).copy())

    def rig_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        if not self._rig:
            return np.zeros((0, 4), F), np.zeros((0, 3), F)
        return np.concatenate(self._rig), np.concatenate(self._pivot)

    # -- extra primitives -----------------------------------------------------
    def shell(self, center: Vec3, radii: Vec3, color: Color | np.ndarray,
              keep: Callable[[np.ndarray], np.ndarray], rings: int = 14, segments: int = 20,
              colors: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
        """The part of an ellipsoid where ``keep(unit_dirs)`` is true (hair, lids, coverings).

        ``keep`` gets unit directions (x right, y forward, z up) and returns a
        boolean per vertex; a triangle is kept when all three of its corners are.
        ``colors(dirs)``, if given, colours each vertex.
        """
        rings, segments = self.steps(rings, 4), self.steps(segments, 6)
        th = np.linspace(0, math.pi, rings + 1, dtype=F)
        ph = np.linspace(0, 2 * math.pi, segments + 1, dtype=F)
        tt, pp = np.meshgrid(th, ph, indexing="ij")
        d = np.stack([np.sin(tt) * np.cos(pp), np.sin(tt) * np.sin(pp), np.cos(tt)], -1).reshape(-1, 3)
        r = np.asarray(radii, F)
        pos = d * r + np.asarray(center, F)
        nrm = d / r
        nrm /= np.maximum(np.linalg.norm(nrm, axis=1, keepdims=True), 1e-6)
        i = np.arange(rings)[:, None] * (segments + 1) + np.arange(segments)[None, :]
        a, b, c, e = i, i + segments + 1, i + segments + 2, i + 1
        tris = np.stack([np.stack([a, b, c], -1), np.stack([a, c, e], -1)], 2).reshape(-1, 3)
        ok = keep(d)
        tris = tris[ok[tris].all(axis=1)]
        if not len(tris):
            return
        used, inv = np.unique(tris, return_inverse=True)
        col: Color | np.ndarray = colors(d[used]) if colors is not None else color
        self.add(pos[used], nrm[used], col, inv.reshape(-1, 3))

    def banded_sphere(self, center: Vec3, radius: float, bands: list[tuple[float, Color]],
                      segments: int = 16, axis: Vec3 = (0.0, 1.0, 0.0), squash: Vec3 = (1.0, 1.0, 1.0)) -> None:
        """A sphere around ``axis`` whose colour changes in sharp bands of polar angle (degrees).

        ``bands`` is ``[(up_to_degrees, colour), ...]`` from the pole; each edge is
        a doubled ring, so an iris or pupil has a crisp border with vertex colour.
        """
        segments = self.steps(segments, 6)
        rings: list[tuple[float, Color]] = []
        start = 0.0
        for end, col in bands:
            steps = max(1, math.ceil((end - start) / 20.0))
            for k in range(steps + 1):
                rings.append((start + (end - start) * k / steps, col))
            start = end
        ang = np.linspace(0, 2 * math.pi, segments + 1, dtype=F)
        ax = np.asarray(axis, F) / np.linalg.norm(axis)
        u = np.cross(ax, (0.0, 0.0, 1.0) if abs(ax[2]) < 0.9 else (1.0, 0.0, 0.0)).astype(F)
        u /= np.linalg.norm(u)
        v = np.cross(ax, u)
        pos, cols = [], []
        for th, col in rings:
            t = math.radians(th)
            ring = (math.cos(t) * ax[None, :] + math.sin(t) * (np.cos(ang)[:, None] * u + np.sin(ang)[:, None] * v))
            pos.append(ring)
            cols.append(np.broadcast_to(np.asarray(col, F), ring.shape))
        d = np.concatenate(pos).astype(F)
        n = len(rings)
        i = np.arange(n - 1)[:, None] * (segments + 1) + np.arange(segments)[None, :]
        a, b, c, e = i, i + segments + 1, i + segments + 2, i + 1
        tris = np.stack([np.stack([a, b, c], -1), np.stack([a, c, e], -1)], 2).reshape(-1, 3)
        sq = np.asarray(squash, F)
        self.add(d * radius * sq + np.asarray(center, F), d, np.concatenate(cols).astype(F), tris)

    def drape(self, centre: Vec3, radii: tuple[float, float], top: float, bottom: float, color: Color,
              around: float = 230.0, flare: float = 1.0, segments: int = 18, rows: int = 4) -> None:
        """An open, elliptic sheet hanging from ``top`` to ``bottom`` around the back (hair that falls).

        ``around`` degrees of the ellipse, centred behind (-y); ``flare`` scales the radii at the bottom.
        """
        segments = self.steps(segments, 6)
        half = math.radians(around) / 2
        ang = np.linspace(-math.pi / 2 - half, -math.pi / 2 + half, segments + 1, dtype=F)
        zs = np.linspace(top, bottom, rows + 1, dtype=F)
        pos, nrm = [], []
        for k, z in enumerate(zs):
            s = 1.0 + (flare - 1.0) * (k / rows) ** 1.5
            ring = np.stack([np.cos(ang) * radii[0] * s, np.sin(ang) * radii[1] * s, np.full_like(ang, z)], -1)
            pos.append(ring + np.asarray((centre[0], centre[1], 0.0), F))
            n = np.stack([np.cos(ang) / radii[0], np.sin(ang) / radii[1], np.zeros_like(ang)], -1)
            nrm.append(n / np.linalg.norm(n, axis=1, keepdims=True))
        i = np.arange(rows)[:, None] * (segments + 1) + np.arange(segments)[None, :]
        a, b, c, e = i, i + segments + 1, i + segments + 2, i + 1
        tris = np.stack([np.stack([a, b, c], -1), np.stack([a, c, e], -1)], 2).reshape(-1, 3)
        self.add(np.concatenate(pos).astype(F), np.concatenate(nrm).astype(F), color, tris)

    def tube(self, points: list[Vec3], radius: float, color: Color, segments: int = 6) -> None:
        """Thin cylinders along a polyline (glasses frames, braids)."""
        segments = self.steps(segments, 4)
        for p, q in itertools.pairwise(points):
            pa, qa = np.asarray(p, F), np.asarray(q, F)
            d = qa - pa
            length = float(np.linalg.norm(d))
            if length < 1e-6:
                continue
            ax = d / length
            u = np.cross(ax, (0.0, 0.0, 1.0) if abs(ax[2]) < 0.9 else (1.0, 0.0, 0.0)).astype(F)
            u /= np.linalg.norm(u)
            v = np.cross(ax, u)
            ang = np.linspace(0, 2 * math.pi, segments, endpoint=False, dtype=F)
            ring = np.cos(ang)[:, None] * u + np.sin(ang)[:, None] * v
            pos = np.concatenate([pa + ring * radius, qa + ring * radius]).astype(F)
            nrm = np.concatenate([ring, ring]).astype(F)
            k = np.arange(segments)
            j = (k + 1) % segments
            tris = np.concatenate([np.stack([k, j, j + segments], -1), np.stack([k, j + segments, k + segments], -1)])
            self.add(pos, nrm, color, tris)
