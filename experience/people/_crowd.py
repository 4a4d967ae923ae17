"""The people of a scene, animated together: gaze, blinks, saccades, expressions, speech.

Every quantity is an array over all people, updated with numpy in place, and
the result is written straight into the shader's ``u_people`` array (five
vec4 a person, see shaders/person.vert). Nothing is allocated per frame: the
arrays, masks and scratch space are made once, random numbers come from a
per-person chaotic map updated in place, and events (a line starting, a cue)
are the only places Python loops over people.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ._look import EXPRESSIONS
from ._motion import Motion
from ._mouth import MouthTrack

SLOTS = 5
MAX_PEOPLE = 32
"""People one scene can animate (the shader's ``u_people`` array holds 32 x 5 vec4)."""
GAZE_MODES = {"none": 0, "participant": 1, "stare": 2, "away": 3, "target": 4, "glance": 5}
EXPRESSION_PARAMS = np.array([
    # brow raise, brow inner, smile, lid droop
    [0.0, 0.0, 0.06, 0.0],     # neutral
    [0.25, 0.0, 0.8, -0.05],   # warm
    [0.3, 0.9, -0.35, -0.35],  # worried
    [-0.35, 0.2, -0.15, 0.85],  # tired
], np.float64)
HEAD_SHARE = np.array([0.8, 0.65])
"""How much of the way to the target the head turns (yaw, pitch); the eyes turn the rest."""
HEAD_LIMIT = np.radians([70.0, 25.0])
EYE_LIMIT = np.array([0.5, 0.32])
"""How far the head (from the body) and the eyes (from the head) turn at most, radians."""
MANNERS = {"calm": (0.6, 0.45, 0.3), "hesitant": (0.35, 0.25, 0.15), "animated": (1.25, 1.0, 1.0)}
"""Per manner: nod, gesture and brow gains while speaking."""


@dataclass
class PeopleInput:
    """What the people need from the rest of the frame (one object, reused).

    Attributes:
        viewer: the participant's head in scene coordinates (tracked in XR, the camera on desktop).
        line_time: seconds into the line being spoken (the player's media position).
    """

    viewer: np.ndarray = field(default_factory=lambda: np.zeros(3))
    line_time: float = 0.0


class Crowd:
    """Animation state of every person in a scene.

    Args:
        positions: (N, 3) feet positions in scene coordinates.
        headings: degrees, per person.
        necks, eyes: neck height and eye height above the feet, per person.
        seed: makes the randomness repeatable (the same scene behaves the same way).
    """

    def __init__(self, positions: np.ndarray, headings: np.ndarray, necks: np.ndarray, eyes: np.ndarray,
                 seed: int = 1) -> None:
        n = len(positions)
        if n > MAX_PEOPLE:
            raise ValueError(f"at most {MAX_PEOPLE} people per scene")
        self.n = n
        self.t = 0.0
        self.pos = np.asarray(positions, np.float64).reshape(n, 3).copy()
        self.heading = np.asarray(headings, np.float64).copy()
        self.neck = np.asarray(necks, np.float64).copy()
        self.eye_z = np.asarray(eyes, np.float64).copy()
        self.out = np.zeros((MAX_PEOPLE * SLOTS, 4), np.float32)  # copied into the shader's array each frame
        self.motion = Motion(n, seed)
        self.mode = self.motion.mode  # one array, set through look()
        self._mode_masks = np.zeros((3, n), bool)  # mode 'target', 'none', 'glance' (they change with cues only)
        self.target = np.zeros((n, 3))
        self.rate = np.full(n, 3.0)  # how fast the head follows (1/s)
        self.head = np.zeros((n, 2))  # yaw, pitch (radians)
        self.eye: np.ndarray = np.zeros((n, 2))  # a view of the output array after _views()
        self.speaker = -1
        self.track: MouthTrack | None = None
        self.manner = MANNERS["calm"]
        # Expressions: weights blend from -> to over ``over`` seconds.
        self.w = np.zeros((n, len(EXPRESSIONS)))
        self.w[:, 0] = 1.0
        self.w_from = self.w.copy()
        self.w_to = self.w.copy()
        self.w_t = np.ones(n)
        self.w_over = np.ones(n)
        self.params = np.zeros((n, 4))
        self._blending = True
        self._s = [np.zeros(n) for _ in range(8)]
        self._rel = np.zeros((n, 3))
        self._mask = np.zeros(n, bool)
        self._mask2 = np.zeros(n, bool)
        self._eye_pos = self.head_points()
        # Into each person's frame, as one stacked product: (-x, y) = R @ (dx, dy), x to their right.
        self._turn = np.zeros((n, 2, 2))
        for i in range(n):
            self._set_turn(i)
        self._xy = np.zeros((n, 2, 1))
        self._want = np.zeros((n, 2))
        self._ht = np.zeros((n, 2))
        self._kcol = np.zeros((n, 1))
        self._rate_col = self.rate.reshape(n, 1)  # the same memory
        self._k_for = (-1.0, -1)  # (dt, rate revision) the follow rates were worked out for
        self._rate_rev = 0
        self._any_target = False
        self._o = self._views()

    # -- control (events and cues; Python per call is fine here) --------------
    def _views(self) -> np.ndarray:
        """``out`` as (N, 5, 4), holding the eyes, lids, mouth, lip rounding and gestures itself
        (the state is views of it), so a frame writes only what is derived: the head with its nod,
        the expression with the brows, breathing, sway and tilt."""
        o = self.out[: self.n * SLOTS].reshape(self.n, SLOTS, 4)
        o[:, 0, 3] = self.neck
        o[:, 1, 0:2] = self.eye
        self.eye = o[:, 1, 0:2]
        self.motion.write_into(o[:, 1, 2], o[:, 1, 3], o[:, 4, 0], o[:, 3, 2:4])
        return o

    def set_heading(self, i: int, degrees: float) -> None:
        self.heading[i] = degrees
        self._set_turn(i)

    def _set_turn(self, i: int) -> None:
        c, s = math.cos(math.radians(self.heading[i])), math.sin(math.radians(self.heading[i]))
        self._turn[i] = ((-c, -s), (-s, c))  # rows: -x (for the yaw), y

    def look(self, i: int, mode: str, target: tuple[float, float, float] | None = None, over: float = 0.0) -> None:
        """Where person ``i`` looks: ``participant`` (with natural look-aways), ``stare``, ``away``,
        ``glance`` (mostly elsewhere, now and then a short look), ``none`` or ``target`` (a point);
        ``over`` seconds to turn (0: the natural pace)."""
        code = GAZE_MODES[mode]
        if target is not None:
            self.target[i] = target
        self.rate[i] = 3.0 if over <= 0 else max(0.3, 2.2 / over)
        self._rate_rev += 1
        self.motion.reset_attention(i, mode, code)
        for row, c in enumerate((GAZE_MODES["target"], GAZE_MODES["none"], GAZE_MODES["glance"])):
            self._mode_masks[row, i] = code == c
        self._any_target = bool(self._mode_masks[0].any())

    def expression(self, i: int, name: str, over: float = 1.0) -> None:
        """Blend person ``i`` towards ``name`` (one of :data:`EXPRESSIONS`) over ``over`` seconds."""
        self.w_from[i] = self.w[i]
        self.w_to[i] = 0.0
        self.w_to[i, EXPRESSIONS.index(name)] = 1.0
        self.w_t[i] = 0.0
        self.w_over[i] = max(over, 1e-3)
        self._blending = True

    def speak(self, i: int, track: MouthTrack | None, manner: str = "calm") -> None:
        """Person ``i`` starts a line (``track`` may come later with :meth:`set_track`); -1: nobody."""
        self.speaker = i
        self.track = track
        self.manner = MANNERS.get(manner, MANNERS["calm"])
        if i >= 0:
            self.motion.someone_speaks(i, self.head_points())

    def set_track(self, i: int, track: MouthTrack) -> None:
        if self.speaker == i:
            self.track = track

    def stop(self, i: int | None = None) -> None:
        if i is None or self.speaker == i:
            self.speaker = -1
            self.track = None

    def head_points(self) -> np.ndarray:
        """(N, 3) eye positions in scene coordinates."""
        out = self.pos.copy()
        out[:, 2] += self.eye_z
        return out

    # -- per frame ---------------------------------------------------------------
    def update(self, dt: float, inp: PeopleInput) -> None:
        """Advance everyone by ``dt`` seconds (no allocation)."""
        if self.n == 0:
            return
        self.t += dt
        m = self.motion
        m.step(dt, self.t)
        self._gaze(dt, inp)
        if self._blending:
            self._expressions(dt)
        speak_open = speak_round = 0.0
        if self.speaker >= 0 and self.track is not None:
            speak_open, speak_round = self.track.at(inp.line_time)
        m.speech(dt, self.t, self.speaker, speak_open, speak_round, self.manner)
        self._write()

    def _gaze(self, dt: float, inp: PeopleInput) -> None:
        m, rel, s = self.motion, self._rel, self._s
        # Target point per person: the viewer, a cued point, or a glanced-at speaker.
        modes = self._mode_masks
        np.copyto(rel, inp.viewer)
        if self._any_target:
            np.copyto(rel, self.target, where=modes[0][:, None])
        if m.glances:
            np.copyto(rel, m.glance_point, where=m.glancing[:, None])
        np.subtract(rel, self._eye_pos, out=rel)
        # Into each person's own frame: -x (x to their right) and y (forward), one stacked product.
        xy = self._xy
        np.matmul(self._turn, rel[:, :2, None], out=xy)
        nx, y = xy[:, 0, 0], xy[:, 1, 0]
        want = self._want
        np.arctan2(nx, y, out=want[:, 0])
        np.hypot(nx, y, out=s[4])
        np.arctan2(rel[:, 2], s[4], out=want[:, 1])
        # Nobody looks at what is behind them: a target out of reach is let go of. 'none' rests its
        # gaze ahead; 'glance' does too, between short looks at the participant.
        np.abs(want[:, 0], out=s[5])
        np.greater(s[5], math.radians(115), out=self._mask2)
        np.logical_or(self._mask2, modes[1], out=self._mask2)
        np.logical_and(modes[2], m.away_phase, out=self._mask)
        np.logical_or(self._mask2, self._mask, out=self._mask2)
        np.add(want, m.away, out=want)  # look-aways, 'away' mode and the idle drift
        np.copyto(want, m.rest, where=self._mask2[:, None])
        # The head turns part of the way, the eyes the rest (and lead it).
        head, ht, k = self.head, self._ht, self._kcol
        np.multiply(want, HEAD_SHARE, out=ht)
        np.minimum(ht, HEAD_LIMIT, out=ht)
        np.maximum(ht, -HEAD_LIMIT, out=ht)
        if self._k_for != (dt, self._rate_rev):  # the same every frame at a steady rate
            self._k_for = (dt, self._rate_rev)
            np.multiply(self._rate_col, dt, out=k)
            np.minimum(k, 1.0, out=k)
        np.subtract(ht, head, out=ht)
        np.multiply(ht, k, out=ht)
        np.add(head, ht, out=head)
        eye, ew = self.eye, self._want
        np.subtract(want, head, out=ew)
        np.add(ew, m.saccade, out=ew)
        np.minimum(ew, EYE_LIMIT, out=ew)
        np.maximum(ew, -EYE_LIMIT, out=ew)
        np.subtract(ew, eye, out=ew)
        np.multiply(ew, min(1.0, dt * 22.0), out=ew)
        np.add(eye, ew, out=eye)

    def _expressions(self, dt: float) -> None:
        s = self._s
        np.divide(dt, self.w_over, out=s[1])
        np.add(self.w_t, s[1], out=self.w_t)
        np.minimum(self.w_t, 1.0, out=self.w_t)
        x = s[2]
        np.multiply(self.w_t, self.w_t, out=x)
        np.multiply(self.w_t, -2.0, out=s[3])
        np.add(s[3], 3.0, out=s[3])
        np.multiply(x, s[3], out=x)  # smoothstep: no snapping
        np.subtract(self.w_to, self.w_from, out=self.w)
        np.multiply(self.w, x[:, None], out=self.w)
        np.add(self.w, self.w_from, out=self.w)
        np.matmul(self.w, EXPRESSION_PARAMS, out=self.params)
        self._blending = bool(self.w_t.min() < 1.0)

    def _write(self) -> None:
        """What the shader array does not already hold: head with nod, expression with brows, idle."""
        o, m = self._o, self.motion
        np.add(self.head, m.nod_col, out=o[:, 0, 0:2])
        o[:, 0, 2] = m.tilt
        np.add(self.params, m.brow_col, out=o[:, 2, :])
        o[:, 3, 0:2] = m.idle_pair
