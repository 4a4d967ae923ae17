"""Readers for the parts of a scene file: environment, openings, participant, props, people, lights, models."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import yaml

from . import _catalog as cat
from . import fields as F
from ._effects import flash_rate
from ._reader import Node, Reader
from ._spec import (
    BreathingGuide,
    Color,
    EnvironmentParams,
    EnvironmentSpec,
    LightAnimation,
    LightSpec,
    ModelSpec,
    Opening,
    ParticipantSpec,
    PropSpec,
    Vec3,
)

ENV_KEYS = F.keys(F.ENVIRONMENT)
_BR, _AN, _PA = F.BREATHING, F.ANIMATION, F.PARTICIPANT
_ENV_PARAMS = {k: F.ENVIRONMENT[k].enum for k in ("floor_pattern", "track")}


def read_environment(r: Reader, node: Node) -> EnvironmentSpec:
    m = r.mapping(node, "environment", ENV_KEYS, F.required(F.ENVIRONMENT))
    if m is None:
        return EnvironmentSpec()
    kind = r.choice(m["kind"][1], "environment kind", cat.ENVIRONMENT_KINDS, "room") if "kind" in m else "room"
    d = EnvironmentSpec()
    defaults = {"room": (5.0, 4.0, 2.6), "bus": (2.5, 10.0, 2.3), "platform": (24.0, 8.0, 4.0),
                "park": (30.0, 30.0, 6.0)}[kind]
    size = r.vec3(m["size"][1], "environment size", defaults, *F.ENVIRONMENT["size"].range) if "size" in m else defaults

    def colour(k: str, default: Color) -> Color:
        return r.color(m[k][1], f"{k} colour", default) if k in m else default

    wall, floor, ceiling = colour("wall", d.wall), colour("floor", d.floor), colour("ceiling", d.ceiling)
    trim, outside = colour("trim", d.trim), colour("outside", d.outside)

    def openings(k: str) -> tuple[Opening, ...]:
        if k not in m:
            return ()
        return tuple(o for o in (_opening(r, n, k[:-1], size) for n in r.sequence(m[k][1], k)) if o)

    windows, doors = openings("windows"), openings("doors")
    motion = 0.0
    if "motion" in m:
        motion = r.number(m["motion"][1], "motion (m/s)", 0.0, *F.ENVIRONMENT["motion"].range)
        if kind not in ("bus",) and motion:
            r.report(m["motion"][1], "motion is only allowed inside a vehicle (kind: bus)",
                     "scripted motion needs a stable frame around the participant")
            motion = 0.0
    return EnvironmentSpec(kind=kind, size=size, wall=wall, floor=floor, ceiling=ceiling, trim=trim,
                           outside=outside, windows=windows, doors=doors, motion=motion,
                           params=_environment_params(r, m))


def _environment_params(r: Reader, m: dict[str, tuple[Node, Node]]) -> EnvironmentParams:
    params = EnvironmentParams()
    if "floor_pattern" in m:
        opts = _ENV_PARAMS["floor_pattern"]
        params["floor_pattern"] = r.choice(m["floor_pattern"][1], "floor_pattern", opts, opts[0])
    if "track" in m:
        opts = _ENV_PARAMS["track"]
        params["track"] = r.choice(m["track"][1], "track", opts, opts[0])
    if "rows" in m:
        params["rows"] = int(r.number(m["rows"][1], "rows", 0, *F.ENVIRONMENT["rows"].range))
    if "trees" in m:
        params["trees"] = int(r.number(m["trees"][1], "trees", 0, *F.ENVIRONMENT["trees"].range))
    if "canopy" in m:
        params["canopy"] = r.boolean(m["canopy"][1], "canopy", True)
    return params


def _opening(r: Reader, node: Node, what: str, size: tuple[float, float, float]) -> Opening | None:
    m = r.mapping(node, what, F.keys(F.OPENING), F.required(F.OPENING))
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
    m = r.mapping(node, "participant", F.keys(F.PARTICIPANT))
    if m is None:
        return ParticipantSpec()
    d = ParticipantSpec()
    body, clothes, trousers, skin = d.body, d.clothes, d.trousers, d.skin
    if "body" in m:
        bn = m["body"][1]
        if isinstance(bn, yaml.MappingNode):
            bm = r.mapping(bn, "participant body", ("clothes", "trousers", "skin")) or {}
            body = True

            def colour(k: str, default: Color) -> Color:
                return r.color(bm[k][1], f"body {k}", default) if k in bm else default

            clothes, trousers = colour("clothes", d.clothes), colour("trousers", d.trousers)
            skin = colour("skin", d.skin)
        else:
            body = r.boolean(bn, "participant body", False)
    pose = r.choice(m["pose"][1], "participant pose", cat.PARTICIPANT_POSES, "seated") if "pose" in m else "seated"
    eh_default = 1.2 if pose == "seated" else 1.6
    return ParticipantSpec(
        position=r.vec3(m["position"][1], "participant position") if "position" in m else (0.0, 0.0, 0.0),
        heading=r.number(m["heading"][1], "participant heading", 0.0, *_PA["heading"].range) if "heading" in m else 0.0,
        pose=pose,
        eye_height=(r.number(m["eye_height"][1], "eye_height", eh_default, *_PA["eye_height"].range)
                    if "eye_height" in m else eh_default),
        body=body, clothes=clothes, trousers=trousers, skin=skin,
    )


class _Placed(NamedTuple):
    """Where a prop or model stands: position, heading, scale and its id (when named)."""

    at: Vec3
    heading: float
    scale: float
    id: str | None


def _placed(r: Reader, m: dict[str, tuple[Node, Node]], what: str) -> _Placed:
    at = r.vec3(m["at"][1], f"{what} position") if "at" in m else (0.0, 0.0, 0.0)
    heading = r.number(m["heading"][1], f"{what} heading", 0.0, *F.PROP["heading"].range) if "heading" in m else 0.0
    scale = r.number(m["scale"][1], f"{what} scale", 1.0, *F.PROP["scale"].range) if "scale" in m else 1.0
    ident = (r.ident(m["id"][1], f"{what} id") or None) if "id" in m else None
    return _Placed(at, heading, scale, ident)


def read_prop(r: Reader, node: Node) -> PropSpec | None:
    m = r.mapping(node, "prop", F.keys(F.PROP), F.required(F.PROP))
    if m is None or "kind" not in m or "at" not in m:
        return None
    kind = r.choice(m["kind"][1], "prop kind", cat.PROP_KINDS, "")
    if not kind:
        return None
    at, heading, scale, ident = _placed(r, m, f"{kind}")
    color = r.color(m["color"][1], f"{kind} colour", (0.5, 0.5, 0.5)) if "color" in m else None
    params: dict[str, float] = {}
    for k in ("width", "depth", "height"):
        if k in m:
            params[k] = r.number(m[k][1], f"{kind} {k}", 1.0, *F.PROP[k].range)
    if "count" in m:
        params["count"] = int(r.number(m["count"][1], f"{kind} count", 1, *F.PROP["count"].range))
    text = r.string(m["text"][1], f"{kind} text") if "text" in m else None
    return PropSpec(kind=kind, at=at, heading=heading, scale=scale, color=color, id=ident, params=params, text=text)


def read_light(r: Reader, node: Node) -> LightSpec | None:
    m = r.mapping(node, "light", F.keys(F.LIGHT), F.required(F.LIGHT))
    if m is None or "kind" not in m:
        return None
    kind = r.choice(m["kind"][1], "light kind", cat.LIGHT_KINDS, "lamp")
    d = LightSpec(kind)
    ident = (r.ident(m["id"][1], "light id") or None) if "id" in m else d.id
    color = r.color(m["color"][1], "light color", (1.0, 0.95, 0.85)) if "color" in m else d.color
    ground = r.color(m["ground"][1], "light ground", (0.35, 0.30, 0.25)) if "ground" in m else d.ground
    intensity = (r.number(m["intensity"][1], "light intensity", 1.0, *F.LIGHT["intensity"].range)
                 if "intensity" in m else d.intensity)
    at = r.vec3(m["at"][1], "light position") if "at" in m else d.at
    direction = (r.vec3(m["direction"][1], "sun direction", (0.3, 0.6, -0.7), *F.LIGHT["direction"].range)
                 if "direction" in m else d.direction)
    radius = r.number(m["radius"][1], "light radius", 3.0, *F.LIGHT["radius"].range) if "radius" in m else d.radius
    fixture = r.choice(m["fixture"][1], "light fixture", cat.FIXTURES, "none") if "fixture" in m else d.fixture
    animation = None
    if "animation" in m:
        animation = _animation(r, m["animation"][1])
        if animation is not None and not ident:
            r.report(m["animation"][1], "an animated light needs an id", "add `id: some_name` to this light")
    return LightSpec(kind=kind, color=color, intensity=intensity, at=at, direction=direction, radius=radius,
                     ground=ground, id=ident, fixture=fixture, animation=animation)


def _animation(r: Reader, node: Node) -> LightAnimation | None:
    m = r.mapping(node, "light animation", F.keys(F.ANIMATION), F.required(F.ANIMATION))
    if m is None or "kind" not in m:
        return None
    kind = r.choice(m["kind"][1], "light animation", cat.LIGHT_ANIMATIONS, "breathe")
    rate = r.number(m["rate"][1], "animation rate (per second)", 0.5, *_AN["rate"].range) if "rate" in m else 0.5
    depth = r.number(m["depth"][1], "animation depth", 0.3, *_AN["depth"].range) if "depth" in m else 0.3
    fr = flash_rate(kind, {"rate": rate, "depth": depth})
    if fr > 3.0:
        r.report(m.get("rate", (node, node))[1], f"this {kind} would flash {fr:g} times a second (limit 3)",
                 "lower rate to 3 or less, or depth below 0.1 (photosensitivity, W3C XAUR REQ 16b)")
    return LightAnimation(kind, rate, depth)


def read_model(r: Reader, node: Node, folder: Path) -> ModelSpec | None:
    m = r.mapping(node, "model", F.keys(F.MODEL), F.required(F.MODEL))
    if m is None or "path" not in m:
        return None
    path = r.string(m["path"][1], "model path")
    if path and not path.lower().endswith(cat.MODEL_SUFFIXES):
        r.report(m["path"][1], f"model {path!r} is not a glTF or bam file",
                 "use .gltf, .glb, .bam or .egg")
    elif path and not (folder / path).exists():
        r.report(m["path"][1], f"model file {path!r} not found", f"paths are relative to {folder.name}/")
    at, heading, scale, ident = _placed(r, m, "model")
    return ModelSpec(path=path, at=at, heading=heading, scale=scale, id=ident)


def read_breathing(r: Reader, node: Node) -> BreathingGuide | None:
    m = r.mapping(node, "breathing", F.keys(F.BREATHING))
    if m is None:
        return None
    d = BreathingGuide()
    return BreathingGuide(
        at=r.vec3(m["at"][1], "breathing guide position") if "at" in m else d.at,
        rate=r.number(m["rate"][1], "breaths per minute", 6.0, *_BR["rate"].range) if "rate" in m else d.rate,
        color=r.color(m["color"][1], "breathing colour", d.color) if "color" in m else d.color,
        size=r.number(m["size"][1], "breathing guide size", d.size, *_BR["size"].range) if "size" in m else d.size,
        inhale=r.number(m["inhale"][1], "inhale share", d.inhale, *_BR["inhale"].range) if "inhale" in m else d.inhale,
    )
