"""The Stage: Panda3D scene graph, tracked head, eye cameras and the post pass.

Every backend renders through the same Stage: each eye draws the world into its
own texture, and a post pass per eye draws that texture with the post-effect
shader into the output (a window, an offscreen buffer or an XR swapchain copy).
Post effects therefore work in eye-texture space and stay correct in stereo.

Head-locked UI (captions, prompts) lives in a separate overlay scene drawn by
each eye's own lens after the post pass, so a blur, fade or vignette never
makes captions unreadable, and they keep their stereo depth.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from panda3d.core import (
    Camera,
    CardMaker,
    FrameBufferProperties,
    GraphicsOutput,
    GraphicsPipe,
    LQuaternionf,
    LVecBase3f,
    LVecBase4f,
    NodePath,
    OrthographicLens,
    PerspectiveLens,
    PNMImage,
    PTA_LVecBase4f,
    Shader,
    Texture,
    WindowProperties,
    loadPrcFileData,
)

from ._geometry import EyeView, Quat, hpr_quat, quat_conj, quat_mul, quat_rotate

if TYPE_CHECKING:
    from ..core import Worker

NEAR = 0.05
FAR = 400.0


@dataclass
class Eye:
    """One rendered eye: camera under the head, its texture and its post quad.

    ``output`` and ``region`` are where the eye is finally drawn (post pass, then the
    head-locked overlay): what the participant sees.
    """

    camera: NodePath
    lens: PerspectiveLens
    buffer: GraphicsOutput
    texture: Texture
    quad: NodePath
    post_camera: NodePath
    overlay_camera: NodePath
    output: GraphicsOutput
    region: Any


@dataclass
class Participant:
    """Where the participant is in the current scene."""

    position: tuple[float, float, float] = (0.0, 0.0, 0.0)
    heading: float = 0.0
    eye_height: float = 1.2


@dataclass
class TrackedHands:
    """Where the participant's hands (controllers' grip poses) are, in the rig's space.

    A backend with tracked controllers fills this in every frame while ``wanted``
    (the participant's body asks for it); ``valid`` is False for a hand it cannot see.
    """

    wanted: bool = False
    valid: list[bool] = field(default_factory=lambda: [False, False])
    pos: list[tuple[float, float, float]] = field(default_factory=lambda: [(0.0, 0.0, 0.0)] * 2)
    quat: list[tuple[float, float, float, float]] = field(default_factory=lambda: [(1.0, 0.0, 0.0, 0.0)] * 2)


@dataclass
class Stage:
    """The shared Panda3D side of every backend.

    Create with :meth:`Stage.create`, then a backend calls :meth:`build_eyes`.
    """

    base: Any
    world: NodePath = field(init=False)
    rig: NodePath = field(init=False)
    head: NodePath = field(init=False)
    head_locked: NodePath = field(init=False)
    eyes: list[Eye] = field(default_factory=list)
    participant: Participant = field(default_factory=Participant)
    tracking_origin: str = "eye"
    hands: TrackedHands = field(default_factory=TrackedHands)
    recenter_heading: float = 0.0
    views_revision: int = 0
    """Counts :meth:`set_eye_views` calls (the effects re-read the lens centres when it moves)."""
    before_render: list[Callable[[], None]] = field(default_factory=list)
    """Called right before each draw (the people start their next animation step beside it)."""
    _rig_pose: tuple[float, float, float, float, float] = (0.0, 0.0, 0.0, 1.0, 0.0)  # x, y, z, cos h, sin h
    _rig_turn: Quat = (1.0, 0.0, 0.0, 0.0)  # the rig's heading as a quaternion
    _head_pos: tuple[float, float, float] = (0.0, 0.0, 0.0)
    _head_quat: Quat | None = (1.0, 0.0, 0.0, 0.0)  # None: from _head_hpr
    _head_hpr: tuple[float, float, float] = (0.0, 0.0, 0.0)
    worker: Worker | None = None
    """Where thumbnails are encoded (the app's worker; none: thumbnails are not served)."""
    _post_shader: Shader | None = None
    _post_inputs: dict[str, Any] = field(default_factory=dict)
    _post_arrays: dict[str, PTA_LVecBase4f] = field(default_factory=dict)
    _thumbs: list[tuple[Callable[[bytes | None], None], int]] = field(default_factory=list)

    @classmethod
    def create(cls, window_type: str, size: tuple[int, int], *, display: str | None = None,
               title: str = "empathy-vr", extra_prc: str = "") -> Stage:
        """Start Panda3D with one output: ``onscreen``, ``offscreen`` or ``none``."""
        prc = [
            f"window-type {window_type}",
            f"win-size {size[0]} {size[1]}",
            f"window-title {title}",
            "sync-video 0",
            "framebuffer-srgb 0",
            "audio-library-name null",
            "textures-power-2 none",
            "show-frame-rate-meter 0",
            "notify-level-display error",
            "print-pipe-types 0",
            "notify-level-device fatal",
            "default-directnotify-level warning",
        ]
        if display:
            prc.append(f"load-display {display}")
        loadPrcFileData("empathy-vr-stage", "\n".join(prc) + "\n" + extra_prc)
        from direct.showbase.ShowBase import ShowBase

        base = ShowBase(windowType=window_type)
        # The frame loop renders; ShowBase's own render task must not.
        base.taskMgr.remove("igLoop")
        if base.camNode is not None:
            base.camNode.setActive(False)
        base.disableMouse()
        stage = cls(base)
        return stage

    def __post_init__(self) -> None:
        render = self.base.render
        self.world = render.attachNewNode("world")
        self.rig = render.attachNewNode("rig")
        self.head = self.rig.attachNewNode("head")
        # Head-locked UI: its own scene, drawn after the post pass by each eye's lens.
        self.head_locked = NodePath("head_locked")
        self.head_locked.setLightOff(1)
        self.head_locked.setBin("fixed", 50)
        self.head_locked.setDepthTest(False)
        self.head_locked.setDepthWrite(False)

    # -- building -------------------------------------------------------
    def build_eyes(
        self,
        views: Sequence[EyeView],
        eye_size: tuple[int, int],
        outputs: Sequence[tuple[GraphicsOutput, tuple[float, float, float, float]]],
        *,
        multisamples: int = 0,
        clear_color: tuple[float, float, float, float] = (0.05, 0.05, 0.06, 1.0),
    ) -> None:
        """Make one camera + texture + post quad per view.

        Args:
            views: initial eye views (offsets and fields of view).
            eye_size: per-eye texture size in pixels.
            outputs: for each eye, the output it is drawn into and the region
                (left, right, bottom, top) in 0..1 of that output.
            multisamples: MSAA samples for the eye buffers (0 = off).
        """
        base = self.base
        host = outputs[0][0]
        for i in range(len(views)):
            fbp = FrameBufferProperties()
            fbp.setRgbColor(True)
            fbp.setRgbaBits(8, 8, 8, 8)
            fbp.setDepthBits(24)
            if multisamples:
                fbp.setMultisamples(multisamples)
            tex = Texture(f"eye{i}")
            buf = base.graphicsEngine.makeOutput(
                base.pipe, f"eye{i}", -20 + i, fbp, WindowProperties.size(*eye_size),
                GraphicsPipe.BF_refuse_window | GraphicsPipe.BF_resizeable, host.getGsg(), host,
            )
            if buf is None:
                raise RuntimeError("could not create an offscreen eye buffer (OpenGL 3 or newer needed)")
            buf.addRenderTexture(tex, GraphicsOutput.RTM_bind_or_copy, GraphicsOutput.RTP_color)
            buf.setClearColor(clear_color)
            lens = PerspectiveLens()
            lens.setNearFar(NEAR, FAR)
            cam_node = Camera(f"eye{i}", lens)
            cam = self.head.attachNewNode(cam_node)
            dr = buf.makeDisplayRegion()
            dr.setCamera(cam)
            # Post pass: an orthographic camera looking at a quad with the eye texture.
            post_root = NodePath(f"post{i}")
            post_root.setDepthTest(False)
            post_root.setDepthWrite(False)
            cm = CardMaker(f"post-quad{i}")
            cm.setFrameFullscreenQuad()
            cm.setUvRange((0, 0), (1, 1))
            quad = post_root.attachNewNode(cm.generate())
            quad.setTexture(tex)
            quad.setShaderInput("eye_index", float(i))
            quad.setShaderInput("eye_count", float(len(views)))
            ortho = OrthographicLens()
            ortho.setFilmSize(2, 2)
            ortho.setNearFar(-10, 10)
            post_cam = post_root.attachNewNode(Camera(f"post-cam{i}", ortho))
            out, region = outputs[i]
            odr = out.makeDisplayRegion(*region)
            odr.setSort(-10)
            odr.setCamera(post_cam)
            odr.setClearColorActive(False)
            # Overlay: the same lens (shared object), the same eye offset, no post effects.
            overlay_cam = self.head_locked.attachNewNode(Camera(f"overlay{i}", lens))
            udr = out.makeDisplayRegion(*region)
            udr.setSort(-5)
            udr.setCamera(overlay_cam)
            udr.setClearColorActive(False)
            udr.setClearDepthActive(True)
            self.eyes.append(Eye(cam, lens, buf, tex, quad, post_cam, overlay_cam, out, odr))
        self.set_eye_views(views)
        if self._post_shader is not None:
            self.set_post_shader(self._post_shader)

    # -- per frame ------------------------------------------------------
    def set_eye_views(self, views: Sequence[EyeView]) -> None:
        """Apply eye offsets and asymmetric frusta (cheap: no allocation on the Panda side)."""
        self.views_revision += 1
        for eye, view in zip(self.eyes, views, strict=False):
            left, right, up, down = view.fov
            tl, tr, tu, td = math.tan(left), math.tan(right), math.tan(up), math.tan(down)
            lens = eye.lens
            lens.setFocalLength(1.0)
            lens.setFilmSize(tr - tl, tu - td)
            lens.setFilmOffset((tr + tl) * 0.5, (tu + td) * 0.5)
            eye.camera.setPos(*view.offset)
            eye.overlay_camera.setPos(*view.offset)
            if view.quat is not None:
                q = LQuaternionf(*view.quat)
                eye.camera.setQuat(q)
                eye.overlay_camera.setQuat(q)

    def set_mono_fov(self, hfov_deg: float, aspect: float) -> None:
        """Desktop preview: a symmetric field of view for a single eye."""
        half_w = math.radians(hfov_deg) / 2
        half_h = math.atan(math.tan(half_w) / aspect)
        self.set_eye_views([EyeView((0.0, 0.0, 0.0), (-half_w, half_w, half_h, -half_h))])

    def set_head_pose(self, pos: tuple[float, float, float], hpr: tuple[float, float, float]) -> None:
        """Head pose relative to the rig (Panda3D axes, degrees)."""
        self.head.setPosHpr(pos[0], pos[1], pos[2], hpr[0], hpr[1], hpr[2])
        self._head_pos = (pos[0], pos[1], pos[2])
        self._head_hpr, self._head_quat = (hpr[0], hpr[1], hpr[2]), None  # the quaternion when asked

    def set_head_pose_quat(self, pos: tuple[float, float, float], quat: tuple[float, float, float, float]) -> None:
        """Head pose relative to the rig (Panda3D axes, quaternion w x y z): one transform a frame."""
        self.head.setPosQuat(LVecBase3f(pos[0], pos[1], pos[2]), LQuaternionf(quat[0], quat[1], quat[2], quat[3]))
        self._head_pos = (pos[0], pos[1], pos[2])
        self._head_quat = (quat[0], quat[1], quat[2], quat[3])

    def place_rig(self, pos: tuple[float, float, float], heading: float) -> None:
        """Put the rig (the tracking space's origin) at ``pos``, turned by ``heading`` degrees."""
        self.rig.setPosHpr(pos[0], pos[1], pos[2], heading, 0.0, 0.0)
        h = math.radians(heading)
        self._rig_pose = (pos[0], pos[1], pos[2], math.cos(h), math.sin(h))
        self._rig_turn = hpr_quat(heading, 0.0, 0.0)

    def head_in_world(self) -> tuple[float, float, float]:
        """The head's position in the world (scene) space, from the rig and head poses this Stage set.

        Plain arithmetic: the first Panda3D transform query after the head moved costs tens of
        microseconds in a frame, and the people's gaze needs this every frame. The rig and the
        head are moved only through this Stage (:meth:`place_rig`, :meth:`set_head_pose`).
        """
        x, y, z, c, s = self._rig_pose
        hx, hy, hz = self._head_pos
        return (x + c * hx - s * hy, y + s * hx + c * hy, z + hz)

    def to_head_space(self, p: tuple[float, float, float]) -> tuple[float, float, float]:
        """A world (scene) point in the head's space (x right, y ahead, z up): arithmetic, like
        :meth:`head_in_world`, on the poses this Stage set."""
        q = self._head_quat
        if q is None:
            q = self._head_quat = hpr_quat(*self._head_hpr)
        world = quat_mul(self._rig_turn, q)
        hx, hy, hz = self.head_in_world()
        return quat_rotate(quat_conj(world), (p[0] - hx, p[1] - hy, p[2] - hz))

    def set_participant(self, participant: Participant) -> None:
        """Place the rig at the scene's seat; the head's height comes from tracking or eye height."""
        self.participant = participant
        x, y, z = participant.position
        lift = participant.eye_height if self.tracking_origin == "eye" else 0.0
        self.place_rig((x, y, z + lift), participant.heading + self.recenter_heading)

    def recenter(self) -> None:
        """Make the current head direction the scene's forward direction."""
        self.recenter_heading -= self.head.getH()
        self.set_participant(self.participant)

    def render(self) -> None:
        for hook in self.before_render:
            hook()
        self.base.graphicsEngine.renderFrame()
        if self._thumbs:
            self.serve_thumbnails()

    # -- post effects ---------------------------------------------------
    def set_post_shader(self, shader: Shader | None) -> None:
        self._post_shader = shader
        for eye in self.eyes:
            if shader is None:
                eye.quad.clearShader()
            else:
                eye.quad.setShader(shader)
                for k, v in self._post_inputs.items():
                    eye.quad.setShaderInput(k, self._post_arrays.get(k, v))

    def set_post_input(self, name: str, value: Any) -> None:
        """One input of the post pass on every eye.

        Four floats live in a one-element array that the eyes' quads hold by reference: changing
        them later is a write in place, not a new render state on each eye (a fade changes one
        input every frame).
        """
        self._post_inputs[name] = value
        held = self._post_arrays.get(name)
        four = isinstance(value, tuple) and len(value) == 4
        if held is not None and four:
            held.setElement(0, LVecBase4f(*value))
            return
        if four:
            held = self._post_arrays[name] = PTA_LVecBase4f.emptyArray(1)
            held.setElement(0, LVecBase4f(*value))
        else:
            self._post_arrays.pop(name, None)
        for eye in self.eyes:
            eye.quad.setShaderInput(name, held if held is not None else value)

    # -- capture --------------------------------------------------------
    def grab(self, output: GraphicsOutput) -> PNMImage | None:
        """Copy what ``output`` shows into a PNMImage (GPU read-back; not for every frame)."""
        img = PNMImage()
        return img if output.getScreenshot(img) else None

    @property
    def thumbnail_wanted(self) -> bool:
        """A thumbnail is asked for: the next drawn frame must leave the eye's output readable."""
        return bool(self._thumbs)

    def request_thumbnail(self, callback: Callable[[bytes | None], None], width: int = 256) -> None:
        """Hand a small PNG of what the participant sees in the first eye to ``callback``.

        The picture is the eye's final output, post effects and the head-locked overlay
        (captions, prompts, content warnings) included. It is read back right after the
        next drawn frame (:meth:`render`); cropping, scaling and encoding run on the worker.
        """
        self._thumbs.append((callback, width))

    def serve_thumbnails(self) -> None:
        """Read back the first eye's output once for every pending thumbnail request."""
        requests, self._thumbs = self._thumbs, []
        worker = self.worker
        if not self.eyes or worker is None:
            return
        eye = self.eyes[0]
        tex = eye.output.getScreenshot()  # the whole output, as drawn (a GPU read-back)
        dims = tuple(eye.region.getDimensions())
        if tex is None:
            for callback, _ in requests:
                callback(None)
            return
        for callback, width in requests:
            worker.submit(_encode_thumbnail, tex, dims, width, on_done=callback)

    def destroy(self) -> None:
        self._thumbs.clear()
        for eye in self.eyes:
            self.base.graphicsEngine.removeWindow(eye.buffer)
        self.eyes.clear()
        self.base.destroy()


def _encode_thumbnail(tex: Texture, dims: tuple[float, float, float, float], width: int) -> bytes:
    """PNG of the ``dims`` (left, right, bottom, top in 0..1) part of ``tex``, ``width`` pixels wide."""
    from panda3d.core import StringStream

    img = PNMImage()
    tex.store(img)
    w, h = img.getReadXSize(), img.getReadYSize()
    left, right, bottom, top = dims
    x0, x1 = round(left * w), max(round(left * w) + 1, round(right * w))
    y0, y1 = round((1.0 - top) * h), max(round((1.0 - top) * h) + 1, round((1.0 - bottom) * h))
    part = PNMImage(x1 - x0, y1 - y0, img.getNumChannels())
    part.copySubImage(img, 0, 0, x0, y0, x1 - x0, y1 - y0)
    small = PNMImage(width, max(1, round((y1 - y0) * width / max(1, x1 - x0))), 3)
    small.quickFilterFrom(part)
    ss = StringStream()
    small.write(ss, "thumb.png")
    return bytes(ss.getData())
