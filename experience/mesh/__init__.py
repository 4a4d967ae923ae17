"""Procedural geometry below scenes and people: the numpy mesh builder and baked vertex light.

Scenes (rooms, props, outdoors) and people (bodies, faces) both build on it; it
imports neither (lights are read through the scene's ``LightSpec`` shape).
"""

from ._bake import MAX_VERTS, Baked, Footprint, GeomData, Occlusion, bake, make_geom, make_geom_node, pack, scene_format
from ._mesh import F, Mesh, srgb_to_linear

__all__ = [
    "MAX_VERTS",
    "Baked",
    "F",
    "Footprint",
    "GeomData",
    "Mesh",
    "Occlusion",
    "bake",
    "make_geom",
    "make_geom_node",
    "pack",
    "scene_format",
    "srgb_to_linear",
]
