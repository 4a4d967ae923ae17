"""Names the scene format knows: environment kinds, props, poses, light kinds.

Kept free of Panda3D so the loader and the narrative lint can import it cheaply.
"""

from __future__ import annotations

ENVIRONMENT_KINDS: tuple[str, ...] = ("room", "bus", "platform", "park")

PROP_KINDS: tuple[str, ...] = (
    "table", "desk", "chair", "office_chair", "sofa", "armchair", "bench", "shelf",
    "bookcase", "bed", "screen", "tv", "lamp", "desk_lamp", "pendant", "pole", "seat",
    "counter", "cabinet", "fridge", "rug", "plant", "mug", "kettle", "laptop", "books",
    "sign", "bin", "clock", "picture", "partition", "whiteboard", "railing", "tree",
    "cushion", "coat_rack",
)

PERSON_POSES: tuple[str, ...] = ("standing", "seated")
IDLE_KINDS: tuple[str, ...] = ("breathe", "shift", "talk", "still")
LIGHT_KINDS: tuple[str, ...] = ("sun", "lamp", "ambient")
LIGHT_ANIMATIONS: tuple[str, ...] = ("flicker", "breathe")
FIXTURES: tuple[str, ...] = ("none", "bulb", "shade", "panel")
WALLS: tuple[str, ...] = ("north", "south", "east", "west")
PARTICIPANT_POSES: tuple[str, ...] = ("seated", "standing")
MODEL_SUFFIXES: tuple[str, ...] = (".gltf", ".glb", ".bam", ".egg")

MAX_ANIMATED_LIGHTS = 4
"""Lights with an ``id`` get an animatable channel; the scene shader has four."""
