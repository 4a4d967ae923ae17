"""The small motions that make people look alive, as arrays over everyone.

Blinks every 2 to 8 s (now and then a double blink), saccades, look-aways from
eye contact, glances at whoever starts speaking, listeners' nods, breathing,
weight shifts, and while someone speaks: the mouth, nods, brows and hand
gestures. :class:`Motion` updates all of it in place (no allocation per frame).
"""

from __future__ import annotations

import math

import numpy as np

IDLE = {"breathe": 0, "shift": 1, "talk": 2, "still": 3}
BLINK_CLOSE, BLINK_HOLD, BLINK_OPEN = 0.07, 0.04, 0.15
DOUBLE_BLINK = 0.1
"""Share of blinks followed by a second one 0.3 s later."""


class Motion:
    """Per-person timers and motion channels (all numpy arrays of length ``n``)."""

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        rng = np.random.default_rng(seed)
        self.rnd = rng.random(n)
        self.phase = rng.random(n) * 2 * math.pi
        self.idle = np.zeros(n, np.int8)
        self.lid = np.zeros(n)
        self.blink_t = np.full(n, 1e3)
        self.next_blink = rng.uniform(0.3, 4.0, n)
        self.blinks = np.zeros(n, np.int64)
        self.saccade = np.zeros((n, 2))
        self.next_sacc = rng.uniform(0.1, 1.0, n)
        self.away = np.zeros((n, 2))
        self.away_dir = np.zeros((n, 2))
        self.aside = np.stack([np.where(rng.random(n) < 0.5, -0.75, 0.75), np.full(n, -0.12)], axis=1)
        self.away_phase = np.zeros(n, bool)
        self.phase_left = rng.uniform(1.5, 4.5, n)
        self.rest = np.zeros((n, 2))
        self.glancing = np.zeros(n, bool)
        self.glance_point = np.zeros((n, 3))
        self.glance_left = np.zeros(n)
        self.glance_delay = np.zeros(n)
        self.mouth = np.zeros(n)
        self.round = np.zeros(n)
        self.level = np.zeros(n)  # the speaker's slow loudness, for nods and gestures
        self.nod = np.zeros(n)
        self.nod_t = np.full(n, 1e3)
        self.next_nod = rng.uniform(2.0, 6.0, n)
        self.tilt = np.zeros(n)
        self.brow = np.zeros(n)
        self.gesture = np.zeros((n, 2))
        self.breath = np.zeros(n)
        self.breath_rate = 2 * math.pi / rng.uniform(3.6, 4.8, n)
        self.sway = np.zeros(n)
        # Every slow oscillation at once: row k is sin(rate[k] * t + offset[k]) per person.
        two_pi = 2 * math.pi
        rates = [0.13, 0.21, None, 0.8, 0.27, two_pi * 1.6, 4.1, two_pi * 0.45, two_pi * 0.45]
        self._rate = np.stack([self.breath_rate if r is None else np.full(n, r) for r in rates])
        offs = [self.phase, 2 * self.phase, self.phase, self.phase, self.phase, self.phase, self.phase,
                self.phase, self.phase + math.pi]
        self._offs = np.stack(offs)
        self.osc = np.zeros_like(self._rate)
        self._s = [np.zeros(n) for _ in range(6)]
        self._m = [np.zeros(n, bool) for _ in range(4)]
        self._target = np.zeros(n)

    # -- the random source: a chaotic map per person, advanced in place -------
    def _advance(self, where: np.ndarray) -> None:
        r = self.rnd
        np.multiply(r, 7.31, out=r, where=where)
        np.add(r, 0.318, out=r, where=where)
        np.mod(r, 1.0, out=r, where=where)

    # -- events ------------------------------------------------------------------
    def reset_attention(self, i: int, mode: str) -> None:
        """A new gaze for person ``i``: eye contact starts now ('glance': after a while)."""
        glance = mode == "glance"
        self.away_phase[i] = glance
        self.phase_left[i] = (1.0 + 6.0 * self.rnd[i]) if glance else 3.0 + 2.0 * self.rnd[i]
        self.glancing[i] = False
        self.glance_left[i] = 0.0

    def someone_speaks(self, i: int, heads: np.ndarray, modes: np.ndarray | None = None) -> None:
        """Person ``i`` starts to speak: others glance at them (soon, for a moment)."""
        for j in range(self.n):
            if j == i:
                self.glance_left[j] = 0.0
                continue
            r = float(self.rnd[j])
            if r < 0.7:
                self.glance_point[j] = heads[i]
                self.glance_delay[j] = 0.15 + 0.45 * r
                self.glance_left[j] = 1.0 + 2.2 * ((r * 3.7) % 1.0)
        self._advance(np.ones(self.n, bool))

    # -- per frame -----------------------------------------------------------------
    def step(self, dt: float, t: float, mode: np.ndarray) -> None:
        """Blinks, saccades, look-aways, glances and idle motion (not speech)."""
        s, m = self._s, self._m
        # Blinks.
        self.blink_t += dt
        due = m[0]
        np.greater_equal(t, self.next_blink, out=due)
        if due.any():
            np.copyto(self.blink_t, 0.0, where=due)
            self.blinks += due
            np.less(self.rnd, DOUBLE_BLINK, out=m[1])
            np.logical_and(m[1], due, out=m[1])
            np.subtract(self.rnd, DOUBLE_BLINK, out=s[0])
            np.multiply(s[0], 6.0 / (1 - DOUBLE_BLINK), out=s[0])
            np.add(s[0], 2.0 + t, out=s[0])
            np.copyto(self.next_blink, s[0], where=due)
            np.copyto(self.next_blink, t + 0.3, where=m[1])
            self._advance(due)
        np.divide(self.blink_t, BLINK_CLOSE, out=s[0])
        np.subtract(BLINK_CLOSE + BLINK_HOLD + BLINK_OPEN, self.blink_t, out=s[1])
        np.divide(s[1], BLINK_OPEN, out=s[1])
        np.minimum(s[0], s[1], out=self.lid)
        np.maximum(self.lid, 0.0, out=self.lid)
        np.minimum(self.lid, 1.0, out=self.lid)
        # Saccades: small jumps of the eyes, smaller while holding eye contact.
        np.greater_equal(t, self.next_sacc, out=due)
        if due.any():
            np.subtract(self.rnd, 0.5, out=s[0])
            np.multiply(s[0], 0.05, out=s[0])
            np.copyto(self.saccade[:, 0], s[0], where=due)
            self._advance(due)
            np.multiply(self.rnd, -0.045, out=s[0])
            np.add(s[0], 0.01, out=s[0])
            np.copyto(self.saccade[:, 1], s[0], where=due)
            np.multiply(self.rnd, 1.3, out=s[0])
            np.add(s[0], 0.35 + t, out=s[0])
            np.copyto(self.next_sacc, s[0], where=due)
            self._advance(due)
        # Eye contact comes and goes: a few seconds on, a second or two away ('participant'), or the
        # other way round ('glance': strangers look for a moment, then elsewhere for a while).
        contact = m[2]
        np.equal(mode, 1, out=contact)
        np.equal(mode, 5, out=m[3])
        np.logical_or(contact, m[3], out=contact)
        self.phase_left -= dt
        np.less_equal(self.phase_left, 0.0, out=due)
        np.logical_and(due, contact, out=due)
        if due.any():
            np.logical_not(self.away_phase, out=m[1])
            np.copyto(self.away_phase, m[1], where=due)
            np.multiply(self.rnd, 3.8, out=s[0])
            np.add(s[0], 2.2, out=s[0])  # contact 2.2..6 s
            np.multiply(self.rnd, 1.3, out=s[1])
            np.add(s[1], 0.7, out=s[1])  # away 0.7..2 s
            np.copyto(s[0], s[1], where=self.away_phase)
            np.multiply(self.rnd, 0.9, out=s[2])
            np.add(s[2], 0.6, out=s[2])  # a glance: 0.6..1.5 s
            np.multiply(self.rnd, 7.0, out=s[3])
            np.add(s[3], 4.0, out=s[3])  # and 4..11 s elsewhere
            np.copyto(s[2], s[3], where=self.away_phase)
            np.copyto(s[0], s[2], where=m[3])
            np.copyto(self.phase_left, s[0], where=due)
            self._advance(due)
            np.subtract(self.rnd, 0.5, out=s[0])
            np.sign(s[0], out=s[1])
            np.multiply(s[1], 0.22, out=s[1])
            np.multiply(s[0], 0.5, out=s[0])
            np.add(s[0], s[1], out=s[0])  # 0.22..0.47 rad to either side
            np.copyto(self.away_dir[:, 0], s[0], where=due)
            self._advance(due)
            np.multiply(self.rnd, -0.3, out=s[0])
            np.add(s[0], 0.06, out=s[0])  # mostly downwards
            np.copyto(self.away_dir[:, 1], s[0], where=due)
            self._advance(due)
        self.away.fill(0.0)
        np.equal(mode, 1, out=contact)
        np.logical_and(self.away_phase, contact, out=m[1])
        np.copyto(self.away, self.away_dir, where=m[1][:, None])
        np.equal(mode, 3, out=m[1])
        np.copyto(self.away, self.aside, where=m[1][:, None])
        # Glances at a speaker: after a short delay, for a moment.
        self.glance_delay -= dt
        np.less_equal(self.glance_delay, 0.0, out=m[1])
        np.greater(self.glance_left, 0.0, out=self.glancing)
        np.logical_and(self.glancing, m[1], out=self.glancing)
        np.less_equal(mode, 1, out=m[3])  # only people who are not cued to look somewhere
        np.logical_and(self.glancing, m[3], out=self.glancing)
        np.subtract(self.glance_left, dt, out=self.glance_left, where=m[1])
        np.copyto(self.away, 0.0, where=self.glancing[:, None])
        # Slow oscillations: resting gaze, breathing, weight shift, head tilt (and speech, below).
        osc = self.osc
        np.multiply(self._rate, t, out=osc)
        np.add(osc, self._offs, out=osc)
        np.sin(osc, out=osc)
        np.multiply(osc[0], 0.22, out=self.rest[:, 0])
        np.multiply(osc[1], 0.05, out=self.rest[:, 1])
        self.rest[:, 1] -= 0.08
        np.equal(self.idle, 3, out=m[1])
        np.copyto(self.breath, osc[2])
        np.copyto(self.breath, 0.0, where=m[1])
        np.equal(self.idle, 1, out=m[1])
        np.multiply(osc[3], 0.02, out=self.sway)
        np.logical_not(m[1], out=m[1])
        np.copyto(self.sway, 0.0, where=m[1])
        np.multiply(osc[4], 0.035, out=self.tilt)

    def speech(self, dt: float, t: float, speaker: int, level: float, rounded: float,
               manner: tuple[float, float, float]) -> None:
        """The speaker's mouth, nods, brows and gestures; listeners' nods; idle talk."""
        s, m = self._s, self._m
        target = self._target
        target.fill(0.0)
        if speaker >= 0:
            target[speaker] = level
        k = min(1.0, dt * 30.0)
        np.subtract(target, self.mouth, out=s[0])
        np.multiply(s[0], k, out=s[0])
        np.add(self.mouth, s[0], out=self.mouth)
        if speaker >= 0:
            target[speaker] = rounded
        np.subtract(target, self.round, out=s[0])
        np.multiply(s[0], k, out=s[0])
        np.add(self.round, s[0], out=self.round)
        if speaker >= 0:
            target[speaker] = level
        k2 = min(1.0, dt * 2.5)
        np.subtract(target, self.level, out=s[0])
        np.multiply(s[0], k2, out=s[0])
        np.add(self.level, s[0], out=self.level)
        nod_gain, gesture_gain, brow_gain = manner
        # Nods: the speaker's follow their speech; listeners nod now and then; 'talk' idles nod softly.
        osc = self.osc
        np.multiply(osc[5], self.level, out=s[0])
        np.multiply(s[0], 0.07 * nod_gain, out=self.nod)
        self.nod_t += dt
        np.greater_equal(t, self.next_nod, out=m[0])
        if speaker >= 0:
            m[0][speaker] = False
        else:
            m[0].fill(False)
        if m[0].any():
            np.copyto(self.nod_t, 0.0, where=m[0])
            np.multiply(self.rnd, 5.0, out=s[1])
            np.add(s[1], 3.0 + t, out=s[1])
            np.copyto(self.next_nod, s[1], where=m[0])
            self._advance(m[0])
        np.multiply(self.nod_t, math.pi / 0.7, out=s[1])
        np.minimum(s[1], math.pi, out=s[1])
        np.sin(s[1], out=s[1])
        np.multiply(s[1], -0.08, out=s[1])
        np.add(self.nod, s[1], out=self.nod)
        np.equal(self.idle, 2, out=m[1])
        np.multiply(osc[6], 0.035 * (0.5 + 0.5 * math.sin(0.9 * t)), out=s[2])
        np.copyto(s[3], 0.0)
        np.copyto(s[3], s[2], where=m[1])
        np.add(self.nod, s[3], out=self.nod)
        # Brows rise on stressed syllables; hands move with the phrase.
        np.subtract(self.mouth, self.level, out=self.brow)
        np.maximum(self.brow, 0.0, out=self.brow)
        np.multiply(self.brow, 0.9 * brow_gain, out=self.brow)
        for side in (0, 1):
            np.maximum(osc[7 + side], 0.0, out=s[4])
            np.multiply(s[4], 0.65, out=s[4])
            np.add(s[4], 0.35, out=s[4])
            np.multiply(s[4], self.level, out=s[4])
            np.multiply(s[4], gesture_gain, out=s[4])
            g = self.gesture[:, side]
            np.subtract(s[4], g, out=s[5])
            np.multiply(s[5], min(1.0, dt * 3.0), out=s[5])
            np.add(g, s[5], out=g)
