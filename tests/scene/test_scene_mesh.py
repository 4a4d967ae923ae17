"""Procedural primitives face outwards (back faces are culled) and carry sane normals."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from experience.mesh import Mesh
from experience.scene._props import PROPS

PRIMITIVES: dict[str, Callable[[Mesh], None]] = {
    "box": lambda m: m.box((0, 0, 0), (1, 2, 3), (1, 1, 1)),
    "sphere": lambda m: m.sphere((0, 0, 0), 1, (1, 1, 1), squash=(1, 0.6, 1.2)),
    "cylinder": lambda m: m.cylinder((0, 0, 0), 1, 2, (1, 1, 1), top_radius=0.5),
    "cylinder_x": lambda m: m.cylinder((0, 0, 0), 1, 2, (1, 1, 1), axis="x"),
    "cylinder_y": lambda m: m.cylinder((0, 0, 0), 1, 2, (1, 1, 1), axis="y"),
}


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_primitive_triangles_face_outwards(name: str) -> None:
    m = Mesh()
    PRIMITIVES[name](m)
    pos, nrm, _, _, _, tris = m.arrays()
    a, b, c = pos[tris[:, 0]], pos[tris[:, 1]], pos[tris[:, 2]]
    face = np.cross(b - a, c - a)
    keep = np.linalg.norm(face, axis=1) > 1e-9
    outward = (a + b + c) / 3 - pos.mean(axis=0)
    assert (np.einsum("ij,ij->i", face, outward)[keep] >= -1e-6).all()
    # Vertex normals agree with the winding.
    assert (np.einsum("ij,ij->i", face, nrm[tris[:, 0]])[keep] > -1e-6).all()


def test_merge_turns_scales_and_moves() -> None:
    part = Mesh()
    part.box((0, 0.5, 0), (0.2, 0.2, 0.2), (1, 0, 0))
    whole = Mesh()
    whole.merge(part, at=(1, 2, 0), heading=90, scale=2)
    pos = whole.arrays()[0]
    centre = pos.mean(axis=0)
    # +Y turned 90 degrees counter-clockwise is -X; scaled by 2 and moved to (1, 2).
    assert centre == pytest.approx((1 - 1.0, 2, 0), abs=1e-5)


@pytest.mark.parametrize("kind", sorted(PROPS))
def test_every_prop_builds_real_geometry_with_a_footprint(kind: str) -> None:
    m = Mesh()
    hw, hd = PROPS[kind](m, {}, None)
    pos = m.arrays()[0]
    assert m.count > 0 and np.isfinite(pos).all()
    assert hw >= 0 and hd >= 0
    assert pos[:, 2].max() < 6.0 and pos[:, 2].min() > -1.0  # metric scale
