"""Baked, packed figure geometry: light from the scene, rig tags for the shader.

Runs in the scene process (numpy only until :func:`make_person_node`, which
wraps the bytes into a GeomNode on the frame thread).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from panda3d.core import (
    BoundingSphere,
    GeomNode,
    GeomVertexFormat,
    LODNode,
    PandaNode,
    Point3,
)

from ..mesh import MAX_VERTS, F, Mesh, Occlusion, bake, make_geom, scene_format
from ._figure import Rig
from ._rigmesh import RigMesh

if TYPE_CHECKING:
    from ..scene import LightSpec


FAR_DETAIL = 0.6
"""Segments and rings of the distant figure, against the near one's (about half the vertices)."""
FAR_FROM = 3.5
"""Metres from the eye beyond which a person is drawn with the distant figure. There a facet of
its head strays under 4 mm from the near figure's outline: about a pixel on a current headset."""


@dataclass
class FigureGeom:
    """One figure's packed vertex and index bytes, and where its parts are."""

    vertices: list[bytes]
    indices: list[bytes]
    rows: list[int]
    rig: Rig
    radius: float
    verts: int


def bake_figure(mesh: RigMesh, rig: Rig, at: tuple[float, float, float], heading: float,
                lights: list[LightSpec], channels: dict[int, int], occ: Occlusion) -> FigureGeom:
    """Light the figure as placed in the scene, keep its vertices in its own space, pack it."""
    pos, nrm, col, emit, chan, tris = mesh.arrays()
    r = math.radians(heading)
    c, s = math.cos(r), math.sin(r)
    rot = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]], F)
    placed = Mesh()
    placed.add(pos @ rot.T + np.asarray(at, F), nrm @ rot.T, col, tris, 0.0, -1)
    placed._emit[-1] = emit
    placed._chan[-1] = chan
    baked = bake(placed, lights, channels, occ, [])
    tags, pivots = mesh.rig_arrays()
    inter = np.concatenate([pos, baked.base, baked.albedo, baked.weights, tags, pivots], axis=1).astype(F)
    verts, idx, rows = [], [], []
    for start in range(0, len(tris), MAX_VERTS // 3):
        sub = tris[start:start + MAX_VERTS // 3]
        used, inverse = np.unique(sub, return_inverse=True)
        verts.append(inter[used].tobytes())
        idx.append(inverse.reshape(-1).astype(np.uint16).tobytes())
        rows.append(len(used))
    radius = float(np.linalg.norm(pos, axis=1).max()) + 0.25 if len(pos) else 1.0
    return FigureGeom(verts, idx, rows, rig, radius, len(pos))


def person_format() -> GeomVertexFormat:
    """The scene format plus ``rig`` (part, weight, side, 0) and ``pivot``."""
    return scene_format(("rig", 4), ("pivot", 3))


def make_person_node(name: str, g: FigureGeom, far: FigureGeom | None = None) -> PandaNode:
    """The figure's node (frame thread); its bounds cover every pose the shader gives it.

    With ``far``, an LODNode that draws ``g`` nearer than :data:`FAR_FROM` and ``far`` beyond
    it, chosen by Panda3D's cull for each eye: one Geom drawn either way, and no Python per frame.
    """
    if far is None:
        return _geom_node(name, g)
    lod = LODNode(name)
    lod.setCenter(Point3(0, 0, g.rig.neck))
    lod.addSwitch(FAR_FROM, 0.0)
    lod.addChild(_geom_node(f"{name}-near", g))
    lod.addSwitch(1e6, FAR_FROM)
    lod.addChild(_geom_node(f"{name}-far", far))
    lod.setBounds(BoundingSphere(Point3(0, 0, g.rig.hip), g.radius))
    lod.setFinal(True)
    return lod


def _geom_node(name: str, g: FigureGeom) -> GeomNode:
    node = GeomNode(name)
    for verts, idx, rows in zip(g.vertices, g.indices, g.rows, strict=True):
        geom = make_geom(name, person_format(), verts, idx, rows, wide=False)
        geom.setBounds(BoundingSphere(Point3(0, 0, g.rig.hip), g.radius))
        node.addGeom(geom)
    node.setBounds(BoundingSphere(Point3(0, 0, g.rig.hip), g.radius))
    node.setFinal(True)
    return node
