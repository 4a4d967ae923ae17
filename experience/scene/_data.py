"""Scene data: everything a scene needs as plain arrays, computed off the frame thread.

Generating meshes and baking light takes tens to hundreds of milliseconds in
Python and numpy, so it runs on the scene thread (or is read back from
nowhere else: it is cheap to recompute). The frame thread then only turns the
packed bytes into Panda3D nodes, a Geom per slice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..mesh import Baked, Footprint, GeomData, Mesh, Occlusion, bake, pack
from ..people import FAR_DETAIL, FAR_FROM, BodyMeshes, FigureGeom, bake_figure, figure_mesh
from ._environments import EnvParts, room
from ._outdoors import bus, park, platform
from ._people import person_footprint
from ._props import PROPS
from ._spec import LightSpec, PersonSpec, SceneSpec

BAKE_CHUNK = 4000
ENVIRONMENTS = {"room": room, "bus": bus, "platform": platform, "park": park}


@dataclass
class PersonData:
    spec: PersonSpec
    geom: FigureGeom | None  # None: the person is a glTF/VRM model, loaded on the scene thread
    far: FigureGeom | None = None  # the same figure with fewer vertices, drawn from FAR_FROM on


@dataclass
class SceneData:
    """Packed geometry of one scene plus what the frame thread needs to assemble it."""

    lights: list[LightSpec]
    channels: dict[int, int]
    static: list[GeomData] = field(default_factory=list)
    moving: list[GeomData] = field(default_factory=list)
    loop: float = 0.0
    people: list[PersonData] = field(default_factory=list)
    orb_core: list[GeomData] = field(default_factory=list)
    orb_glow: list[GeomData] = field(default_factory=list)
    body: BodyMeshes | None = None  # the participant's body parts (people.body_meshes), when asked for


OPEN_AIR = frozenset({"park", "platform"})
"""Environments lit by the sky: their default key light is the sun; rooms and vehicles get a lamp."""


def default_lights(spec: SceneSpec) -> list[LightSpec]:
    """What a scene without a ``lights`` block is lit by, as every engine does: a soft sky-and-ground
    ambient plus a key light (the sun outdoors; indoors a lamp above and ahead of the participant)."""
    ambient = LightSpec("ambient", (0.87, 0.90, 0.93), 0.6, ground=(0.60, 0.53, 0.45))
    if spec.environment.kind in OPEN_AIR:
        return [ambient, LightSpec("sun", (1.0, 0.95, 0.86), 2.2, direction=(0.35, 0.6, -0.7))]
    x, y, z = spec.participant.position
    h = math.radians(spec.participant.heading)
    ahead = (x - 1.2 * math.sin(h), y + 1.2 * math.cos(h), z + 2.4)
    return [ambient, LightSpec("lamp", (1.0, 0.95, 0.88), 1.3, at=ahead, radius=3.5)]


def scene_lights(spec: SceneSpec) -> tuple[list[LightSpec], dict[int, int]]:
    """The lights to bake (the scene's, or :func:`default_lights`; with the breathing guide's) and
    which get animatable channels."""
    lights = list(spec.lights) or default_lights(spec)
    if spec.breathing is not None:
        b = spec.breathing
        lights.append(LightSpec("lamp", b.color, 0.6, b.at, radius=2.5, id="_breath"))
    channels: dict[int, int] = {}
    for i, ls in enumerate(lights):
        if ls.id and len(channels) < 4:
            channels[i] = len(channels)
    return lights, channels


def compute_scene_data(spec: SceneSpec) -> SceneData:
    """Build meshes and bake lighting for ``spec`` (pure numpy; safe on any thread)."""
    lights, channels = scene_lights(spec)
    data = SceneData(lights, channels)
    env = spec.environment
    static = Mesh()
    parts = EnvParts()
    for out in ENVIRONMENTS[env.kind](static, env):
        if isinstance(out, EnvParts):
            parts = out
    feet: list[Footprint] = list(parts.feet)
    for prop in spec.props:
        sub = Mesh()
        hw, hd = PROPS[prop.kind](sub, prop.params, prop.color)
        static.merge(sub, prop.at, prop.heading, prop.scale)
        if hw > 0 and prop.at[2] < 0.05:
            feet.append(Footprint(prop.at[0], prop.at[1], hw * prop.scale, hd * prop.scale, prop.heading))
    for i, ls in enumerate(lights):
        _fixture(static, ls, channels.get(i, -1))
    if spec.breathing is not None:
        x, y, _ = spec.breathing.at
        static.cylinder((x, y, 0), 0.42, 0.05, (0.74, 0.69, 0.62), 28, top_radius=0.4)
        static.cylinder((x, y, 0.05), 0.3, 0.03, (0.80, 0.76, 0.70), 28)
    feet.extend(person_footprint(ps) for ps in spec.people)
    occ = parts.occlusion
    data.static = pack(_bake_chunked(static, lights, channels, occ, feet))
    if parts.moving is not None:
        data.moving = pack(bake(parts.moving, lights, channels, Occlusion(roofs=list(occ.roofs)), []))
        data.loop = parts.loop
    seat = spec.participant.position
    for ps in spec.people:
        data.people.append(_person(ps, lights, channels, occ, seat))
    if spec.breathing is not None:
        data.orb_core, data.orb_glow = _orb(spec, lights, channels)
    if spec.participant.body:
        from ..people import body_meshes

        data.body = body_meshes(spec.participant)
    return data


def _bake_chunked(mesh: Mesh, lights: list[LightSpec], channels: dict[int, int], occ: Occlusion,
                  feet: list[Footprint]) -> Baked:
    pos, nrm, col, emit, chan, tris = mesh.arrays()
    parts = []
    for start in range(0, max(1, len(pos)), BAKE_CHUNK):
        end = min(len(pos), start + BAKE_CHUNK)
        chunk = Mesh()
        chunk.add(pos[start:end], nrm[start:end], col[start:end], np.zeros((0, 3), np.int32))
        chunk._emit[-1] = emit[start:end]
        chunk._chan[-1] = chan[start:end]
        parts.append(bake(chunk, lights, channels, occ, feet))
    return Baked(np.concatenate([b.pos for b in parts]), np.concatenate([b.base for b in parts]),
                 np.concatenate([b.albedo for b in parts]), np.concatenate([b.weights for b in parts]), tris)


FAR_MARGIN = 1.0
"""A person nearer the seat than FAR_FROM less this (metres) gets no distant figure: a seated
participant's head does not move that far, and the bake is saved."""


def _person(ps: PersonSpec, lights: list[LightSpec], channels: dict[int, int], occ: Occlusion,
            seat: tuple[float, float, float]) -> PersonData:
    if ps.model:
        return PersonData(ps, None)
    mesh, rig = figure_mesh(ps.look, ps.height, ps.pose, ps.clothes, ps.trousers)
    near = bake_figure(mesh, rig, ps.at, ps.heading, lights, channels, occ)
    if math.hypot(ps.at[0] - seat[0], ps.at[1] - seat[1]) < FAR_FROM - FAR_MARGIN:
        return PersonData(ps, near)  # the participant would have to walk away from the seat to see a far figure
    far, far_rig = figure_mesh(ps.look, ps.height, ps.pose, ps.clothes, ps.trousers, detail=FAR_DETAIL)
    return PersonData(ps, near, bake_figure(far, far_rig, ps.at, ps.heading, lights, channels, occ))


def _orb(spec: SceneSpec, lights: list[LightSpec], channels: dict[int, int]) -> tuple[list[GeomData], list[GeomData]]:
    b = spec.breathing
    assert b is not None
    ch = next(c for i, c in channels.items() if lights[i].id == "_breath")
    core, halo = Mesh(), Mesh()
    core.sphere((0, 0, 0), b.size, b.color, 12, 20, emit=0.55, channel=ch)
    # A glow shell that fades towards its rim as seen from the seat (added on top when drawn).
    p = spec.participant
    to_eye = np.array([p.position[0] - b.at[0], p.position[1] - b.at[1], p.position[2] + p.eye_height - b.at[2]],
                      np.float32)
    to_eye /= float(np.linalg.norm(to_eye)) or 1.0
    for k, strength in ((1.5, 0.22), (2.6, 0.12)):
        halo.sphere((0, 0, 0), b.size * k, b.color, 12, 24, emit=1.0, channel=ch)
        facing = np.clip(halo._nrm[-1] @ to_eye, 0.0, 1.0) ** 3 * strength
        halo._col[-1] = (np.asarray(b.color, np.float32)[None, :] * facing[:, None]).astype(np.float32)
    return (pack(bake(core, lights, channels, Occlusion(), [], ao=False)),
            pack(bake(halo, lights, channels, Occlusion(), [], ao=False)))


def _fixture(m: Mesh, ls: LightSpec, ch: int) -> None:
    x, y, z = ls.at
    if ls.fixture == "bulb":
        m.sphere((x, y, z), 0.05, ls.color, 5, 8, emit=1.0, channel=ch)
        m.cylinder((x, y, z + 0.04), 0.004, 0.5, (0.1, 0.1, 0.1), 4, caps=False)
    elif ls.fixture == "shade":
        m.cylinder((x, y, z - 0.05), 0.2, 0.22, ls.color, 16, top_radius=0.08, caps=False, emit=0.85, channel=ch)
        m.cylinder((x, y, z + 0.17), 0.004, 0.6, (0.1, 0.1, 0.1), 4, caps=False)
    elif ls.fixture == "panel":
        m.box((x, y, z), (1.2, 0.6, 0.03), ls.color, emit=1.0, channel=ch)
