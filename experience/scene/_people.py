"""People: stylised low-poly figures with idle motion and a gaze.

A figure is two flattened meshes (body, head) under a root, so it costs two
draw calls; the head turns towards its gaze target within a natural range,
the body breathes, shifts its weight or nods while talking.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from panda3d.core import NodePath, Point3

from ._bake import Footprint
from ._mesh import Mesh
from ._spec import PersonSpec

NECK_TURN = 70.0  # degrees the head may turn from the body


def _limbs(m: Mesh, spec: PersonSpec, k: float) -> None:
    seated = spec.pose == "seated"
    hip = 0.47 if seated else 0.92 * k
    # Legs.
    for sx in (-1, 1):
        x = sx * 0.095 * k
        if seated:
            m.cylinder((x, 0.02, hip), 0.075 * k, 0.42 * k, spec.trousers, 9, 0.065 * k, axis="y")
            m.cylinder((x, 0.44 * k, 0.06), 0.06 * k, hip - 0.06, spec.trousers, 9, 0.065 * k)
            m.box((x, 0.49 * k, 0.035), (0.1 * k, 0.24 * k, 0.07), (0.16, 0.14, 0.13))
        else:
            m.cylinder((x, 0, 0.07), 0.058 * k, hip - 0.05, spec.trousers, 9, 0.082 * k)
            m.box((x, 0.04 * k, 0.035), (0.1 * k, 0.25 * k, 0.07), (0.16, 0.14, 0.13))
    # Torso: a tapered, flattened cylinder; shoulders; arms hanging or resting.
    torso = Mesh()
    torso.cylinder((0, 0, 0), 0.17 * k, 0.52 * k, spec.clothes, 12, 0.21 * k)
    m.merge(torso, (0, 0, hip - 0.04 * k), 0.0, (1.0, 0.62, 1.0))
    m.sphere((0, 0, hip + 0.48 * k), 0.2 * k, spec.clothes, 5, 12, squash=(1.05, 0.62, 0.45))
    sh = hip + 0.46 * k
    for sx in (-1, 1):
        x = sx * 0.215 * k
        if seated:
            m.cylinder((x, 0, sh - 0.28 * k), 0.045 * k, 0.28 * k, spec.clothes, 8, 0.055 * k)
            m.cylinder((x * 0.9, 0.0, sh - 0.3 * k), 0.04 * k, 0.28 * k, spec.clothes, 8, 0.045 * k, axis="y")
            m.sphere((x * 0.85, 0.3 * k, sh - 0.3 * k), 0.045 * k, spec.skin, 4, 8)
        else:
            m.cylinder((x, 0, sh - 0.56 * k), 0.042 * k, 0.56 * k, spec.clothes, 8, 0.056 * k)
            m.sphere((x, 0, sh - 0.6 * k), 0.045 * k, spec.skin, 4, 8, squash=(0.8, 0.9, 1.2))
    m.cylinder((0, 0, sh), 0.05 * k, 0.08 * k, spec.skin, 8, caps=False)


def _head(m: Mesh, spec: PersonSpec, k: float) -> None:
    m.sphere((0, 0, 0.12 * k), 0.105 * k, spec.skin, 7, 12, squash=(0.92, 1.0, 1.15))
    m.sphere((0, -0.03 * k, 0.175 * k), 0.102 * k, spec.hair, 6, 12, squash=(1.04, 1.0, 0.88))
    m.sphere((0, 0.1 * k, 0.11 * k), 0.018 * k, spec.skin, 3, 6)  # nose: shows where they look


def person_meshes(spec: PersonSpec) -> tuple[Mesh, Mesh, float]:
    """Body and head meshes (local, facing +Y) and the neck height."""
    k = spec.height / 1.72
    body, head = Mesh(), Mesh()
    _limbs(body, spec, k)
    _head(head, spec, k)
    seated = spec.pose == "seated"
    neck = (0.47 if seated else 0.92 * k) + 0.52 * k
    return body, head, neck


def person_footprint(spec: PersonSpec) -> Footprint:
    return Footprint(spec.at[0], spec.at[1], 0.2, 0.2 if spec.pose == "standing" else 0.3, spec.heading, 0.35)


@dataclass
class Figure:
    """A placed, animated person."""

    spec: PersonSpec
    root: NodePath
    body: NodePath
    head: NodePath
    heading: float
    gaze: str
    idle: str
    phase: float
    turn_from: float = 0.0
    turn_to: float = 0.0
    turn_t: float = 1.0
    turn_over: float = 0.0
    head_h: float = 0.0
    head_p: float = 0.0

    def turn(self, heading: float, over: float) -> None:
        """Turn the whole body to ``heading`` (degrees) over ``over`` seconds."""
        self.turn_from = self.heading
        delta = (heading - self.heading + 180.0) % 360.0 - 180.0
        self.turn_to = self.heading + delta
        self.turn_over = max(over, 0.0)
        self.turn_t = 0.0 if over > 0 else 1.0
        if over <= 0:
            self.heading = self.turn_to

    def update(self, dt: float, t: float, target: Point3 | None) -> None:
        """Idle motion, body turn and head gaze for this frame (no allocation)."""
        if self.turn_t < 1.0:
            self.turn_t = min(1.0, self.turn_t + dt / self.turn_over)
            x = self.turn_t * self.turn_t * (3 - 2 * self.turn_t)
            self.heading = self.turn_from + (self.turn_to - self.turn_from) * x
        idle = self.idle
        sway = 0.0
        nod = 0.0
        if idle != "still":
            self.body.setSz(1.0 + 0.006 * math.sin(t * 1.45 + self.phase))
        if idle == "shift":
            sway = 1.2 * math.sin(t * 0.8 + self.phase)
        elif idle == "talk":
            nod = 2.5 * math.sin(t * 4.1 + self.phase) * (0.5 + 0.5 * math.sin(t * 0.9))
        self.root.setHpr(self.heading + 0.8 * math.sin(t * 0.31 + self.phase), 0.0, sway)
        want_h, want_p = 0.0, 0.0
        if target is not None:
            rel = self.head.getParent().getRelativePoint(self.root.getParent(), target)
            want_h = math.degrees(math.atan2(-rel.x, rel.y))
            want_p = math.degrees(math.atan2(rel.z - 0.12, math.hypot(rel.x, rel.y)))
            want_h = max(-NECK_TURN, min(NECK_TURN, want_h))
            want_p = max(-25.0, min(25.0, want_p))
        elif self.gaze == "away":
            want_h = 35.0 * math.sin(self.phase) + 6.0 * math.sin(t * 0.2 + self.phase)
            want_p = -8.0
        k = min(1.0, dt * 3.0)
        self.head_h += (want_h - self.head_h) * k
        self.head_p += (want_p - self.head_p) * k
        self.head.setHpr(self.head_h, self.head_p + nod, 0.0)
