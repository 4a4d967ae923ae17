"""Budgeted scene building: a scene spec becomes nodes in small slices.

``build_scene`` returns a :class:`SceneBuild`, an iterator whose every
``next()`` does a small piece of work (a few props, a chunk of light baking,
one Geom upload), so the app can run it on ``app.scheduler.defer(...)`` in the
slack of each frame. The scene stays hidden until the caller shows it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from panda3d.core import NodePath, Shader

from ..content import REPO_ROOT
from ._bake import Baked, Footprint, bake, to_geom_node
from ._environments import ENVIRONMENTS, EnvParts
from ._instance import LightChannel, Participant, SceneInstance
from ._mesh import Mesh, srgb_to_linear
from ._people import Figure, person_footprint, person_meshes
from ._props import PROPS
from ._spec import LightSpec, SceneSpec

log = logging.getLogger(__name__)

BAKE_CHUNK = 2500
"""Vertices lit per slice (about 0.5 ms with a few lights on a laptop CPU)."""

_SHADERS: dict[str, Shader] = {}


def scene_shader(shader_dir: Path | None = None) -> Shader:
    """The baked-light scene shader (cached)."""
    folder = shader_dir or REPO_ROOT / "shaders"
    key = str(folder)
    if key not in _SHADERS:
        vert = folder / "scene.vert"
        if not vert.exists():
            folder = REPO_ROOT / "shaders"
        _SHADERS[key] = Shader.load(Shader.SL_GLSL, vertex=str(folder / "scene.vert"),
                                    fragment=str(folder / "scene.frag"))
    return _SHADERS[key]


class SceneBuild:
    """An in-progress build; iterate it to completion, then read :attr:`instance`.

    Args:
        spec: the scene.
        parent: where the scene's root goes (hidden until shown).
        loader: Panda3D's loader (models placed by path are read on a loader thread through
            Panda3D's global loader, which also serves glTF through panda3d-gltf).
        gsg: if given, the scene is prepared (uploaded) on it in a last slice.
        shader_dir: folder with scene.vert/scene.frag (a content pack's shaders/).
        scenes_dir: folder model paths are relative to.
    """

    def __init__(self, spec: SceneSpec, parent: NodePath, loader: Any = None, gsg: Any = None,
                 shader_dir: Path | None = None, scenes_dir: Path | None = None) -> None:
        self.spec = spec
        self.parent = parent
        self.loader = loader
        self.gsg = gsg
        self.shader_dir = shader_dir
        self.scenes_dir = scenes_dir or REPO_ROOT / "scenes"
        self.instance: SceneInstance | None = None
        self.done = False
        self.blocking = False
        self.slices = 0
        self._steps = self._run()

    def __iter__(self) -> Iterator[None]:
        return self

    def __next__(self) -> None:
        try:
            next(self._steps)
        except StopIteration:
            self.done = True
            raise
        self.slices += 1

    def finish(self) -> SceneInstance:
        """Run every remaining slice now (tests, tools, first scene before the first frame)."""
        self.blocking = True
        for _ in self:
            pass
        assert self.instance is not None
        return self.instance

    def cancel(self) -> None:
        """Stop building and remove what was built."""
        self._steps.close()
        if self.instance is not None:
            self.instance.root.removeNode()

    # -- the slices -------------------------------------------------------
    def _run(self) -> Generator[None, None, None]:
        spec = self.spec
        env = spec.environment
        root = self.parent.attachNewNode(f"scene-{spec.id}")
        root.hide()
        root.setShader(scene_shader(self.shader_dir))
        root.setShaderInput("exposure", spec.exposure)
        root.setShaderInput("light_k", (0.0, 0.0, 0.0, 0.0))
        p = spec.participant
        inst = SceneInstance(spec, root, participant=Participant(p.position, p.heading, p.eye_height, p.pose),
                             background=env.outside, exposure=spec.exposure)
        self.instance = inst
        lights = list(spec.lights)
        if spec.breathing is not None:
            b = spec.breathing
            lights.append(LightSpec("lamp", b.color, 0.6, b.at, radius=2.5, id="_breath"))
        channels: dict[int, int] = {}
        for i, ls in enumerate(lights):
            if ls.id and len(channels) < 4:
                ch = len(channels)
                channels[i] = ch
                lc = LightChannel(ch, ls.id, ls.color)
                if ls.animation is not None:
                    lc.animate(ls.animation.kind, ls.animation.rate, ls.animation.depth)
                inst.lights[ls.id] = lc
                col = srgb_to_linear(ls.color) * ls.intensity
                root.setShaderInput(f"light_col{ch}", (float(col[0]), float(col[1]), float(col[2])))
        for ch in range(len(channels), 4):
            root.setShaderInput(f"light_col{ch}", (0.0, 0.0, 0.0))
        yield
        static = Mesh()
        parts: EnvParts | None = None
        for out in ENVIRONMENTS[env.kind](static, env):
            if isinstance(out, EnvParts):
                parts = out
            yield
        assert parts is not None
        feet: list[Footprint] = list(parts.feet)
        for i, prop in enumerate(spec.props):
            sub = Mesh()
            hw, hd = PROPS[prop.kind](sub, prop.params, prop.color)
            static.merge(sub, prop.at, prop.heading, prop.scale)
            if hw > 0 and prop.at[2] < 0.05:
                feet.append(Footprint(prop.at[0], prop.at[1], hw * prop.scale, hd * prop.scale, prop.heading))
            if prop.id:
                a = root.attachNewNode(prop.id)
                a.setPos(*prop.at)
                inst.anchors[prop.id] = a
            if i % 6 == 5:
                yield
        for ls, ch in ((lights[i], c) for i, c in channels.items()):
            _fixture(static, ls, ch)
        for i, ls in enumerate(lights):
            if i not in channels:
                _fixture(static, ls, -1)
        if spec.breathing is not None:
            _breathing_base(static, spec)
        feet.extend(person_footprint(ps) for ps in spec.people)
        yield
        # Bake the static mesh in chunks of vertices, then upload it as one node.
        occ = parts.occlusion
        baked_parts: list[Baked] = []
        pos, nrm, col, emit, chan, tris = static.arrays()
        for start in range(0, len(pos), BAKE_CHUNK):
            end = min(len(pos), start + BAKE_CHUNK)
            chunk = Mesh()
            chunk.add(pos[start:end], nrm[start:end], col[start:end], np.zeros((0, 3), np.int32))
            chunk._emit[-1] = emit[start:end]
            chunk._chan[-1] = chan[start:end]
            baked_parts.append(bake(chunk, lights, channels, occ, feet))
            yield
        baked = Baked(np.concatenate([b.pos for b in baked_parts]), np.concatenate([b.base for b in baked_parts]),
                      np.concatenate([b.albedo for b in baked_parts]),
                      np.concatenate([b.weights for b in baked_parts]), tris)
        static_np = root.attachNewNode(to_geom_node("static", baked))
        yield
        static_np.flattenStrong()
        yield
        if parts.moving is not None:
            mv = parts.moving
            baked_mv = bake(mv, lights, channels, _outdoor(occ), [])
            moving = root.attachNewNode("moving")
            for k in (0, 1):
                copy = moving.attachNewNode(to_geom_node("scenery", baked_mv))
                copy.setY(k * parts.loop)
            moving.flattenStrong()
            inst.moving, inst.loop, inst.speed = moving, parts.loop, env.motion
            yield
        for i, ps in enumerate(spec.people):
            inst.people[ps.id] = _figure(root, ps, lights, channels, occ, i)
            inst.anchors[ps.id] = inst.people[ps.id].root
            yield
        for name, at in spec.anchors.items():
            if name not in inst.anchors:
                a = root.attachNewNode(name)
                a.setPos(*at)
                inst.anchors[name] = a
        if spec.breathing is not None:
            inst.orb = _orb(root, spec, lights, channels)
            yield
        for model in spec.models:
            yield from self._model(root, model, inst)
        if self.gsg is not None:
            root.prepareScene(self.gsg)
            yield
        inst.update(0.0)


    def _model(self, root: NodePath, model: Any, inst: SceneInstance) -> Iterator[None]:
        """Load a model file on a loader thread (never on the frame), then place it in a slice."""
        path = self.scenes_dir / model.path
        fut = _model_pool().submit(_load_model_file, path)
        while not fut.done() and not self.blocking:
            yield
        try:
            node = fut.result()
        except Exception as exc:  # a broken model must not stop the scene
            log.warning("model %s could not be loaded: %s", model.path, exc)
            return
        np_ = NodePath(node)
        np_.reparentTo(root)
        np_.setPosHpr(*model.at, model.heading, 0, 0)
        np_.setScale(model.scale)
        np_.setShader(_model_shader(self.shader_dir), 10)
        np_.setShaderInput("exposure", inst.exposure)
        if model.id:
            inst.anchors[model.id] = np_
        yield


_POOL: Any = None


def _model_pool() -> Any:
    global _POOL
    if _POOL is None:
        from concurrent.futures import ThreadPoolExecutor

        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scene-models")
    return _POOL


def _load_model_file(path: Path) -> Any:
    """Read a .gltf/.glb (panda3d-gltf), .bam or .egg file into a PandaNode."""
    from panda3d.core import Filename, Loader, LoaderOptions

    node = Loader.getGlobalPtr().loadSync(Filename.fromOsSpecific(str(path)), LoaderOptions())
    if node is None:
        raise OSError(f"cannot read {path.name}")
    return node


def build_scene(spec: SceneSpec, parent: NodePath, loader: Any = None, gsg: Any = None,
                shader_dir: Path | None = None, scenes_dir: Path | None = None) -> SceneBuild:
    """Start building ``spec`` under ``parent``; iterate the result (one slice per ``next``)."""
    return SceneBuild(spec, parent, loader, gsg, shader_dir, scenes_dir)


def _outdoor(occ: Any) -> Any:
    from ._bake import Occlusion

    return Occlusion(roofs=list(occ.roofs))


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


def _breathing_base(m: Mesh, spec: SceneSpec) -> None:
    b = spec.breathing
    assert b is not None
    x, y, _ = b.at
    m.cylinder((x, y, 0), 0.42, 0.05, (0.74, 0.69, 0.62), 28, top_radius=0.4)
    m.cylinder((x, y, 0.05), 0.3, 0.03, (0.80, 0.76, 0.70), 28)


def _orb(root: NodePath, spec: SceneSpec, lights: list[LightSpec], channels: dict[int, int]) -> NodePath:
    b = spec.breathing
    assert b is not None
    from panda3d.core import ColorBlendAttrib

    ch = next(c for i, c in channels.items() if lights[i].id == "_breath")
    node = root.attachNewNode("breathing-orb")
    node.setPos(*b.at)
    core, halo = Mesh(), Mesh()
    core.sphere((0, 0, 0), b.size, b.color, 12, 20, emit=0.55, channel=ch)
    node.attachNewNode(to_geom_node("orb", bake(core, lights, channels, _outdoor_room(), [], ao=False)))
    # Soft glow: a shell that fades towards its rim as seen from the seat, added on top.
    p = spec.participant
    to_eye = np.array([p.position[0] - b.at[0], p.position[1] - b.at[1], p.position[2] + p.eye_height - b.at[2]],
                      np.float32)
    to_eye /= float(np.linalg.norm(to_eye)) or 1.0
    for k, strength in ((1.5, 0.22), (2.6, 0.12)):
        halo.sphere((0, 0, 0), b.size * k, b.color, 12, 24, emit=1.0, channel=ch)
        facing = np.clip(halo._nrm[-1] @ to_eye, 0.0, 1.0) ** 3 * strength
        halo._col[-1] = (np.asarray(b.color, np.float32)[None, :] * facing[:, None]).astype(np.float32)
    glow = node.attachNewNode(to_geom_node("glow", bake(halo, lights, channels, _outdoor_room(), [], ao=False)))
    glow.setAttrib(ColorBlendAttrib.make(ColorBlendAttrib.M_add, ColorBlendAttrib.O_one, ColorBlendAttrib.O_one))
    glow.setDepthWrite(False)
    glow.setBin("fixed", 10)
    glow.setTwoSided(True)
    return node


def _soft(c: tuple[float, float, float], k: float) -> tuple[float, float, float]:
    return (c[0] * k, c[1] * k * 0.9, c[2] * k * 0.8)


def _outdoor_room() -> Any:
    from ._bake import Occlusion

    return Occlusion()


def _figure(root: NodePath, ps: Any, lights: list[LightSpec], channels: dict[int, int], occ: Any,
            i: int) -> Figure:
    body, head, neck = person_meshes(ps)
    fr = root.attachNewNode(f"person-{ps.id}")
    fr.setPos(*ps.at)
    fr.setH(ps.heading)
    # Bake in world space (as placed), then move the vertices back into local space.
    placed_b, placed_h = Mesh(), Mesh()
    placed_b.merge(body, ps.at, ps.heading)
    placed_h.merge(head, (ps.at[0], ps.at[1], ps.at[2] + neck), ps.heading)
    bb = bake(placed_b, lights, channels, occ, [])
    hb = bake(placed_h, lights, channels, occ, [])
    for b, m, z in ((bb, body, 0.0), (hb, head, 0.0)):
        b.pos = m.arrays()[0] + np.asarray((0.0, 0.0, z), np.float32)
    body_np = fr.attachNewNode(to_geom_node("body", bb))
    neck_np = fr.attachNewNode("neck")
    neck_np.setZ(neck)
    head_np = neck_np.attachNewNode(to_geom_node("head", hb))
    return Figure(ps, fr, body_np, head_np, ps.heading, ps.gaze, ps.idle, phase=1.7 * i + 0.3 * math.sin(i))


_MODEL_SHADER: dict[str, Shader] = {}


def _model_shader(shader_dir: Path | None) -> Shader:
    folder = shader_dir if shader_dir and (shader_dir / "model.vert").exists() else REPO_ROOT / "shaders"
    key = str(folder)
    if key not in _MODEL_SHADER:
        _MODEL_SHADER[key] = Shader.load(Shader.SL_GLSL, vertex=str(folder / "model.vert"),
                                         fragment=str(folder / "model.frag"))
    return _MODEL_SHADER[key]
