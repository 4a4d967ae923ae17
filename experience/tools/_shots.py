"""Render scenes headless in stereo: screenshots for docs, face sheets and frames for the flash test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from ..content import REPO_ROOT
from ..core import ManualClock
from ..display import EyeView, HeadlessBackend, Participant, Stage
from ..host import panda_filename
from ..presenters.effects import PostOutput, lens_centres, post_shaders
from ..scene import EffectStack, SceneInstance, build_scene, load_scene_spec


class SceneRenderer:
    """A headless stereo Stage that builds and renders scenes (tests, docs, bench).

    Uses the display package's headless backend, so what it renders is what a
    headset shows (both eyes, post pass included).
    """

    def __init__(self, eye_size: tuple[int, int] = (640, 480), stereo: bool = True) -> None:
        self.clock = ManualClock()
        self.backend = HeadlessBackend(self.clock, eye_size=eye_size, stereo=stereo)
        self.stage: Stage = self.backend.stage_factory()
        self.backend.start(self.stage)
        self.stage.set_eye_views(headset_views(eye_size))
        self.eye_size = eye_size
        self.instance: SceneInstance | None = None
        self.effects: EffectStack | None = None
        self.post: PostOutput | None = None

    def enable_effects(self) -> EffectStack:
        """Use the post-effect shader; returns the :class:`EffectStack` that drives it.

        The values reach the pixels through :class:`PostOutput`, as in a run.
        """
        folder = REPO_ROOT / "shaders"
        shaders = post_shaders((folder / "post.vert").read_text(), (folder / "post.frag").read_text())
        assert shaders is not None, "the bundled post shader must parse"
        self.stage.set_post_input("u_lens", lens_centres(self.stage))
        self.effects = EffectStack()
        self.post = PostOutput(self.stage, self.effects)
        self.post.use(shaders)
        return self.effects

    def push_effects(self) -> None:
        """Send the effect values to the post pass now (after setting values by hand)."""
        if self.post is not None:
            self.post.push(force=True)

    def load(self, scene_id: str, scenes_dir: Path | None = None) -> SceneInstance:
        folder = scenes_dir or REPO_ROOT / "scenes"
        spec = load_scene_spec(folder / f"{scene_id}.yaml")
        if self.instance is not None:
            self.instance.root.removeNode()
        self.stage.set_eye_views(headset_views(self.eye_size))  # after a close-up, the headset's eyes again
        self.stage.set_head_pose((0, 0, 0), (0, 0, 0))
        gsg = self.stage.base.win.getGsg()
        inst = build_scene(spec, self.stage.world, self.stage.base.loader, gsg, scenes_dir=folder).finish()
        inst.show()
        p = inst.participant
        self.stage.set_participant(Participant(p.position, p.heading, p.eye_height))
        for eye in self.stage.eyes:
            eye.buffer.setClearColor((*_srgb(inst.background), 1.0))
        inst.viewer = self.stage.head_in_world
        self.instance = inst
        return inst

    def face_closeup(self, person_id: str, distance: float = 0.7, fov_deg: float = 24.0,
                     side: float = 0.0) -> None:
        """Put the camera ``distance`` metres in front of a person's face (``side`` metres to their left),
        with a narrow field of view: a face at a headset's pixel density."""
        import math

        inst = self.instance
        assert inst is not None and inst.cast is not None, "load a scene with people first"
        crowd = inst.cast.crowd
        i = inst.people[person_id].index
        h = math.radians(float(crowd.heading[i]))
        x, y, z = crowd.pos[i]
        fx, fy = -math.sin(h), math.cos(h)
        eye_z = z + crowd.eye_z[i] - 0.03
        self.stage.place_rig((x + fx * distance - fy * side, y + fy * distance + fx * side, eye_z),
                             math.degrees(h) + 180.0 + math.degrees(math.atan2(side, distance)))
        self.stage.set_head_pose((0, 0, 0), (0, 0, 0))
        w, hgt = self.eye_size
        half = math.radians(fov_deg / 2)
        vh = math.atan(math.tan(half) * hgt / w)
        views = [EyeView((0.0, 0.0, 0.0), (-half, half, vh, -vh))] * len(self.stage.eyes)
        self.stage.set_eye_views(views)

    def render(self) -> None:
        self.stage.render()

    def image(self) -> np.ndarray:
        """The output (both eyes side by side) as an H x W x 3 uint8 array."""
        from panda3d.core import PNMImage

        img = PNMImage()
        self.stage.base.win.getScreenshot(img)
        w, h = img.getXSize(), img.getYSize()
        arr = np.zeros((h, w, 3), np.uint8)
        from panda3d.core import Texture

        tex = Texture()
        tex.load(img)
        data = np.frombuffer(tex.getRamImageAs("RGB"), np.uint8).reshape(h, w, 3)
        arr[:] = data[::-1]
        return arr

    def screenshot(self, path: Path) -> None:
        from panda3d.core import PNMImage

        img = PNMImage()
        self.stage.base.win.getScreenshot(img)
        path.parent.mkdir(parents=True, exist_ok=True)
        img.write(panda_filename(path))

    def run(self, seconds: float, fps: float, each: Callable[[float], None] | None = None) -> Iterator[float]:
        """Advance the scene at ``fps`` for ``seconds``, rendering every frame; yields the time."""
        dt = 1.0 / fps
        n = round(seconds * fps)
        for i in range(n):
            t = i * dt
            if each is not None:
                each(t)
            if self.instance is not None:
                self.instance.update(dt if i else 0.0)
            if self.effects is not None and self.post is not None:
                self.effects.update(dt if i else 0.0)
                self.post.push()
            self.render()
            yield t

    def destroy(self) -> None:
        self.stage.destroy()


def headset_views(eye_size: tuple[int, int], ipd: float = 0.063) -> list[EyeView]:
    """Two mirrored, slightly asymmetric eye views (about 100 degrees wide) that fit ``eye_size``."""
    import math

    outer, inner = math.radians(52), math.radians(44)
    half_w = (math.tan(outer) + math.tan(inner)) / 2
    half_h = half_w * eye_size[1] / eye_size[0]
    up = math.atan(half_h * 0.95)
    down = -math.atan(half_h * 1.05)
    return [EyeView((-ipd / 2, 0.0, 0.0), (-outer, inner, up, down)),
            EyeView((ipd / 2, 0.0, 0.0), (-inner, outer, up, down))]


def _srgb(c: tuple[float, float, float]) -> tuple[float, float, float]:
    return (c[0], c[1], c[2])


def write_screenshots(scene_ids: list[str], out_dir: Path, eye_size: tuple[int, int] = (800, 600)) -> list[Path]:
    """Render each scene (both eyes side by side) to ``out_dir/<id>.png``."""
    r = SceneRenderer(eye_size)
    out = []
    try:
        for sid in scene_ids:
            r.load(sid)
            for _ in r.run(2.0, 10):
                pass
            path = out_dir / f"{sid}.png"
            r.screenshot(path)
            out.append(path)
    finally:
        r.destroy()
    return out



def write_faces(scene_id: str, out_dir: Path, scenes_dir: Path | None = None, size: tuple[int, int] = (320, 400),
                distance: float = 0.6) -> Path | None:
    """Every person's face in a row, each from 0.6 m in front at about 17 px a degree (a headset's density).

    Returns the PNG's path, or None when the scene has no people.
    """
    from panda3d.core import PNMImage

    r = SceneRenderer(size, stereo=False)
    try:
        inst = r.load(scene_id, scenes_dir)
        ids = list(inst.people)
        if not ids:
            return None
        sheet = PNMImage(size[0] * len(ids), size[1])
        for k, pid in enumerate(ids):
            r.face_closeup(pid, distance, fov_deg=size[0] / 17.0)
            for _ in r.run(1.0, 20):
                pass
            img = PNMImage()
            r.stage.base.win.getScreenshot(img)
            sheet.copySubImage(img, size[0] * k, 0)
        path = out_dir / f"faces-{scene_id}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        sheet.write(str(path))
        return path
    finally:
        r.destroy()


def measure_flashes(renderer: SceneRenderer, scene_id: str, seconds: float = 6.0, fps: float = 30.0,
                    each: Callable[[float], None] | None = None, scenes_dir: Path | None = None) -> float:
    """Render a scene's own timeline (light animations, breathing, motion) and count flashes per second."""
    from ..scene import count_flashes, relative_luminance

    renderer.load(scene_id, scenes_dir)
    frames = [relative_luminance(renderer.image()[::2, ::2]) for _ in renderer.run(seconds, fps, each)]
    return count_flashes(frames, fps)


if __name__ == "__main__":
    import sys

    ids = sys.argv[1:] or sorted(p.stem for p in (REPO_ROOT / "scenes").glob("*.yaml"))
    for p in write_screenshots(ids, REPO_ROOT / "docs" / "scenes"):
        print(p)
