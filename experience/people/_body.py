"""The participant's own body: legs and torso seen when looking down, hands that follow the controllers.

Neutral clothing, sized from the seat's eye height, under the Stage's rig (the
tracking space). Seated, the hips stay on the seat and the torso leans with the
head; standing, the feet stay under it. The body turns only when the head has
turned well away, as a body does. With tracked controllers the hands are where
they are (arms reach them with a two-bone solve); without, they rest on the
thighs or hang at the sides. Never a mirror: only what one sees of oneself.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

import numpy as np
from panda3d.core import (
    GeomNode,
    GeomVertexFormat,
    LQuaternionf,
    NodePath,
    Point3,
    Shader,
    Vec3,
)

from ..mesh import Mesh, make_geom

TURN_AFTER = math.radians(35.0)
"""How far the head turns before the body follows."""
ARM_UPPER, ARM_FORE = 0.29, 0.27


BodyMeshes = dict[str, tuple[bytes, bytes, int]]


class BodySpec(Protocol):
    """What the body is made from: the seat's pose and eye height and the colours (a scene's ParticipantSpec)."""

    @property
    def pose(self) -> str: ...
    @property
    def eye_height(self) -> float: ...
    @property
    def clothes(self) -> tuple[float, float, float]: ...
    @property
    def trousers(self) -> tuple[float, float, float]: ...
    @property
    def skin(self) -> tuple[float, float, float]: ...


class Hands(Protocol):
    """Where the tracked hands are, in the rig's space (the stage's ``TrackedHands``)."""

    @property
    def wanted(self) -> bool: ...
    @property
    def valid(self) -> Sequence[bool]: ...
    @property
    def pos(self) -> Sequence[tuple[float, float, float]]: ...
    @property
    def quat(self) -> Sequence[tuple[float, float, float, float]]: ...


def _pack(mesh: Mesh) -> tuple[bytes, bytes, int]:
    pos, nrm, _col, _e, _c, tris = mesh.arrays()
    return (np.concatenate([pos, nrm], axis=1).astype(np.float32).tobytes(), tris.astype(np.uint32).tobytes(),
            len(pos))


def body_meshes(spec: BodySpec) -> BodyMeshes:
    """The body's parts as packed vertex (position, normal) and index bytes: numpy only (the scene process)."""
    seated = spec.pose == "seated"
    k = _scale(spec)
    return {"hips": _pack(_hips_mesh(k, seated)), "torso": _pack(_torso_mesh(k)),
            "upper": _pack(_limb(0.047 * k, 0.043 * k)), "fore": _pack(_limb(0.041 * k, 0.035 * k)),
            "hand": _pack(_hand_mesh(k))}


def _scale(spec: BodySpec) -> float:
    return float((spec.eye_height - 0.45) / 0.75 if spec.pose == "seated" else spec.eye_height / 1.6)


def _node(name: str, packed: tuple[bytes, bytes, int]) -> GeomNode:
    verts, idx, rows = packed
    geom = make_geom(name, GeomVertexFormat.getV3n3(), verts, idx, rows, wide=True)
    node = GeomNode(name)
    node.addGeom(geom)
    return node


def _hips_mesh(k: float, seated: bool) -> Mesh:
    m = Mesh()
    w = (1, 1, 1)
    m.sphere((0, 0, 0), 0.17 * k, w, 6, 14, squash=(1.0, 0.7, 0.55))
    for sx in (-1, 1):
        x = sx * 0.095 * k
        if seated:  # thighs forward along the seat, shins down to the floor
            m.cylinder((x, 0.0, 0.0), 0.08 * k, 0.44 * k, w, 12, 0.065 * k, axis="y")
            m.cylinder((x, 0.44 * k, -0.47), 0.058 * k, 0.47, w, 10, 0.066 * k)
            m.box((x, 0.5 * k, -0.5), (0.1 * k, 0.25 * k, 0.07), w)
        else:
            hip = 0.92 * k
            m.cylinder((x, 0, -hip + 0.07), 0.058 * k, hip - 0.07, w, 12, 0.084 * k)
            m.box((x, 0.05 * k, -hip + 0.035), (0.1 * k, 0.25 * k, 0.07), w)
    return m


def _torso_mesh(k: float) -> Mesh:
    """Along +Y from the hips (origin) to the shoulders (y = 1, scaled per frame)."""
    m = Mesh()
    m.cylinder((0, 0, 0), 0.16 * k, 1.0, (1, 1, 1), 16, 0.185 * k, axis="y")
    for arr in m._pos:
        arr *= (1.0, 1.0, 0.62)
    m.sphere((0, 1.0, 0), 0.185 * k, (1, 1, 1), 6, 14, squash=(1.0, 0.3, 0.55))
    return m


def _limb(r0: float, r1: float) -> Mesh:
    m = Mesh()
    m.cylinder((0, 0, 0), r0, 1.0, (1, 1, 1), 10, r1, axis="y")
    m.sphere((0, 0, 0), r0, (1, 1, 1), 4, 10)
    return m


def _hand_mesh(k: float) -> Mesh:
    m = Mesh()
    m.sphere((0, 0.03 * k, 0), 0.052 * k, (1, 1, 1), 5, 10, squash=(0.85, 1.3, 0.5))
    m.sphere((0, 0.11 * k, 0.0), 0.038 * k, (1, 1, 1), 4, 8, squash=(0.95, 1.25, 0.55))
    m.sphere((0.045 * k, 0.045 * k, 0.01), 0.021 * k, (1, 1, 1), 3, 6, squash=(1.0, 1.7, 0.8))
    return m


class ParticipantBody:
    """The body under ``parent`` (the rig).

    Args:
        spec: the scene's :class:`~experience.scene.ParticipantSpec` (pose, eye height, colours).
        floor: the floor's height in the rig's space (minus the eye height when tracking starts at the eyes).
        shader: the model shader (lit by a soft sky and a key light).
    """

    def __init__(self, parent: NodePath, spec: BodySpec, floor: float, shader: Shader | None = None,
                 meshes: BodyMeshes | None = None) -> None:
        self.spec = spec
        self.seated = spec.pose == "seated"
        self.k = _scale(spec)
        meshes = meshes or body_meshes(spec)
        self.floor = floor
        self.root = parent.attachNewNode("participant-body")
        self.root.setTwoSided(True)
        if shader is not None:
            self.root.setShader(shader, 10)
        self.root.setShaderInput("exposure", 1.0)
        self.yaw = 0.0
        self.hips = self._part("hips", meshes["hips"], spec.trousers)
        self.torso = self._part("torso", meshes["torso"], spec.clothes)
        self.upper = [self._part(f"upper{i}", meshes["upper"], spec.clothes) for i in (0, 1)]
        self.fore = [self._part(f"fore{i}", meshes["fore"], spec.clothes) for i in (0, 1)]
        self.hands = [self._part(f"hand{i}", meshes["hand"], spec.skin) for i in (0, 1)]
        self.hand_pos = [Point3(), Point3()]

    # -- meshes ------------------------------------------------------------------
    def _part(self, name: str, packed: tuple[bytes, bytes, int], color: tuple[float, float, float]) -> NodePath:
        np_ = self.root.attachNewNode(_node(name, packed))
        np_.setColorScale(color[0], color[1], color[2], 1.0)
        return np_

    # -- per frame -------------------------------------------------------------------
    def update(self, dt: float, head: NodePath, tracked: Hands | None) -> None:
        """Follow the head (rig-relative) and the tracked hands (``stage.hands``)."""
        k, _root = self.k, self.root
        hp = head.getPos()
        head_yaw = math.radians(head.getH())
        d = (head_yaw - self.yaw + math.pi) % (2 * math.pi) - math.pi
        if abs(d) > TURN_AFTER:
            step = min(abs(d) - TURN_AFTER * 0.3, math.radians(120) * dt)
            self.yaw += math.copysign(step, d)
        fx, fy = -math.sin(self.yaw), math.cos(self.yaw)
        rx, ry = fy, -fx
        seat_z = self.floor + 0.47 + 0.07 * k  # the thighs rest on the seat
        if self.seated:
            hips = Point3(-fx * 0.06, -fy * 0.06, seat_z)
        else:
            hips = Point3(hp.x - fx * 0.06, hp.y - fy * 0.06, self.floor + 0.92 * k)
        self.hips.setPos(hips)
        self.hips.setH(math.degrees(self.yaw))
        # The neck under the head, a little behind the eyes; the torso from the hips to there.
        neck = Point3(hp.x - fx * 0.09 * k, hp.y - fy * 0.09 * k, hp.z - 0.2 * k)
        self.torso.setPos(hips)
        self.torso.lookAt(neck, Vec3(0, 0, 1))
        span = (neck - hips).length()
        self.torso.setScale(1.0, max(span - 0.02, 0.1), 1.0)
        for i, side in enumerate((-1.0, 1.0)):
            shoulder = Point3(neck.x + rx * side * 0.18 * k, neck.y + ry * side * 0.18 * k, neck.z - 0.03 * k)
            if tracked is not None and tracked.wanted and tracked.valid[i]:
                px, py, pz = tracked.pos[i]
                target = Point3(px, py, pz)
                self.hands[i].setPos(target)
                self.hands[i].setQuat(LQuaternionf(*tracked.quat[i]))
            else:
                if self.seated:  # resting on the thighs
                    target = Point3(hips.x + fx * 0.32 * k + rx * side * 0.12 * k,
                                    hips.y + fy * 0.32 * k + ry * side * 0.12 * k, seat_z + 0.11 * k)
                else:  # hanging at the sides
                    target = Point3(shoulder.x + rx * side * 0.04, shoulder.y + ry * side * 0.04,
                                    shoulder.z - (ARM_UPPER + ARM_FORE) * k * 0.97)
                self.hands[i].setPos(target)
                self.hands[i].setHpr(math.degrees(self.yaw), -60.0 if self.seated else -90.0, 0.0)
            self.hand_pos[i] = target
            self._arm(i, shoulder, target, side, fx, fy)

    def _arm(self, i: int, s: Point3, t: Point3, side: float, fx: float, fy: float) -> None:
        """Two-bone reach from shoulder ``s`` to the wrist at ``t``; the elbow drops down and out."""
        a, b = ARM_UPPER * self.k, ARM_FORE * self.k
        v = t - s
        dist = max(1e-4, min(v.length(), a + b - 1e-3))
        u = v / max(v.length(), 1e-6)
        pole = Vec3(side * fy * 0.5 - fx * 0.2, -side * fx * 0.5 - fy * 0.2, -1.0)
        pole -= u * pole.dot(u)
        if pole.length() < 1e-5:
            pole = Vec3(0, 0, -1)
        pole.normalize()
        cos_a = (a * a + dist * dist - b * b) / (2 * a * dist)
        sin_a = math.sqrt(max(0.0, 1 - cos_a * cos_a))
        elbow = s + u * (a * cos_a) + pole * (a * sin_a)
        wrist = s + u * dist
        up, fore = self.upper[i], self.fore[i]
        up.setPos(s)
        up.lookAt(elbow, Vec3(0, 0, 1))
        up.setScale(1.0, a, 1.0)
        fore.setPos(elbow)
        fore.lookAt(wrist, Vec3(0, 0, 1))
        fore.setScale(1.0, (wrist - elbow).length(), 1.0)

    def show(self, on: bool) -> None:
        if on:
            self.root.show()
        else:
            self.root.hide()

    def destroy(self) -> None:
        self.root.removeNode()
