"""Baked lighting: per-vertex light from the scene's lights, into Geoms for the scene shader.

Static light is summed per vertex once (hemisphere ambient, sun with window
and canopy occlusion, soft point lamps, ambient occlusion in corners and under
props). Lights with an ``id`` also write their share into one of four
channels, so the scene shader (shaders/scene.frag) can dim, flicker or
breathe them per frame for the cost of one uniform.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from panda3d.core import (
    Geom,
    GeomNode,
    GeomTriangles,
    GeomVertexArrayFormat,
    GeomVertexData,
    GeomVertexFormat,
    InternalName,
)

from ._mesh import F, Mesh, srgb_to_linear

if TYPE_CHECKING:
    from ..scene import LightSpec

MAX_VERTS = 60000


@dataclass
class Occlusion:
    """What blocks the sun: a room shell with window holes, and flat roofs.

    ``room`` is (width, depth, height) of a box centred on x=y=0 from z=0;
    ``openings`` per wall: list of (centre along wall, width, sill, height);
    ``roofs`` are horizontal rectangles (x0, y0, x1, y1, z).
    """

    room: tuple[float, float, float] | None = None
    openings: dict[str, list[tuple[float, float, float, float]]] = field(default_factory=dict)
    roofs: list[tuple[float, float, float, float, float]] = field(default_factory=list)


@dataclass
class Footprint:
    """A soft contact shadow on the floor: centre, half size, heading, strength."""

    x: float
    y: float
    hw: float
    hd: float
    heading: float = 0.0
    strength: float = 0.45


def _smooth(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def sun_visibility(pos: np.ndarray, to_sun: np.ndarray, occ: Occlusion) -> np.ndarray:
    """0..1 per vertex: how much of the sun reaches it (soft window edges)."""
    vis = np.ones(len(pos), F)
    if occ.room is not None:
        w, d, h = occ.room
        inside = (np.abs(pos[:, 0]) < w / 2 + 0.02) & (np.abs(pos[:, 1]) < d / 2 + 0.02) & (pos[:, 2] < h + 0.02)
        best_t = np.full(len(pos), np.inf, F)
        lit = np.zeros(len(pos), F)
        planes = (("east", 0, w / 2, 1), ("west", 0, -w / 2, 1), ("north", 1, d / 2, 0), ("south", 1, -d / 2, 0))
        for wall, axis, plane, along in planes:
            dirc = to_sun[axis]
            if abs(dirc) < 1e-6 or np.sign(dirc) != np.sign(plane):
                continue
            t = (plane - pos[:, axis]) / dirc
            hit = pos + t[:, None] * to_sun
            a = np.zeros(len(pos), F)
            for centre, width, sill, height in occ.openings.get(wall, []):
                u = hit[:, along]
                du = width / 2 - np.abs(u - centre)
                dz = np.minimum(hit[:, 2] - sill, sill + height - hit[:, 2])
                a = np.maximum(a, _smooth(-0.03, 0.06, np.minimum(du, dz)))
            closer = (t > 0) & (t < best_t)
            best_t = np.where(closer, t, best_t)
            lit = np.where(closer, a, lit)
        if to_sun[2] > 1e-6:
            t = (h - pos[:, 2]) / to_sun[2]
            lit = np.where((t > 0) & (t < best_t), 0.0, lit)
        vis = np.where(inside, lit, vis)
    for x0, y0, x1, y1, z in occ.roofs:
        if to_sun[2] <= 1e-6:
            continue
        t = (z - pos[:, 2]) / to_sun[2]
        hit = pos + t[:, None] * to_sun
        m = np.minimum(np.minimum(hit[:, 0] - x0, x1 - hit[:, 0]), np.minimum(hit[:, 1] - y0, y1 - hit[:, 1]))
        vis = (vis * (1.0 - np.where(t > 0.01, _smooth(-0.15, 0.15, m), 0.0))).astype(F)
    return vis


def ambient_occlusion(pos: np.ndarray, nrm: np.ndarray, occ: Occlusion, feet: list[Footprint]) -> np.ndarray:
    """Darkening near floor/wall/ceiling corners and under furniture and people."""
    ao = np.ones(len(pos), F)
    not_floor = nrm[:, 2] < 0.7
    ao *= np.where(not_floor, 1 - 0.28 * np.exp(-np.maximum(pos[:, 2], 0) / 0.25), 1)
    if occ.room is not None:
        w, d, h = occ.room
        for axis, half in ((0, w / 2), (1, d / 2)):
            dist = half - np.abs(pos[:, axis])
            facing = np.abs(nrm[:, axis]) < 0.7
            ao *= np.where(facing & (dist > -0.01), 1 - 0.22 * np.exp(-np.maximum(dist, 0) / 0.3), 1)
        ao *= np.where(nrm[:, 2] > -0.7, 1 - 0.15 * np.exp(-np.maximum(h - pos[:, 2], 0) / 0.25), 1)
    floorish = (nrm[:, 2] > 0.7) & (pos[:, 2] < 0.06)
    if feet and floorish.any():
        idx = np.nonzero(floorish)[0]
        p = pos[idx]
        shade = np.ones(len(idx), F)
        for f in feet:
            r = np.radians(f.heading)
            dx, dy = p[:, 0] - f.x, p[:, 1] - f.y
            lx = np.abs(dx * np.cos(r) + dy * np.sin(r)) - f.hw
            ly = np.abs(-dx * np.sin(r) + dy * np.cos(r)) - f.hd
            out = np.hypot(np.maximum(lx, 0), np.maximum(ly, 0)) + np.minimum(np.maximum(lx, ly), 0)
            shade = (shade * (1 - f.strength * (1 - _smooth(-0.25, 0.35, out)))).astype(F)
        ao[idx] *= shade
    return ao


@dataclass
class Baked:
    """Per-vertex arrays ready for the scene shader (all linear RGB)."""

    pos: np.ndarray
    base: np.ndarray
    albedo: np.ndarray
    weights: np.ndarray
    tris: np.ndarray


def bake(mesh: Mesh, lights: list[LightSpec], channels: dict[int, int], occ: Occlusion,
         feet: list[Footprint], ao: bool = True) -> Baked:
    """Light a mesh. ``channels`` maps a light's index in ``lights`` to its channel 0..3."""
    pos, nrm, col, emit, chan, tris = mesh.arrays()
    albedo = srgb_to_linear(col)
    light = np.zeros_like(pos)
    weights = np.zeros((len(pos), 4), F)
    occl = ambient_occlusion(pos, nrm, occ, feet) if ao else np.ones(len(pos), F)
    for i, ls in enumerate(lights):
        c = srgb_to_linear(ls.color) * ls.intensity
        if ls.kind == "ambient":
            sky = 0.5 + 0.5 * nrm[:, 2:3]
            contrib = (sky * c + (1 - sky) * srgb_to_linear(ls.ground) * ls.intensity) * occl[:, None]
            light += contrib
            continue
        if ls.kind == "sun":
            to_sun = -np.asarray(ls.direction, F)
            to_sun /= np.linalg.norm(to_sun) or 1.0
            lam = np.clip(nrm @ to_sun, 0, 1)
            amount = lam * sun_visibility(pos, to_sun, occ) * (0.6 + 0.4 * occl)
        else:
            d = np.asarray(ls.at, F) - pos
            dist = np.linalg.norm(d, axis=1)
            lam = np.clip(np.einsum("ij,ij->i", nrm, d) / np.maximum(dist, 1e-4), 0, 1)
            wrap = 0.25 + 0.75 * lam
            amount = wrap / (1 + (dist / ls.radius) ** 2) * occl
        # Light bounced off the floor and walls: a soft share from below and the sides.
        bounce = (0.16 if ls.kind == "sun" else 0.10) * (0.6 - 0.4 * nrm[:, 2]) * occl
        if ls.kind == "lamp":
            bounce = bounce / (1 + (dist / (2 * ls.radius)) ** 2)
        amount = amount + bounce
        ch = channels.get(i)
        if ch is not None:
            weights[:, ch] = amount * ls.intensity
        light += amount[:, None] * c
    base = albedo * light * (1 - emit[:, None]) + albedo * emit[:, None]
    for i, ch in channels.items():
        sel = chan == ch
        if sel.any():
            colour = srgb_to_linear(lights[i].color)
            weights[sel, ch] = emit[sel] / max(float(colour.max()), 1e-3)
    return Baked(pos, base.astype(F), albedo.astype(F), weights, tris)


_FORMATS: dict[tuple[tuple[str, int], ...], GeomVertexFormat] = {}


def scene_format(*extra: tuple[str, int]) -> GeomVertexFormat:
    """Vertex format: vertex, base (baked linear light), albedo (linear), lightw (4 channels), then
    ``extra`` (name, size) float columns; registered once per column set."""
    fmt = _FORMATS.get(extra)
    if fmt is None:
        arr = GeomVertexArrayFormat()
        arr.addColumn(InternalName.getVertex(), 3, Geom.NT_float32, Geom.C_point)
        for column, size in (("base", 3), ("albedo", 3), ("lightw", 4), *extra):
            arr.addColumn(InternalName.make(column), size, Geom.NT_float32, Geom.C_other)
        fmt = _FORMATS[extra] = GeomVertexFormat.registerFormat(GeomVertexFormat(arr))
    return fmt


@dataclass
class GeomData:
    """One Geom's vertex and index bytes (scene format), made off the frame thread."""

    vertices: bytes
    indices: bytes
    rows: int
    wide: bool


def pack(baked: Baked) -> list[GeomData]:
    """Interleave baked arrays into vertex bytes, split into Geoms of at most 60k vertices."""
    out = []
    tris = baked.tris
    for start, end in _chunks(tris, MAX_VERTS):
        sub = tris[start:end]
        used, inverse = np.unique(sub, return_inverse=True)
        inter = np.concatenate([baked.pos[used], baked.base[used], baked.albedo[used], baked.weights[used]],
                               axis=1).astype(F)
        wide = len(used) >= 65535
        idx = inverse.reshape(-1).astype(np.uint32 if wide else np.uint16)
        out.append(GeomData(inter.tobytes(), idx.tobytes(), len(used), wide))
    return out


def make_geom(name: str, fmt: GeomVertexFormat, vertices: bytes, indices: bytes, rows: int, wide: bool) -> Geom:
    """A static Geom from interleaved vertex bytes in ``fmt`` and triangle indices (16 or 32 bit)."""
    vdata = GeomVertexData(name, fmt, Geom.UH_static)
    vdata.uncleanSetNumRows(rows)
    memoryview(vdata.modifyArray(0)).cast("B")[:] = vertices
    prim = GeomTriangles(Geom.UH_static)
    prim.setIndexType(Geom.NT_uint32 if wide else Geom.NT_uint16)
    handle = prim.modifyVertices()
    handle.uncleanSetNumRows(len(indices) // (4 if wide else 2))
    memoryview(handle).cast("B")[:] = indices
    geom = Geom(vdata)
    geom.addPrimitive(prim)
    return geom


def make_geom_node(name: str, geoms: list[GeomData]) -> GeomNode:
    """A GeomNode from packed data (two memory copies per Geom; frame thread)."""
    node = GeomNode(name)
    for g in geoms:
        node.addGeom(make_geom(name, scene_format(), g.vertices, g.indices, g.rows, g.wide))
    return node


def _chunks(tris: np.ndarray, limit: int) -> list[tuple[int, int]]:
    out = []
    start = 0
    while start < len(tris):
        end = min(len(tris), start + limit // 3)
        out.append((start, end))
        start = end
    return out


Slice = Callable[[], None]
