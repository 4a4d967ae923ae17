"""A built scene: its nodes, people, animated lights and per-frame motion."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from panda3d.core import NodePath

from ._effects import FLASH_LIMIT, ease
from ._people import Figure

if TYPE_CHECKING:
    from ..people import ParticipantBody
    from ..people._scene import ScenePeople
from ._spec import SceneSpec


@dataclass
class LightChannel:
    """An animatable light: level ramps plus a flicker or breathing animation.

    ``level`` 1 is the baked brightness; the scene shader gets ``level - 1``.
    Flicker is a sequence of short smooth dips at most :data:`FLASH_LIMIT` a
    second, so a cue can never make a light flash faster than that.
    """

    index: int
    id: str
    color: tuple[float, float, float]
    level: float = 1.0
    animation: str = "none"
    rate: float = 0.0
    depth: float = 0.0
    ramp_from: float = 1.0
    ramp_to: float = 1.0
    ramp_t: float = 1.0
    ramp_over: float = 0.0
    next_dip: float = 0.0
    dip_at: float = -10.0
    seed: int = 1

    def ramp(self, to: float, over: float) -> None:
        self.ramp_from, self.ramp_to = self.level, max(0.0, to)
        self.ramp_over = max(0.0, over)
        self.ramp_t = 0.0 if over > 0 else 1.0
        if over <= 0:
            self.level = self.ramp_to

    def animate(self, kind: str, rate: float, depth: float) -> None:
        self.animation = kind
        self.rate = min(max(rate, 0.0), FLASH_LIMIT)
        self.depth = min(max(depth, 0.0), 1.0)

    def value(self, dt: float, t: float) -> float:
        if self.ramp_t < 1.0:
            self.ramp_t = min(1.0, self.ramp_t + dt / self.ramp_over)
            self.level = self.ramp_from + (self.ramp_to - self.ramp_from) * ease(self.ramp_t)
        v = self.level
        if self.animation == "breathe" and self.rate > 0:
            v *= 1.0 - self.depth * 0.5 * (1.0 - math.cos(2 * math.pi * self.rate * t))
        elif self.animation == "flicker" and self.rate > 0:
            if t >= self.next_dip:
                self.dip_at = t
                self.seed = (self.seed * 1103515245 + 12345) & 0x7FFFFFFF
                jitter = 1.0 + 0.6 * ((self.seed % 1000) / 1000.0)
                self.next_dip = t + max(1.0 / FLASH_LIMIT, jitter / self.rate)
            x = (t - self.dip_at) / 0.14
            if 0.0 <= x <= 1.0:
                v *= 1.0 - self.depth * math.sin(math.pi * x) ** 2
        return v


@dataclass
class Participant:
    """Where the participant's seat is: feet position, heading and eye height."""

    position: tuple[float, float, float]
    heading: float
    eye_height: float
    pose: str


@dataclass
class SceneInstance:
    """A scene built under a parent node.

    Attributes:
        root: the scene's root (hidden until shown); the scene shader is set here.
        anchors: a node per name cues can refer to (anchors, people, lights, props, models).
        people: figures by id.
        cast: their shared animation (gaze, blinks, speech; :mod:`experience.people`).
        line_time: seconds into the line being spoken (the scene presenter sets it from the player).
        lights: animatable light channels by id.
        participant: the seat; the presenter moves the Stage's rig there.
        background: the clear colour that suits the scene.
    """

    spec: SceneSpec
    root: NodePath
    anchors: dict[str, NodePath] = field(default_factory=dict)
    people: dict[str, Figure] = field(default_factory=dict)
    cast: ScenePeople | None = None
    body: ParticipantBody | None = None  # the participant's own body, when the seat asks for it
    line_time: float = 0.0
    lights: dict[str, LightChannel] = field(default_factory=dict)
    participant: Participant = field(default_factory=lambda: Participant((0, 0, 0), 0, 1.2, "seated"))
    background: tuple[float, float, float] = (0.1, 0.1, 0.1)
    moving: NodePath | None = None
    loop: float = 0.0
    speed: float = 0.0
    orb: NodePath | None = None
    viewer: Callable[[], tuple[float, float, float]] | None = None
    """The participant's head in world (scene) space (the Stage's :meth:`head_in_world`)."""
    time: float = 0.0
    exposure: float = 1.0
    _k: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0, 0.0])

    @property
    def breath(self) -> float:
        """Breathing guide phase in 0..1 (0 = empty lungs, 1 = full); 0 without a guide."""
        b = self.spec.breathing
        if b is None:
            return 0.0
        period = 60.0 / b.rate
        ph = (self.time % period) / period
        if ph < b.inhale:
            return ease(ph / b.inhale)
        return 1.0 - ease((ph - b.inhale) / (1.0 - b.inhale))

    def show(self) -> None:
        self.root.show()

    def hide(self) -> None:
        self.root.hide()

    def set_exposure(self, value: float) -> None:
        self.exposure = value
        self.root.setShaderInput("exposure", value)

    def update(self, dt: float) -> None:
        """Idle motion, gaze, light animation, vehicle scenery and the breathing guide."""
        self.time += dt
        t = self.time
        if self.viewer is not None:
            eye = self.viewer()
        else:
            p = self.participant
            eye = (p.position[0], p.position[1], p.position[2] + p.eye_height)
        if self.cast is not None:
            self.cast.update(dt, eye, self.line_time)
        k = self._k
        changed = False
        breath = self.breath
        for ch in self.lights.values():
            v = ch.value(dt, t)
            if ch.id == "_breath":
                v = 0.35 + 0.65 * breath
            if abs(k[ch.index] - (v - 1.0)) > 1e-5:
                k[ch.index] = v - 1.0
                changed = True
        if changed:
            self.root.setShaderInput("light_k", (k[0], k[1], k[2], k[3]))
        if self.moving is not None and self.loop > 0 and self.speed > 0:
            self.moving.setY(-((t * self.speed) % self.loop))
        if self.orb is not None:
            self.orb.setScale(0.75 + 0.5 * breath)
