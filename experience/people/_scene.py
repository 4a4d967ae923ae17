"""The people of one built scene: their shared animation, body turns, cues and who is speaking.

The narrow interface between a scene and its people: the scene instance
calls :meth:`ScenePeople.update` once a frame with the participant's head and
the media position of the line being spoken; the scene presenter passes on
``look``/``expression`` cues and the lines that start and end.

In a running experience the animation step runs one frame ahead on an
:class:`~._ahead.AheadThread` while the frame thread draws (:meth:`ScenePeople.run_ahead`,
:meth:`ScenePeople.kick`); tools and tests step it in the frame, as before.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ._crowd import MAX_PEOPLE, SLOTS, Crowd, PeopleInput
from ._motion import IDLE
from ._mouth import MouthTrack

if TYPE_CHECKING:
    from panda3d.core import NodePath, PTA_LVecBase4f

    from ..scene import PersonSpec
    from ._ahead import AheadThread
    from ._humanoid import Humanoid

Vec3 = tuple[float, float, float]
MAX_CATCH_UP = 0.25
"""Seconds one step ahead may advance at most: frames not drawn (a headset taken off) do not pile up."""
VOICE_REACH = 0.6
"""An anchor this close (metres, sideways) to a person's head is that person's voice."""


class ScenePeople:
    """Everyone in one scene.

    Args:
        specs: the scene's person entries (:class:`~experience.scene.PersonSpec`).
        eyes: per person, (neck height, eye height) above their feet.
        anchors: the scene's named points (``SceneSpec.anchors``).
        seed: repeatable randomness per scene.
    """

    def __init__(self, specs: Sequence[PersonSpec], eyes: Sequence[tuple[float, float]], anchors: dict[str, Vec3],
                 seed: int = 1) -> None:
        n = len(specs)
        self.specs = list(specs)
        self.ids = [s.id for s in specs]
        self.anchors = dict(anchors)
        pos = np.array([s.at for s in specs], np.float64).reshape(n, 3)
        self.crowd = Crowd(pos, np.array([s.heading for s in specs], np.float64),
                           np.array([e[0] for e in eyes], np.float64), np.array([e[1] for e in eyes], np.float64),
                           seed)
        self.input = PeopleInput()
        self.roots: list[NodePath | None] = [None] * n
        self.gaze = ["none"] * n
        self.turning: list[int] = []
        self._turn = np.zeros((n, 4))  # from, to, t, over
        self.drivers: list[Humanoid] = []  # glTF humanoids, posed from the crowd's output
        self.voices = self._voice_map()
        self.speaking = -1
        self.uniforms: PTA_LVecBase4f | None = None
        self._shader_out: np.ndarray | None = None  # the shader array's memory, (n * SLOTS, 4)
        self.ahead: AheadThread | None = None
        self._due = 0.0  # seconds the next ahead step advances (frames not drawn add up)
        for i, s in enumerate(specs):
            self.look(i, s.gaze)
            self.set_idle(i, s.idle)
            if s.expression != "neutral":
                self.crowd.expression(i, s.expression, 0.0)

    # -- set-up -------------------------------------------------------------------
    def shader_array(self) -> PTA_LVecBase4f:
        """A ``PTA_LVecBase4f`` the people shader reads (``u_people``); the crowd writes into it."""
        from panda3d.core import PTA_LVecBase4f

        if self.uniforms is None:
            self.uniforms = PTA_LVecBase4f.emptyArray(MAX_PEOPLE * SLOTS)
            view = np.frombuffer(memoryview(self.uniforms).cast("B"), np.float32).reshape(MAX_PEOPLE * SLOTS, 4)
            self._shader_out = view[: self.crowd.n * SLOTS]
            self._publish()
        return self.uniforms

    def run_ahead(self, thread: AheadThread | None) -> None:
        """Step the animation one frame ahead on ``thread`` while the frame draws (None: in the frame)."""
        self.settle()
        self.ahead = thread
        self._due = 0.0

    def settle(self) -> None:
        """Wait for the step running ahead (before the animation's state is changed or read)."""
        if self.ahead is not None:
            self.ahead.wait()

    def _voice_map(self) -> dict[str, int]:
        """Anchor name -> the person who speaks from it: their id, their ``voice`` list, or a point at their head."""
        out: dict[str, int] = {}
        heads = self.crowd.head_points()
        for name, p in self.anchors.items():
            if name in self.ids:
                continue
            d = np.hypot(heads[:, 0] - p[0], heads[:, 1] - p[1]) if len(heads) else np.zeros(0)
            ok = (d < VOICE_REACH) & (p[2] > self.crowd.pos[:, 2] + 0.6) & (p[2] < heads[:, 2] + 0.5)
            if ok.any():
                out[name] = int(np.argmin(np.where(ok, d, np.inf)))
        for i, s in enumerate(self.specs):
            out[s.id] = i
            for v in s.voice:
                out[v] = i
        return out

    # -- cues -----------------------------------------------------------------------
    def index(self, name: str) -> int:
        return self.ids.index(name) if name in self.ids else -1

    def look(self, i: int, value: str, over: float = 0.0) -> None:
        """``participant``, ``stare``, ``glance``, ``away``, ``none`` or a name in the scene (a person: their eyes)."""
        self.settle()
        self.gaze[i] = value
        if value in ("participant", "stare", "glance", "away", "none"):
            self.crowd.look(i, value, over=over)
            return
        j = self.index(value)
        if j >= 0:
            x, y, z = self.crowd.pos[j]
            target: Vec3 = (float(x), float(y), float(z + self.crowd.eye_z[j]))
        elif value in self.anchors:
            target = self.anchors[value]
        else:
            self.crowd.look(i, "none", over=over)
            return
        self.crowd.look(i, "target", target, over=over)

    def set_idle(self, i: int, idle: str) -> None:
        self.settle()
        self.crowd.motion.set_idle(i, IDLE.get(idle, 0))

    def idle_of(self, i: int) -> str:
        code = int(self.crowd.motion.idle[i])
        return next(k for k, v in IDLE.items() if v == code)

    def expression(self, i: int, name: str, over: float = 1.0) -> None:
        self.settle()
        self.crowd.expression(i, name, over)

    def turn(self, i: int, heading: float, over: float) -> None:
        """Turn person ``i``'s body to ``heading`` degrees over ``over`` seconds."""
        self.settle()
        cur = float(self.crowd.heading[i])
        delta = (heading - cur + 180.0) % 360.0 - 180.0
        self._turn[i] = (cur, cur + delta, 0.0, max(over, 0.0))
        if over <= 0:
            self._set_heading(i, cur + delta)
            return
        if i not in self.turning:
            self.turning.append(i)

    def _set_heading(self, i: int, h: float) -> None:
        self.crowd.set_heading(i, h)
        root = self.roots[i]
        if root is not None:
            root.setH(h)

    # -- lines ------------------------------------------------------------------------
    def speaker_for(self, anchor: str | None) -> int:
        """The person a line with this ``anchor`` comes from, or -1."""
        return self.voices.get(anchor, -1) if anchor else -1

    def line_started(self, i: int, manner: str = "calm") -> None:
        self.settle()
        self.speaking = i
        self.crowd.speak(i, None, manner)

    def set_track(self, i: int, track: MouthTrack) -> None:
        self.settle()
        self.crowd.set_track(i, track)

    def line_ended(self) -> None:
        self.settle()
        self.crowd.stop()
        self.speaking = -1

    # -- per frame -----------------------------------------------------------------------
    def update(self, dt: float, viewer: Sequence[float], line_time: float) -> None:
        """Animate everyone for this frame; ``viewer`` is the participant's head in scene coordinates.

        Running ahead, this shows the step made while the last frame drew and readies the next one
        (started by :meth:`kick`, from this frame's viewer, ``dt`` on): the people are drawn
        as of this frame's time, their gaze aimed where the head was a frame ago.
        """
        inp = self.input
        ahead = self.ahead
        if ahead is not None:
            ahead.wait()
            self._publish()
        v = inp.viewer
        v[0], v[1], v[2] = viewer[0], viewer[1], viewer[2]
        if self.turning:
            self._turns(dt)
        if ahead is None:
            inp.line_time = line_time
            self.crowd.update(dt, inp)
            self._publish()
        else:
            inp.line_time = line_time + dt
            self._due = min(self._due + dt, MAX_CATCH_UP)

    def kick(self) -> None:
        """Start the step readied by :meth:`update` on the ahead thread (the frame thread is about to draw)."""
        ahead = self.ahead
        if ahead is None or self._due <= 0.0 or ahead.busy:
            return
        ahead.start(self._step)

    def _step(self) -> None:
        """On the ahead thread: numpy only, nothing of Panda3D."""
        due, self._due = self._due, 0.0
        self.crowd.update(due, self.input)

    def _publish(self) -> None:
        """The crowd's output into the shader array, and the glTF humanoids posed from it (frame thread)."""
        out = self._shader_out
        if out is not None:
            np.copyto(out, self.crowd.out[: len(out)])
        if self.drivers:
            rows = self.crowd.out[: self.crowd.n * SLOTS].tolist()  # plain floats, once for every humanoid
            for d in self.drivers:
                d.pose(rows)

    def _turns(self, dt: float) -> None:
        for i in list(self.turning):
            a, b, t, over = self._turn[i]
            t = min(1.0, t + dt / over)
            self._turn[i, 2] = t
            self._set_heading(i, a + (b - a) * t * t * (3 - 2 * t))
            if t >= 1.0:
                self.turning.remove(i)

    def heading_to(self, i: int, x: float, y: float) -> float:
        """The heading (degrees) that faces person ``i`` towards (x, y)."""
        px, py = self.crowd.pos[i, 0], self.crowd.pos[i, 1]
        return math.degrees(math.atan2(-(x - px), y - py))
