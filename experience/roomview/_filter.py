"""The room view's calm camera: head rotation low-passed, roll removed.

A critically damped spring follows the head's yaw and pitch. Its step response
reaches about two thirds of a turn after :data:`SMOOTH_S` and settles without
overshoot, so a quick glance barely moves the room's picture and a real turn
arrives about half a second later. It is integrated in closed form, so any
``dt`` (display time from the frame clock, never wall time) gives the same
curve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SMOOTH_S = 0.5
"""Seconds for the room camera to cover about two thirds (1 - 1/e) of a sudden turn."""
OMEGA_PER_S = 2.146 / SMOOTH_S
"""The spring's natural frequency: a critically damped step is at 1 - 1/e when omega * t = 2.146."""
MAX_PITCH_DEG = 50.0
"""The room camera looks up or down at most this far (looking at the floor or ceiling is no picture)."""
CUT_DEG = 90.0
"""A jump of the head by more than this between two updates (the runtime recentred it) is followed at once."""


def wrap180(deg: float) -> float:
    """``deg`` folded into -180..180."""
    return (deg + 180.0) % 360.0 - 180.0


@dataclass
class _Axis:
    value: float = 0.0
    speed: float = 0.0

    def step(self, target: float, dt: float, omega: float) -> None:
        e = self.value - target
        k = self.speed + omega * e
        decay = math.exp(-omega * dt)
        self.value = target + (e + k * dt) * decay
        self.speed = (self.speed - omega * k * dt) * decay


class HeadingFilter:
    """Yaw and pitch of the room camera, following the head's.

    Args:
        smooth_s: the smoothing time (about :data:`SMOOTH_S`).
    """

    def __init__(self, smooth_s: float = SMOOTH_S) -> None:
        self.omega = 2.146 / max(1e-3, smooth_s)
        self._yaw = _Axis()
        self._pitch = _Axis()
        self._started = False
        self._last = (0.0, 0.0)

    @property
    def yaw(self) -> float:
        """Degrees, -180..180 (Panda3D heading: positive turns left)."""
        return wrap180(self._yaw.value)

    @property
    def pitch(self) -> float:
        return self._pitch.value

    def reset(self, yaw: float, pitch: float) -> None:
        """Jump to a pose (the first frame, a cut)."""
        self._yaw = _Axis(wrap180(yaw))
        self._pitch = _Axis(_clamp_pitch(pitch))
        self._last = (yaw, pitch)
        self._started = True

    def update(self, yaw: float, pitch: float, dt: float) -> None:
        """Follow the head's ``yaw`` and ``pitch`` (degrees) for ``dt`` seconds of display time."""
        if not self._started:
            self.reset(yaw, pitch)
            return
        last_yaw, last_pitch = self._last
        if max(abs(wrap180(yaw - last_yaw)), abs(pitch - last_pitch)) > CUT_DEG:
            self.reset(yaw, pitch)
            return
        self._last = (yaw, pitch)
        if dt <= 0:
            return
        # The target is unwrapped next to the current value, so a turn through 180 degrees is short.
        target = self._yaw.value + wrap180(yaw - self._yaw.value)
        self._yaw.step(target, dt, self.omega)
        self._pitch.step(_clamp_pitch(pitch), dt, self.omega)
        if abs(self._yaw.value) > 3600:  # keep the number small over a long session
            self._yaw.value = wrap180(self._yaw.value)


def _clamp_pitch(p: float) -> float:
    return max(-MAX_PITCH_DEG, min(MAX_PITCH_DEG, wrap180(p)))
