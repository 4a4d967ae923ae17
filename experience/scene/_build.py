"""Budgeted scene building: a scene spec becomes nodes in small slices.

``build_scene`` returns a :class:`SceneBuild`, an iterator the app runs on
``app.scheduler.defer(...)``. Meshes and baked light are computed on the
scene thread (:func:`._data.compute_scene_data`); the slices on the frame
thread only wrap the packed bytes into Geoms (one node per slice), place
people, anchors and models, and upload each part to the GPU. The scene stays
hidden until the caller shows it.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from panda3d.core import ColorBlendAttrib, NodePath, Shader

from ..content import REPO_ROOT
from ..core import ProcessWorker
from ..host import panda_filename
from ..mesh import make_geom_node, srgb_to_linear
from ._data import SceneData, compute_scene_data, scene_lights
from ._instance import LightChannel, Participant, SceneInstance
from ._people import Figure
from ._spec import ModelSpec, PersonSpec, SceneSpec

if TYPE_CHECKING:
    from direct.showbase.Loader import Loader
    from panda3d.core import GraphicsStateGuardianBase, PandaNode

    from ..mesh import GeomData
    from ..people import ScenePeople

_T = TypeVar("_T")

log = logging.getLogger(__name__)

_SHADERS: dict[tuple[str, str], Shader] = {}
_POOL: ThreadPoolExecutor | None = None
_PROCS: ProcessWorker | None = None


def _pool() -> ThreadPoolExecutor:
    """The scene thread: reads model files."""
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scene-models")
    return _POOL


def _procs() -> ProcessWorker:
    """The scene process: mesh generation and light baking, away from the frame thread's GIL."""
    global _PROCS
    if _PROCS is None:
        _PROCS = ProcessWorker("empathy-vr-scenes")
    return _PROCS


def _reset_procs(exc: BaseException) -> None:
    global _PROCS
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(exc, BrokenProcessPool):
        _PROCS = None


def warm_up() -> None:
    """Start the scene process now (it takes a moment), e.g. while the app opens its window."""
    _procs().submit(int)


def named_shader(name: str, shader_dir: Path | None, frag: str | None = None) -> Shader:
    folder = shader_dir if shader_dir is not None and (shader_dir / f"{name}.vert").exists() else REPO_ROOT / "shaders"
    frag_folder = folder if (folder / f"{frag or name}.frag").exists() else REPO_ROOT / "shaders"
    key = (str(folder), name)
    if key not in _SHADERS:
        _SHADERS[key] = Shader.load(Shader.SL_GLSL, vertex=panda_filename(folder / f"{name}.vert"),
                                    fragment=panda_filename(frag_folder / f"{frag or name}.frag"))
    return _SHADERS[key]


def scene_shader(shader_dir: Path | None = None) -> Shader:
    """The baked-light scene shader (cached per folder)."""
    return named_shader("scene", shader_dir)


def use_scene_shader(shader: Shader, shader_dir: Path | None = None) -> None:
    """Replace the cached scene shader (hot reload), so scenes built from now on use it."""
    folder = shader_dir if shader_dir is not None and (shader_dir / "scene.vert").exists() else REPO_ROOT / "shaders"
    _SHADERS[(str(folder), "scene")] = shader


class SceneBuild:
    """An in-progress build; iterate it to completion, then read :attr:`instance`.

    Args:
        spec: the scene.
        parent: where the scene's root goes (hidden until shown).
        loader: kept for the contract; models are read through Panda3D's global
            loader on the scene thread (glTF through panda3d-gltf).
        gsg: if given, each part is uploaded to it in its own slice.
        shader_dir: folder with scene/model shaders (a content pack's shaders/).
        scenes_dir: folder model paths are relative to.
    """

    def __init__(self, spec: SceneSpec, parent: NodePath, loader: Loader | None = None,
                 gsg: GraphicsStateGuardianBase | None = None,
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
        self._data: Future[SceneData] | None = None
        self._steps = self._run()

    def start(self, when_ready: Callable[[], None] | None = None) -> None:
        """Start computing the scene's data in the scene process now.

        ``when_ready`` is called (on another thread) once the data is there, so
        the caller can defer the slices only then, instead of polling.
        """
        if self._data is None:
            try:
                self._data = _procs().submit(compute_scene_data, self.spec)
            except Exception as exc:  # a broken pool: start a fresh one next time, build here later
                _reset_procs(exc)
                self._data = Future()
                self._data.set_exception(exc)
        if when_ready is not None:
            self._data.add_done_callback(lambda _f: when_ready())

    def wait(self, timeout: float | None = None) -> None:
        """Block until the scene process has finished this scene's data (tools and tests only)."""
        if self._data is not None:
            try:
                self._data.result(timeout)
            except Exception:  # reported when the slices run
                pass

    @property
    def ready(self) -> bool:
        """True when the slices can run without waiting for the scene process."""
        return self._data is not None and self._data.done()

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
        """Run every remaining slice now, waiting for the scene thread (tools, tests)."""
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

    def _wait(self, fut: Future[_T]) -> Iterator[None]:
        while not fut.done() and not self.blocking:
            yield

    # -- the slices -------------------------------------------------------
    def _run(self) -> Generator[None, None, None]:
        spec = self.spec
        if self._data is None:
            if self.blocking:
                self._data = Future()
                self._data.set_result(compute_scene_data(spec))
            else:
                self.start()
        assert self._data is not None
        fut = self._data
        root = self.parent.attachNewNode(f"scene-{spec.id}")
        root.hide()
        root.setShader(scene_shader(self.shader_dir))
        root.setShaderInput("exposure", spec.exposure)
        root.setShaderInput("light_k", (0.0, 0.0, 0.0, 0.0))
        p = spec.participant
        inst = SceneInstance(spec, root, participant=Participant(p.position, p.heading, p.eye_height, p.pose),
                             background=spec.environment.outside, exposure=spec.exposure)
        self.instance = inst
        lights, channels = scene_lights(spec)
        for i, ch in channels.items():
            ls = lights[i]
            lc = LightChannel(ch, ls.id or "", ls.color)
            if ls.animation is not None:
                lc.animate(ls.animation.kind, ls.animation.rate, ls.animation.depth)
            inst.lights[lc.id] = lc
            col = srgb_to_linear(ls.color) * ls.intensity
            root.setShaderInput(f"light_col{ch}", (float(col[0]), float(col[1]), float(col[2])))
        for ch in range(len(channels), 4):
            root.setShaderInput(f"light_col{ch}", (0.0, 0.0, 0.0))
        for name, at in spec.anchors.items():
            a = root.attachNewNode(name)
            a.setPos(*at)
            inst.anchors[name] = a
        yield
        yield from self._wait(fut)
        try:
            data = fut.result()
        except Exception as exc:  # e.g. the scene process died: build here, slowly but surely
            log.warning("scene %s: building in the frame thread (%s)", spec.id, exc)
            _reset_procs(exc)
            data = compute_scene_data(spec)
        for k in range(0, len(data.static)):
            self._attach(root, "static" if k == 0 else f"static{k}", [data.static[k]])
            yield
        if data.moving:
            moving = root.attachNewNode("moving")
            scenery = self._attach(moving, "scenery", data.moving)
            seam = moving.attachNewNode("scenery-next")  # a second instance, one loop further on
            seam.setY(data.loop)
            scenery.instanceTo(seam)
            yield
            inst.moving, inst.loop, inst.speed = moving, data.loop, spec.environment.motion
        yield from self._people(root, data, inst)
        if spec.breathing is not None:
            orb = root.attachNewNode("breathing-orb")
            orb.setPos(*spec.breathing.at)
            self._attach(orb, "orb", data.orb_core)
            glow = self._attach(orb, "glow", data.orb_glow)
            glow.setAttrib(ColorBlendAttrib.make(ColorBlendAttrib.M_add, ColorBlendAttrib.O_one,
                                                 ColorBlendAttrib.O_one))
            glow.setDepthWrite(False)
            glow.setBin("fixed", 10)
            glow.setTwoSided(True)
            inst.orb = orb
            yield
        if data.body is not None:
            from ..people import ParticipantBody

            inst.body = ParticipantBody(NodePath("participant"), spec.participant, 0.0,
                                        named_shader("model", self.shader_dir), data.body)
            yield
        for model in spec.models:
            yield from self._model(root, model, inst)
        inst.update(0.0)

    def _people(self, root: NodePath, data: SceneData, inst: SceneInstance) -> Iterator[None]:
        """One slice per person: a figure (one Geom, the people shader) or a glTF/VRM humanoid."""
        if not data.people:
            return
        from ..people import ScenePeople, make_person_node

        eyes = [(pd.geom.rig.neck, pd.geom.rig.eye_height) if pd.geom is not None else _estimate_eyes(pd.spec)
                for pd in data.people]
        cast = ScenePeople([pd.spec for pd in data.people], eyes, self.spec.anchors,
                           seed=zlib.crc32(self.spec.id.encode()) or 1)
        inst.cast = cast
        root.setShaderInput("u_people", cast.shader_array())
        person_shader = named_shader("person", self.shader_dir, frag="scene")
        for i, pd in enumerate(data.people):
            ps = pd.spec
            fr = root.attachNewNode(f"person-{ps.id}")
            fr.setPos(*ps.at)
            fr.setH(ps.heading)
            cast.roots[i] = fr
            if pd.geom is not None:
                node = fr.attachNewNode(make_person_node(f"figure-{ps.id}", pd.geom, pd.far))
                node.setShader(person_shader)
                node.setShaderInput("person", float(i))
                node.setTwoSided(True)
                if self.gsg is not None:
                    node.prepareScene(self.gsg)
            else:
                yield from self._humanoid(fr, ps, i, cast)
            inst.people[ps.id] = Figure(ps, fr, i, cast)
            old = inst.anchors.pop(ps.id, None)
            if old is not None:
                old.removeNode()
            inst.anchors[ps.id] = fr
            yield

    def _humanoid(self, fr: NodePath, ps: PersonSpec, i: int, cast: ScenePeople) -> Iterator[None]:
        """Read a person's glTF/VRM file on the scene thread, then pose it from the shared animation."""
        from ..people import Humanoid, load_humanoid

        fut = _pool().submit(load_humanoid, self.scenes_dir / str(ps.model))
        yield from self._wait(fut)
        try:
            model = fut.result()
        except Exception as exc:  # a broken model must not stop the scene
            log.warning("person %s: model %s could not be loaded: %s", ps.id, ps.model, exc)
            return
        driver = Humanoid(model, fr, i, named_shader("model", self.shader_dir))
        cast.drivers.append(driver)
        cast.crowd.neck[i], cast.crowd.eye_z[i] = driver.neck_height, driver.eye_height
        if self.gsg is not None:
            driver.root.prepareScene(self.gsg)

    def _attach(self, parent: NodePath, name: str, geoms: list[GeomData]) -> NodePath:
        node = parent.attachNewNode(make_geom_node(name, geoms))
        if self.gsg is not None:
            node.prepareScene(self.gsg)
        return node

    def _model(self, root: NodePath, model: ModelSpec, inst: SceneInstance) -> Iterator[None]:
        """Read a model file on the scene thread, then place it in a slice."""
        fut = _pool().submit(_load_model_file, self.scenes_dir / model.path)
        yield from self._wait(fut)
        try:
            node = fut.result()
        except Exception as exc:  # a broken model must not stop the scene
            log.warning("model %s could not be loaded: %s", model.path, exc)
            return
        np_ = NodePath(node)
        np_.reparentTo(root)
        np_.setPosHpr(*model.at, model.heading, 0, 0)
        np_.setScale(model.scale)
        np_.setShader(named_shader("model", self.shader_dir), 10)
        np_.setShaderInput("exposure", inst.exposure)
        if model.id:
            inst.anchors[model.id] = np_
        if self.gsg is not None:
            np_.prepareScene(self.gsg)
        yield


def build_scene(spec: SceneSpec, parent: NodePath, loader: Loader | None = None,
                 gsg: GraphicsStateGuardianBase | None = None,
                shader_dir: Path | None = None, scenes_dir: Path | None = None) -> SceneBuild:
    """Start building ``spec`` under ``parent``; iterate the result (one slice per ``next``)."""
    return SceneBuild(spec, parent, loader, gsg, shader_dir, scenes_dir)


def _estimate_eyes(ps: PersonSpec) -> tuple[float, float]:
    """Neck and eye height of a person before their model is read (from their height and pose)."""
    k = ps.height / 1.72
    hip = 0.47 if ps.pose == "seated" else 0.92 * k
    neck = hip + 0.52 * k
    return neck, neck + 0.14 * k


def _load_model_file(path: Path) -> PandaNode:
    """Read a .gltf/.glb (panda3d-gltf), .bam or .egg file into a PandaNode."""
    from panda3d.core import Filename, Loader, LoaderOptions

    node = Loader.getGlobalPtr().loadSync(Filename.fromOsSpecific(str(path)), LoaderOptions())
    if node is None:
        raise OSError(f"cannot read {path.name}")
    return node
