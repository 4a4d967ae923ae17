"""Mixing an offline soundtrack: clips on a timeline, rendered binaurally, ducked, mastered.

The rules (distances, who ducks, the master level) are the live engine's
(:mod:`._rules`); :func:`clip_signal` renders any one clip over any stretch of
the timeline, so the mix report can measure a line and the beds under it
exactly as they are in the mix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..media import SR
from . import _rules as rules
from ._binaural import centred, spatialise, spatialise_path
from ._mixer import MixerSettings

Vec3 = tuple[float, float, float]
BLOCK = 10 * SR
"""Frames mixed at a time: long beds never exist whole in memory."""
CONTROL_HZ = 100
LIMIT_AT = 0.68
"""Above this (-3.4 dBFS) a soft limiter rounds peaks off, never past :data:`LIMIT_TO` (rarely reached)."""
LIMIT_TO = 0.82
"""-1.7 dBFS: with what lies between samples, the true peak stays under -1 dBTP."""


@dataclass
class Clip:
    """One sound on the timeline.

    Attributes:
        pos: head coordinates (x right, y forward, z up); None: centred (the narrator).
        move_to: a gliding voice ends here (head coordinates).
        end: cut here (seconds), else it plays out (loops: until the end).
        ducked: a bed: it dips under speech (None: as the mix rules say for its bus and looping).
        line_id, speaker: for narration and voices.
    """

    start: float
    samples: np.ndarray  # mono
    bus: str
    pos: Vec3 | None = None
    end: float | None = None
    loop: bool = False
    volume: float = 1.0
    fade_in: float = 0.0
    fade_out: float = 0.08
    name: str = ""
    line_id: str = ""
    speaker: str = ""
    move_to: Vec3 | None = None
    ducked: bool | None = None
    _stereo: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.ducked is None:
            self.ducked = rules.ducks(self.bus, self.loop)

    def stereo(self) -> np.ndarray:
        """The clip heard from where it is (rendered once)."""
        if self._stereo is None:
            src = self.samples.astype(np.float32) * self.volume
            model = rules.distance_for(self.bus)
            if self.pos is None:
                self._stereo = centred(src)
            elif self.move_to is not None:
                self._stereo = spatialise_path(src, self.pos, self.move_to, SR, model)
            else:
                self._stereo = spatialise(src, self.pos, SR, model)
        return self._stereo

    def span(self, n: int) -> tuple[int, int]:
        """First and last+1 frame it sounds in, on a timeline of ``n`` frames."""
        a = int(self.start * SR)
        if self.end is not None:
            b = int(self.end * SR) + int(self.fade_out * SR)  # the fade-out plays past the cut
            if not self.loop:
                b = min(b, a + len(self.stereo()))
        else:
            b = n if self.loop else a + len(self.stereo())
        return max(0, a), min(n, b)


@dataclass
class Soundtrack:
    clips: list[Clip] = field(default_factory=list)
    length: float = 0.0

    @property
    def frames(self) -> int:
        return int(self.length * SR)


def duck_envelope(track: Soundtrack, settings: MixerSettings | None = None) -> np.ndarray:
    """The beds' gain at :data:`CONTROL_HZ`: down to ``duck_level`` while speech plays (as live)."""
    s = settings or MixerSettings()
    ctl = np.zeros(int(track.length * CONTROL_HZ) + 2, np.float32)
    for c in track.clips:
        if rules.is_speech(c.bus):
            end = c.end if c.end is not None else c.start + len(c.samples) / SR
            ctl[int(c.start * CONTROL_HZ) : int(end * CONTROL_HZ) + 1] = 1.0
    duck = np.ones_like(ctl)
    att = 1.0 / max(1.0, s.duck_attack * CONTROL_HZ)  # the live ramps' speed: full scale per attack time
    rel = 1.0 / max(1.0, s.duck_release * CONTROL_HZ)
    level = 1.0
    for i, on in enumerate(ctl):
        level = max(s.duck_level, level - att) if on else min(1.0, level + rel)
        duck[i] = level
    return duck


def clip_signal(c: Clip, a: int, b: int, duck: np.ndarray, n: int) -> np.ndarray:
    """What clip ``c`` contributes to frames ``a..b`` of an ``n``-frame mix: (b - a, 2) float32."""
    out = np.zeros((max(0, b - a), 2), np.float32)
    s0, s1 = c.span(n)
    lo, hi = max(a, s0), min(b, s1)
    if hi <= lo:
        return out
    stereo = c.stereo()
    if len(stereo) == 0:
        return out
    start = int(c.start * SR)
    idx = np.arange(lo - start, hi - start)
    y = stereo[idx % len(stereo)] if c.loop else stereo[idx]
    g = np.ones(hi - lo, np.float32)
    fin = int(c.fade_in * SR)
    if fin > 0:
        g *= np.clip(idx / fin, 0.0, 1.0).astype(np.float32)
    if c.end is not None:
        cut, fout = int(c.end * SR), max(1, int(c.fade_out * SR))
        g *= np.clip(1.0 - (np.arange(lo, hi) - cut) / fout, 0.0, 1.0).astype(np.float32)
    if c.ducked:
        g *= np.interp(np.arange(lo, hi) / SR * CONTROL_HZ, np.arange(len(duck)), duck).astype(np.float32)
    out[lo - a : hi - a] = y * g[:, None]
    return out


def master(block: np.ndarray) -> np.ndarray:
    """The master gain (:data:`~._rules.MASTER_DB`, as live) and a soft limiter, in place."""
    block *= rules.gain_of_db(rules.MASTER_DB)
    over = np.abs(block) > LIMIT_AT
    if over.any():
        v = block[over]
        room = LIMIT_TO - LIMIT_AT
        block[over] = np.sign(v) * (LIMIT_AT + room * np.tanh((np.abs(v) - LIMIT_AT) / room))
    return block


def mix(track: Soundtrack, settings: MixerSettings | None = None) -> np.ndarray:
    """Render the clips to (frames, 2) float32: spatialised, beds ducked under speech, mastered."""
    n = track.frames
    out = np.zeros((n, 2), np.float32)
    duck = duck_envelope(track, settings)
    for c in track.clips:
        s0, s1 = c.span(n)
        for b0 in range(s0, s1, BLOCK):
            b1 = min(s1, b0 + BLOCK)
            out[b0:b1] += clip_signal(c, b0, b1, duck, n)
    for b0 in range(0, n, BLOCK):
        master(out[b0 : b0 + BLOCK])
    return out
