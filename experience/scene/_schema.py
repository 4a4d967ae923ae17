"""Readers for the parts of a scene file: environment, openings, participant, props, people, lights, models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import _catalog as cat
from ._effects import flash_rate
from ._reader import Node, Reader
from ._spec import (
    BreathingGuide,
    EnvironmentSpec,
    LightAnimation,
    LightSpec,
    ModelSpec,
    Opening,
    ParticipantSpec,
    PersonSpec,
    PropSpec,
)

ENV_KEYS = ("kind", "size", "wall", "floor", "ceiling", "trim", "outside", "windows", "doors",
            "motion", "floor_pattern", "rows", "canopy", "trees", "track")
_ENV_PARAMS = {"floor_pattern": ("planks", "tiles", "plain"), "track": ("none", "left", "right")}


def read_environment(r: Reader, node: Node) -> EnvironmentSpec:
    m = r.mapping(node, "environment", ENV_KEYS, ("kind",))
    if m is None:
        return EnvironmentSpec()
    kind = r.choice(m["kind"][1], "environment kind", cat.ENVIRONMENT_KINDS, "room") if "kind" in m else "room"
    d = EnvironmentSpec()
    defaults = {"room": (5.0, 4.0, 2.6), "bus": (2.5, 10.0, 2.3), "platform": (24.0, 8.0, 4.0),
                "park": (30.0, 30.0, 6.0)}[kind]
    kw: dict[str, Any] = {"kind": kind, "size": defaults}
    if "size" in m:
        kw["size"] = r.vec3(m["size"][1], "environment size", defaults, 1.5, 200.0)
    for k in ("wall", "floor", "ceiling", "trim", "outside"):
        if k in m:
            kw[k] = r.color(m[k][1], f"{k} colour", getattr(d, k))
    w, dp, h = kw["size"]
    for k in ("windows", "doors"):
        if k in m:
            kw[k] = tuple(o for o in (_opening(r, n, k[:-1], (w, dp, h)) for n in r.sequence(m[k][1], k)) if o)
    if "motion" in m:
        kw["motion"] = r.number(m["motion"][1], "motion (m/s)", 0.0, 0.0, 20.0)
        if kind not in ("bus",) and kw["motion"]:
            r.report(m["motion"][1], "motion is only allowed inside a vehicle (kind: bus)",
                     "scripted motion needs a stable frame around the participant")
            kw["motion"] = 0.0
    params: dict[str, Any] = {}
    for k, opts in _ENV_PARAMS.items():
        if k in m:
            params[k] = r.choice(m[k][1], k, opts, opts[0])
    for k, lo, hi in (("rows", 0, 12), ("trees", 0, 40)):
        if k in m:
            params[k] = int(r.number(m[k][1], k, 0, lo, hi))
    if "canopy" in m:
        params["canopy"] = r.boolean(m["canopy"][1], "canopy", True)
    kw["params"] = params
    return EnvironmentSpec(**kw)


def _opening(r: Reader, node: Node, what: str, size: tuple[float, float, float]) -> Opening | None:
    m = r.mapping(node, what, ("wall", "at", "width", "height", "sill"), ("wall",))
    if m is None:
        return None
    wall = r.choice(m["wall"][1], f"{what} wall", cat.WALLS, "north") if "wall" in m else "north"
    span = size[0] if wall in ("north", "south") else size[1]
    defaults = (1.4, 1.3, 0.9) if what == "window" else (0.9, 2.05, 0.0)
    width = r.number(m["width"][1], f"{what} width", defaults[0], 0.3, span) if "width" in m else defaults[0]
    at = r.number(m["at"][1], f"{what} position along the wall", 0.0, -span / 2, span / 2) if "at" in m else 0.0
    height = r.number(m["height"][1], f"{what} height", defaults[1], 0.3, size[2]) if "height" in m else defaults[1]
    sill = r.number(m["sill"][1], f"{what} sill height", defaults[2], 0.0, size[2]) if "sill" in m else defaults[2]
    if abs(at) + width / 2 > span / 2 + 1e-6:
        r.report(node, f"the {what} does not fit in the {wall} wall ({span:g} m wide)",
                 "move it with `at` or make it narrower")
    if sill + height > size[2] + 1e-6:
        r.report(node, f"the {what} is taller than the wall", f"sill + height must be at most {size[2]:g}")
    return Opening(wall, at, width, height, sill)


def read_participant(r: Reader, node: Node) -> ParticipantSpec:
    m = r.mapping(node, "participant", ("position", "heading", "pose", "eye_height"))
    if m is None:
        return ParticipantSpec()
    pose = r.choice(m["pose"][1], "participant pose", cat.PARTICIPANT_POSES, "seated") if "pose" in m else "seated"
    eh_default = 1.2 if pose == "seated" else 1.6
    return ParticipantSpec(
        position=r.vec3(m["position"][1], "participant position") if "position" in m else (0.0, 0.0, 0.0),
        heading=r.number(m["heading"][1], "participant heading", 0.0, -360, 360) if "heading" in m else 0.0,
        pose=pose,
        eye_height=(r.number(m["eye_height"][1], "eye_height", eh_default, 0.5, 2.2)
                    if "eye_height" in m else eh_default),
    )


def _placed(r: Reader, m: dict[str, tuple[Node, Node]], what: str) -> dict[str, Any]:
    kw: dict[str, Any] = {}
    if "at" in m:
        kw["at"] = r.vec3(m["at"][1], f"{what} position")
    if "heading" in m:
        kw["heading"] = r.number(m["heading"][1], f"{what} heading", 0.0, -360, 360)
    if "scale" in m:
        kw["scale"] = r.number(m["scale"][1], f"{what} scale", 1.0, 0.05, 20.0)
    if "id" in m:
        kw["id"] = r.ident(m["id"][1], f"{what} id") or None
    return kw


def read_prop(r: Reader, node: Node) -> PropSpec | None:
    m = r.mapping(node, "prop", ("kind", "at", "heading", "scale", "color", "id", "width", "depth",
                                 "height", "count", "text"), ("kind", "at"))
    if m is None or "kind" not in m or "at" not in m:
        return None
    kind = r.choice(m["kind"][1], "prop kind", cat.PROP_KINDS, "")
    if not kind:
        return None
    kw = _placed(r, m, f"{kind}")
    if "color" in m:
        kw["color"] = r.color(m["color"][1], f"{kind} colour", (0.5, 0.5, 0.5))
    params: dict[str, Any] = {}
    for k in ("width", "depth", "height"):
        if k in m:
            params[k] = r.number(m[k][1], f"{kind} {k}", 1.0, 0.05, 30.0)
    if "count" in m:
        params["count"] = int(r.number(m["count"][1], f"{kind} count", 1, 1, 40))
    if "text" in m:
        params["text"] = r.string(m["text"][1], f"{kind} text")
    return PropSpec(kind=kind, params=params, **kw)


def read_person(r: Reader, node: Node) -> PersonSpec | None:
    keys = ("id", "at", "heading", "pose", "gaze", "idle", "height", "clothes", "trousers", "skin", "hair")
    m = r.mapping(node, "person", keys, ("id", "at"))
    if m is None or "id" not in m or "at" not in m:
        return None
    kw = _placed(r, m, "person")
    if "pose" in m:
        kw["pose"] = r.choice(m["pose"][1], "person pose", cat.PERSON_POSES, "standing")
    if "gaze" in m:
        kw["gaze"] = r.string(m["gaze"][1], "gaze", "none")
    if "idle" in m:
        kw["idle"] = r.choice(m["idle"][1], "idle motion", cat.IDLE_KINDS, "breathe")
    if "height" in m:
        kw["height"] = r.number(m["height"][1], "person height", 1.72, 1.0, 2.1)
    d = PersonSpec("x", (0, 0, 0))
    for k in ("clothes", "trousers", "skin", "hair"):
        if k in m:
            kw[k] = r.color(m[k][1], f"{k} colour", getattr(d, k))
    return PersonSpec(**kw)


def read_light(r: Reader, node: Node) -> LightSpec | None:
    keys = ("kind", "id", "color", "intensity", "at", "direction", "radius", "ground", "fixture", "animation")
    m = r.mapping(node, "light", keys, ("kind",))
    if m is None or "kind" not in m:
        return None
    kind = r.choice(m["kind"][1], "light kind", cat.LIGHT_KINDS, "lamp")
    kw: dict[str, Any] = {"kind": kind}
    if "id" in m:
        kw["id"] = r.ident(m["id"][1], "light id") or None
    for k, d in (("color", (1.0, 0.95, 0.85)), ("ground", (0.35, 0.30, 0.25))):
        if k in m:
            kw[k] = r.color(m[k][1], f"light {k}", d)
    if "intensity" in m:
        kw["intensity"] = r.number(m["intensity"][1], "light intensity", 1.0, 0.0, 10.0)
    if "at" in m:
        kw["at"] = r.vec3(m["at"][1], "light position")
    if "direction" in m:
        kw["direction"] = r.vec3(m["direction"][1], "sun direction", (0.3, 0.6, -0.7), -1, 1)
    if "radius" in m:
        kw["radius"] = r.number(m["radius"][1], "light radius", 3.0, 0.2, 50.0)
    if "fixture" in m:
        kw["fixture"] = r.choice(m["fixture"][1], "light fixture", cat.FIXTURES, "none")
    if "animation" in m:
        kw["animation"] = _animation(r, m["animation"][1])
        if kw["animation"] is not None and not kw.get("id"):
            r.report(m["animation"][1], "an animated light needs an id", "add `id: some_name` to this light")
    return LightSpec(**kw)


def _animation(r: Reader, node: Node) -> LightAnimation | None:
    m = r.mapping(node, "light animation", ("kind", "rate", "depth"), ("kind",))
    if m is None or "kind" not in m:
        return None
    kind = r.choice(m["kind"][1], "light animation", cat.LIGHT_ANIMATIONS, "breathe")
    rate = r.number(m["rate"][1], "animation rate (per second)", 0.5, 0.0, 60.0) if "rate" in m else 0.5
    depth = r.number(m["depth"][1], "animation depth", 0.3, 0.0, 1.0) if "depth" in m else 0.3
    fr = flash_rate(kind, {"rate": rate, "depth": depth})
    if fr > 3.0:
        r.report(m.get("rate", (node, node))[1], f"this {kind} would flash {fr:g} times a second (limit 3)",
                 "lower rate to 3 or less, or depth below 0.1 (photosensitivity, W3C XAUR REQ 16b)")
    return LightAnimation(kind, rate, depth)


def read_model(r: Reader, node: Node, folder: Path) -> ModelSpec | None:
    m = r.mapping(node, "model", ("path", "at", "heading", "scale", "id"), ("path",))
    if m is None or "path" not in m:
        return None
    path = r.string(m["path"][1], "model path")
    if path and not path.lower().endswith(cat.MODEL_SUFFIXES):
        r.report(m["path"][1], f"model {path!r} is not a glTF or bam file",
                 "use .gltf, .glb, .bam or .egg")
    elif path and not (folder / path).exists():
        r.report(m["path"][1], f"model file {path!r} not found", f"paths are relative to {folder.name}/")
    return ModelSpec(path=path, **_placed(r, m, "model"))


def read_breathing(r: Reader, node: Node) -> BreathingGuide | None:
    m = r.mapping(node, "breathing", ("at", "rate", "color", "size", "inhale"))
    if m is None:
        return None
    d = BreathingGuide()
    return BreathingGuide(
        at=r.vec3(m["at"][1], "breathing guide position") if "at" in m else d.at,
        rate=r.number(m["rate"][1], "breaths per minute", 6.0, 3.0, 12.0) if "rate" in m else d.rate,
        color=r.color(m["color"][1], "breathing colour", d.color) if "color" in m else d.color,
        size=r.number(m["size"][1], "breathing guide size", d.size, 0.05, 1.0) if "size" in m else d.size,
        inhale=r.number(m["inhale"][1], "inhale share", d.inhale, 0.2, 0.8) if "inhale" in m else d.inhale,
    )
