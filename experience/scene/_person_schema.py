"""Reading a person entry of a scene file: placement, gaze, idle motion and appearance."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..people import (
    BUILDS,
    EXPRESSIONS,
    EYE_COLORS,
    FACIAL_HAIR,
    GLASSES,
    HAIR_COLORS,
    HAIR_STYLES,
    HEAD_COVERINGS,
    SKIN_TONES,
    Look,
    default_clothes,
    default_look,
    with_overrides,
)
from . import _catalog as cat
from . import fields as F
from ._reader import PALETTE, Node, Reader, hint_for
from ._spec import PersonSpec

PERSON_KEYS = F.keys(F.PERSON)
PERSON_MODEL_SUFFIXES = (".gltf", ".glb", ".vrm")
GAZES = ("participant", "stare", "glance", "away", "none")


def _color(r: Reader, node: Node, what: str, named: dict[str, tuple[float, float, float]],
           default: tuple[float, float, float]) -> tuple[float, float, float]:
    """A colour from a person palette (``tone4``, ``auburn``), or any scene colour."""
    if isinstance(node, yaml.ScalarNode) and node.value in named:
        return named[node.value]
    if isinstance(node, yaml.ScalarNode) and not node.value.startswith("#") and node.value not in PALETTE:
        r.report(node, f"{what} {node.value!r} is not known", hint_for(node.value, tuple(named)))
        return default
    return r.color(node, what, default)


def read_person(r: Reader, node: Node, scene_id: str, index: int, folder: Path) -> PersonSpec | None:
    m = r.mapping(node, "person", PERSON_KEYS, ("id", "at"))
    if m is None or "id" not in m or "at" not in m:
        return None
    at = r.vec3(m["at"][1], "person position")
    heading = r.number(m["heading"][1], "person heading", 0.0, -360, 360) if "heading" in m else 0.0
    pid = r.ident(m["id"][1], "person id") or f"person{index}"
    d = PersonSpec(pid, at)
    pose = r.choice(m["pose"][1], "person pose", cat.PERSON_POSES, "standing") if "pose" in m else d.pose
    gaze = r.string(m["gaze"][1], "gaze", "none") if "gaze" in m else d.gaze
    idle = r.choice(m["idle"][1], "idle motion", cat.IDLE_KINDS, "breathe") if "idle" in m else d.idle
    height = r.number(m["height"][1], "person height", 1.72, 1.0, 2.1) if "height" in m else d.height
    expression = (r.choice(m["expression"][1], "expression", EXPRESSIONS, "neutral")
                  if "expression" in m else d.expression)
    top, bottom = default_clothes(f"{scene_id}:{pid}")
    clothes = r.color(m["clothes"][1], "clothes colour", top) if "clothes" in m else top
    trousers = r.color(m["trousers"][1], "trousers colour", bottom) if "trousers" in m else bottom
    look = _read_look(r, m, default_look(f"{scene_id}:{pid}", index))
    voice = d.voice
    if "voice" in m:
        vn = m["voice"][1]
        items = vn.value if isinstance(vn, yaml.SequenceNode) else [vn]
        voice = tuple(r.ident(v, "voice anchor") for v in items)
    model = _read_model(r, m["model"][1], folder) if "model" in m else d.model
    return PersonSpec(id=pid, at=at, heading=heading, pose=pose, gaze=gaze, idle=idle, height=height,
                      clothes=clothes, trousers=trousers, look=look, expression=expression, voice=voice,
                      model=model)


def _read_look(r: Reader, m: dict[str, tuple[Node, Node]], look: Look) -> Look:
    """The person's look: the scene's default for them, with what the file says instead."""
    changes: dict[str, object] = {}
    if "skin" in m:
        changes["skin"] = _color(r, m["skin"][1], "skin tone", SKIN_TONES, look.skin)
    if "hair" in m:
        changes["hair"] = _color(r, m["hair"][1], "hair colour", HAIR_COLORS, look.hair)
    if "eyes" in m:
        changes["eyes"] = _color(r, m["eyes"][1], "eye colour", EYE_COLORS, look.eyes)
    if "covering_color" in m:
        changes["covering_color"] = r.color(m["covering_color"][1], "covering colour", look.covering_color)
    for key, options in (("hair_style", HAIR_STYLES), ("facial_hair", FACIAL_HAIR), ("glasses", GLASSES),
                         ("head_covering", HEAD_COVERINGS), ("build", BUILDS)):
        if key in m:
            changes[key] = r.choice(m[key][1], key.replace("_", " "), options, getattr(look, key))
    if "age" in m:
        changes["age"] = age = r.number(m["age"][1], "age", look.age, 16, 100)
        if "hair" not in m and age >= 62 and age > look.age:
            changes["hair"] = HAIR_COLORS["grey" if age < 75 else "silver"]
    return with_overrides(look, **changes)


def _read_model(r: Reader, node: Node, folder: Path) -> str | None:
    path = r.string(node, "person model")
    if path and not path.lower().endswith(PERSON_MODEL_SUFFIXES):
        r.report(node, f"person model {path!r} is not a glTF or VRM file", "use .glb, .gltf or .vrm")
    elif path and not (folder / path).exists():
        r.report(node, f"person model file {path!r} not found", f"paths are relative to {folder.name}/")
    elif path:
        from ..people import model_problems

        for message, hint in model_problems(folder / path):
            r.report(node, message, hint)
    return path or None
